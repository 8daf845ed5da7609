// Command openfloor-recorder records the floor of one OpenFloor meeting.
//
// Why this stack: the recorder must keep the Opus packets exactly as they arrived (no
// re-encoding) and run on the project's two-core machines without Docker. LiveKit's Go server
// SDK (github.com/livekit/server-sdk-go/v2) joins a room as an ordinary, hidden, subscribe-only
// participant and hands over each remote track's RTP packets through pion; pion's oggwriter
// (github.com/pion/webrtc/v4/pkg/media/oggwriter) writes those packets into OGG/Opus pages. Both
// are maintained and served by the Go module proxy, so the binary is built from source by
// infra/recorder/install.sh like livekit-server. SDK v2.19.0 is pinned: v2.20.0 needs a
// LiveKit fork of pion/webrtc (a replace directive) that the module proxy does not serve.
// LiveKit Egress was not an option (Chrome + GStreamer + Redis, module not served), nor was
// @livekit/rtc-node (a prebuilt native binary downloaded at install).
//
// Usage: openfloor-recorder record -url ws://host:port -out DIR -session ID
// (the access token is read from OPENFLOOR_RECORDER_TOKEN so it never shows in `ps`), or
// openfloor-recorder bench ... (see bench.go).
//
// Output, in DIR: one OGG/Opus file per received microphone track, a `.sha256` file beside
// each once it is closed (sha256sum format), and a journal `journal-<session>.jsonl` whose
// lines say when the session started, each track's first packet (wall clock and RTP time),
// a sync point (wall clock, granule) every second of audio, a heartbeat every second, each
// track's end with its SHA-256, and the session's end. Gaps between packets are filled with
// Opus silence frames, so a file's granule position follows the sender's RTP clock and a
// wall-clock instant maps to a position in the file: that is what lets the server cut a
// speech on the meeting log's times.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: openfloor-recorder record|bench [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "record":
		os.Exit(record(os.Args[2:]))
	case "bench":
		os.Exit(bench(os.Args[2:]))
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
}
