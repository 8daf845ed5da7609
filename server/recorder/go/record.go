package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// interpretationTrack is how an interpreter's booth channel is named (shared/protocol/media.ts:
// `interpretation.<language>`).
const interpretationTrack = "interpretation."

// floorTrack tells the tracks of the floor: what people say into the room's and the remote
// speakers' microphones. Not screen-share audio, and not an interpreter's channel, which
// carries the same speech in another language and is not the record of the meeting.
func floorTrack(kind lksdk.TrackKind, source livekit.TrackSource, name string) bool {
	return kind == lksdk.TrackKindAudio && source == livekit.TrackSource_MICROPHONE && !strings.HasPrefix(name, interpretationTrack)
}

// Exit codes the server reads: 0 stopped as asked, 3 the room connection was lost or is being
// resumed (the time until a new session is then a marked gap), 1 failed
// to connect or to write. The server restarts the recorder after 1 and 3 while the meeting is open.
func record(args []string) int {
	flags := flag.NewFlagSet("record", flag.ContinueOnError)
	url := flags.String("url", "", "LiveKit WebSocket URL")
	out := flags.String("out", "", "directory for the recordings and the journal")
	session := flags.String("session", "", "id of this recording session (unique per meeting)")
	watchStdin := flags.Bool("watch-stdin", false, "stop when standard input closes (the server that started it is gone)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	token := os.Getenv("OPENFLOOR_RECORDER_TOKEN")
	if *url == "" || *out == "" || *session == "" || token == "" {
		fmt.Fprintln(os.Stderr, "record needs -url, -out, -session and OPENFLOOR_RECORDER_TOKEN")
		return 2
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	journal, err := openJournal(filepath.Join(*out, fmt.Sprintf("journal-%s.jsonl", *session)), time.Now)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer journal.close()

	var mu sync.Mutex
	tracks := map[string]*TrackRecorder{}
	count := 0
	closeTrack := func(sid, reason string) {
		mu.Lock()
		track := tracks[sid]
		delete(tracks, sid)
		mu.Unlock()
		if track != nil {
			track.Close(reason)
		}
	}
	lost := make(chan string, 1)

	callback := &lksdk.RoomCallback{
		ParticipantCallback: lksdk.ParticipantCallback{
			// Subscribed to the floor's tracks only (tracks already in the room on joining come
			// here too): the interpreters' channels never reach this process.
			OnTrackPublished: func(publication *lksdk.RemoteTrackPublication, participant *lksdk.RemoteParticipant) {
				if !floorTrack(publication.Kind(), publication.Source(), publication.Name()) {
					return
				}
				if err := publication.SetSubscribed(true); err != nil {
					fmt.Fprintf(os.Stderr, "cannot subscribe to %s of %s: %v\n", publication.Name(), participant.Identity(), err)
				}
			},
			OnTrackSubscribed: func(remote *webrtc.TrackRemote, publication *lksdk.RemoteTrackPublication, participant *lksdk.RemoteParticipant) {
				if remote.Kind() != webrtc.RTPCodecTypeAudio {
					return
				}
				mu.Lock()
				count++
				name := fmt.Sprintf("%s-%03d-%s.ogg", *session, count, unsafeName.ReplaceAllString(participant.Identity(), "_"))
				mu.Unlock()
				recorder, err := newTrackRecorder(journal, *out, name, nil, time.Now)
				if err != nil {
					fmt.Fprintf(os.Stderr, "cannot record %s: %v\n", participant.Identity(), err)
					return
				}
				sid := publication.SID()
				recorder.onFirst = func(at time.Time, rtpTime uint32) {
					journal.write(map[string]any{
						"type": "track", "session": *session, "file": name, "identity": participant.Identity(),
						"trackSid": sid, "at": millis(at), "rtp": rtpTime,
					})
				}
				mu.Lock()
				tracks[sid] = recorder
				mu.Unlock()
				go func() {
					for {
						packet, _, err := remote.ReadRTP()
						if err != nil {
							closeTrack(sid, "ended")
							return
						}
						mu.Lock()
						current := tracks[sid]
						if current == recorder {
							if err := recorder.Write(packet); err != nil {
								fmt.Fprintf(os.Stderr, "writing %s: %v\n", name, err)
							}
						}
						mu.Unlock()
						if current != recorder {
							return
						}
					}
				}()
			},
			OnTrackUnsubscribed: func(_ *webrtc.TrackRemote, publication *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
				closeTrack(publication.SID(), "unpublished")
			},
		},
		OnDisconnectedWithReason: func(reason lksdk.DisconnectionReason) {
			select {
			case lost <- string(reason):
			default:
			}
		},
		// While the SDK tries to resume, nothing is recorded, yet this process would go on
		// journaling heartbeats and hide the gap. Leaving at once makes the server start a
		// new session with a fresh token, and the journals show the time in between.
		OnReconnecting: func() {
			select {
			case lost <- "reconnecting":
			default:
			}
		},
	}

	room, err := lksdk.ConnectToRoomWithToken(*url, token, callback, lksdk.WithAutoSubscribe(false), lksdk.WithConnectTimeout(20*time.Second))
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot join the room: %v\n", err)
		journal.write(map[string]any{"type": "end", "session": *session, "at": millis(time.Now()), "reason": "connect failed"})
		return 1
	}
	journal.write(map[string]any{"type": "session", "session": *session, "at": millis(time.Now())})

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	if *watchStdin {
		// The server holds our stdin: when it exits, even killed, the pipe closes and we stop
		// cleanly instead of recording a meeting nobody runs any more.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	alive := time.NewTicker(time.Second)
	defer alive.Stop()
	closeAll := func(reason string) {
		mu.Lock()
		sids := make([]string, 0, len(tracks))
		for sid := range tracks {
			sids = append(sids, sid)
		}
		mu.Unlock()
		for _, sid := range sids {
			closeTrack(sid, reason)
		}
	}
	for {
		select {
		case <-alive.C:
			journal.write(map[string]any{"type": "alive", "session": *session, "at": millis(time.Now())})
		case <-stop:
			closeAll("stopped")
			room.Disconnect()
			journal.write(map[string]any{"type": "end", "session": *session, "at": millis(time.Now()), "reason": "stopped"})
			return 0
		case reason := <-lost:
			closeAll("disconnected")
			journal.write(map[string]any{"type": "end", "session": *session, "at": millis(time.Now()), "reason": "disconnected: " + reason})
			return 3
		}
	}
}
