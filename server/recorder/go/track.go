package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4/pkg/media/oggwriter"
)

const (
	opusRate = 48000
	// One 20 ms Opus frame (CELT, fullband, mono) that decodes to silence: what fills a gap.
	silenceSamples = 960
	// A sync point about every second of audio.
	syncEverySamples = opusRate
	// A jump in RTP time longer than this is not filled (a broken sender, not a pause).
	maxFillSamples = 3600 * opusRate
)

var silenceFrame = []byte{0xf8, 0xff, 0xfe}

// TrackRecorder writes one track's RTP packets into an OGG/Opus file, unchanged, keeping the
// file's granule position on the sender's RTP clock: a gap in the packets (a muted or
// discontinuous sender, lost packets) becomes silence frames of the same length, and a packet
// older than what is already written (reordered, repeated) is dropped.
type TrackRecorder struct {
	journal  *Journal
	path     string
	name     string
	writer   *oggwriter.OggWriter
	started  bool
	nextTS   uint32 // RTP time the next packet should carry
	granule  uint64 // samples written so far
	lastSync uint64
	seq      uint16
	ssrc     uint32
	now      func() time.Time
	// First packet: wall clock and RTP time, written to the journal by the first packet.
	onFirst func(at time.Time, rtpTime uint32)
}

func newTrackRecorder(journal *Journal, dir, name string, output io.Writer, now func() time.Time) (*TrackRecorder, error) {
	recorder := &TrackRecorder{journal: journal, path: filepath.Join(dir, name), name: name, now: now}
	var err error
	if output != nil {
		recorder.writer, err = oggwriter.NewWith(output, opusRate, 2)
	} else {
		recorder.writer, err = oggwriter.New(recorder.path, opusRate, 2)
	}
	if err != nil {
		return nil, err
	}
	return recorder, nil
}

func samplesOf(payload []byte) uint32 {
	if len(payload) == 0 {
		return 0
	}
	toc := payload[0]
	var perFrame uint32
	switch {
	case toc&0x80 != 0:
		perFrame = (opusRate << ((toc >> 3) & 0x03)) / 400
	case toc&0x60 == 0x60:
		if toc&0x08 != 0 {
			perFrame = opusRate / 50
		} else {
			perFrame = opusRate / 100
		}
	default:
		size := (toc >> 3) & 0x03
		if size == 3 {
			perFrame = opusRate * 60 / 1000
		} else {
			perFrame = (opusRate << size) / 100
		}
	}
	frames := uint32(1)
	switch toc & 0x03 {
	case 1, 2:
		frames = 2
	case 3:
		if len(payload) < 2 {
			return 0
		}
		frames = uint32(payload[1] & 0x3f)
	}
	return perFrame * frames
}

// Write records one packet received now.
func (t *TrackRecorder) Write(packet *rtp.Packet) error {
	samples := samplesOf(packet.Payload)
	if samples == 0 {
		return nil
	}
	at := t.now()
	if !t.started {
		t.started = true
		t.nextTS = packet.Timestamp
		t.ssrc = packet.SSRC
		t.seq = packet.SequenceNumber
		if t.onFirst != nil {
			t.onFirst(at, packet.Timestamp)
		}
		t.journal.write(map[string]any{"type": "sync", "file": t.name, "at": millis(at), "granule": 0})
	}
	ahead := int32(packet.Timestamp - t.nextTS)
	if ahead < 0 {
		return nil
	}
	if ahead >= silenceSamples && ahead <= maxFillSamples {
		for filled := int32(0); filled+silenceSamples <= ahead; filled += silenceSamples {
			if err := t.writePayload(silenceFrame, packet.Timestamp); err != nil {
				return err
			}
		}
	}
	if t.granule-t.lastSync >= syncEverySamples {
		t.lastSync = t.granule
		t.journal.write(map[string]any{"type": "sync", "file": t.name, "at": millis(at), "granule": t.granule})
	}
	if err := t.writePayload(packet.Payload, packet.Timestamp); err != nil {
		return err
	}
	t.nextTS = packet.Timestamp + samples
	return nil
}

func (t *TrackRecorder) writePayload(payload []byte, timestamp uint32) error {
	t.seq++
	err := t.writer.WriteRTP(&rtp.Packet{
		Header:  rtp.Header{Version: 2, PayloadType: 111, SequenceNumber: t.seq, Timestamp: timestamp, SSRC: t.ssrc},
		Payload: payload,
	})
	if err == nil {
		t.granule += uint64(samplesOf(payload))
	}
	return err
}

// Close finishes the file, writes its SHA-256 beside it and journals the track's end.
func (t *TrackRecorder) Close(reason string) {
	if err := t.writer.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "closing %s: %v\n", t.name, err)
	}
	sum, err := fileSHA256(t.path)
	fields := map[string]any{"type": "trackEnd", "file": t.name, "at": millis(t.now()), "granule": t.granule, "reason": reason}
	if err == nil {
		fields["sha256"] = sum
		_ = os.WriteFile(t.path+".sha256", []byte(fmt.Sprintf("%s  %s\n", sum, t.name)), 0o644)
	}
	t.journal.write(fields)
}

func fileSHA256(path string) (string, error) {
	file, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer file.Close()
	hash := sha256.New()
	if _, err := io.Copy(hash, file); err != nil {
		return "", err
	}
	return hex.EncodeToString(hash.Sum(nil)), nil
}
