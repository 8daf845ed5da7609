package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/pion/rtp"
)

// bench feeds generated RTP packets (20 ms Opus frames of a typical speech size) through the
// recorder's own write path, as fast as the machine allows, and reports the CPU time and peak
// memory it took. With -baseline the same packets are appended raw to a file instead, one write
// per packet as the OGG writer does per page: the same input and I/O, without OGG paging, gap
// filling and journal sync points. The
// WebRTC receive path (SRTP, jitter, the SDK) is not included: it needs a live room.
func bench(args []string) int {
	flags := flag.NewFlagSet("bench", flag.ContinueOnError)
	streams := flags.Int("streams", 1, "streams recorded at once")
	seconds := flags.Int("seconds", 3*3600, "seconds of audio per stream")
	out := flags.String("out", "", "directory to write into")
	baseline := flags.Bool("baseline", false, "write the payloads raw instead of recording them")
	if err := flags.Parse(args); err != nil || *out == "" {
		return 2
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// A fake clock advancing 20 ms per packet: the journal's sync points are those of real time.
	clock := time.UnixMilli(1_700_000_000_000)
	now := func() time.Time { return clock }
	journal, err := openJournal(filepath.Join(*out, "journal-bench.jsonl"), now)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer journal.close()
	random := rand.New(rand.NewSource(1))
	payloads := make([][]byte, 64)
	for i := range payloads {
		payloads[i] = make([]byte, 60+random.Intn(60))
		random.Read(payloads[i])
		payloads[i][0] = 0xfc // CELT fullband 20 ms, stereo flag, one frame
	}

	started := time.Now()
	type sink struct {
		recorder *TrackRecorder
		file     *os.File
	}
	sinks := make([]sink, *streams)
	for i := range sinks {
		name := fmt.Sprintf("bench-%03d.ogg", i)
		if *baseline {
			file, err := os.Create(filepath.Join(*out, name+".raw"))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			sinks[i] = sink{file: file}
			continue
		}
		recorder, err := newTrackRecorder(journal, *out, name, nil, now)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		sinks[i] = sink{recorder: recorder}
	}
	packets := *seconds * 50
	var bytes int64
	for n := 0; n < packets; n++ {
		clock = clock.Add(20 * time.Millisecond)
		for i := range sinks {
			payload := payloads[(n+i)%len(payloads)]
			packet := &rtp.Packet{
				Header:  rtp.Header{Version: 2, PayloadType: 111, SequenceNumber: uint16(n), Timestamp: uint32(n * 960), SSRC: uint32(i + 1)},
				Payload: payload,
			}
			bytes += int64(len(payload))
			if *baseline {
				if _, err := sinks[i].file.Write(packet.Payload); err != nil {
					fmt.Fprintln(os.Stderr, err)
					return 1
				}
				continue
			}
			if err := sinks[i].recorder.Write(packet); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
	}
	for i := range sinks {
		if *baseline {
			_ = sinks[i].file.Close()
			continue
		}
		sinks[i].recorder.Close("stopped")
	}
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	cpu := time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	result := map[string]any{
		"streams":      *streams,
		"audioSeconds": *seconds,
		"packets":      packets * *streams,
		"payloadBytes": bytes,
		"wallMs":       time.Since(started).Milliseconds(),
		"cpuMs":        cpu.Milliseconds(),
		"maxRssKb":     usage.Maxrss,
		"baseline":     *baseline,
	}
	encoded, _ := json.Marshal(result)
	fmt.Println(string(encoded))
	return 0
}
