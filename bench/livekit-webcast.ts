/**
 * What a webcast costs livekit-server: one publisher sends the floor as the venue station does
 * (Opus-sized sound, and the camera at 600 kbit/s), and N hidden, subscribe-only viewers
 * receive it, each a WebRTC connection of LiveKit's Go SDK (bench/webcast-load, built from
 * source). For each N, sound only and sound with the picture, in alternating order, each point
 * on a fresh livekit-server, `--repeat` times: livekit-server's CPU (from /proc, over the
 * window), what each viewer received against what was sent, and the load generator's own CPU
 * (it shares this machine's two cores with the server: the figures are a lower bound of what
 * one viewer costs nowhere else). The per-viewer cost is the slope between the smallest and
 * the largest N of the same run, which takes out what the publisher alone costs.
 * Run with `npx tsx bench/livekit-webcast.ts [--viewers=50,150] [--repeat=3] [--seconds=20]`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLocalLiveKit, LOCAL_LIVEKIT_BINARY } from '../server/livekit/local-server.js';

const arg = (name: string, fallback: string) => process.argv.find((entry) => entry.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const counts = arg('viewers', '50,150').split(',').map(Number);
const repeat = Number(arg('repeat', '3'));
const seconds = Number(arg('seconds', '20'));

const TICKS_PER_SECOND = 100;

/** Builds the load generator once per version of its sources, as the floor recorder is built. */
const loadGenerator = () =>
  execFileSync('bash', [fileURLToPath(new URL('../infra/go-build.sh', import.meta.url)), 'bench/webcast-load', 'webcast-load'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;

/** user + system CPU ticks of the livekit-server process (the newest one: this run's). */
function liveKitPid(): number {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const ours = pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(`${LOCAL_LIVEKIT_BINARY}\0`);
    } catch {
      return false;
    }
  });
  if (ours.length !== 1) throw new Error(`expected one livekit-server, found ${ours.length}: stop the others first`);
  return ours[0]!;
}
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

interface Point {
  viewers: number;
  video: boolean;
  /** livekit-server's CPU over the window, in ms per second. */
  serverMsPerSecond: number;
  loadMsPerSecond: number;
  /**
   * Bytes each viewer received of the sound and of the picture, as a share of the frames' bytes
   * sent (RTP's headers make the sound's 115 % when all of it arrives): the lowest viewer's, and the median.
   */
  sound: { lowest: number; median: number };
  picture: { lowest: number; median: number } | null;
  failed: number;
  load: number;
}

async function measure(binary: string, viewers: number, video: boolean): Promise<Point> {
  const load = loadavg()[0]!;
  const liveKit = await startLocalLiveKit({ webhookUrl: 'http://127.0.0.1:9/unused' });
  try {
    const pid = liveKitPid();
    const { url, apiKey, apiSecret } = liveKit.settings;
    const child = spawn(binary, ['-url', url, '-key', apiKey, '-secret', apiSecret, '-viewers', String(viewers), '-seconds', String(seconds), ...(video ? ['-video'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // LiveKit's SDK logs every connection's states: kept, and shown only if the run fails.
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    const lines = createInterface({ input: child.stdout! });
    let start: { ticks: number; at: number; cpu: number } | null = null;
    let end: { ticks: number; at: number; cpu: number } | null = null;
    let result: { sent: [number, number]; perViewer: Array<[number, number]>; failed?: number } | null = null;
    let failed = 0;
    for await (const line of lines) {
      const message = JSON.parse(line) as { type: string; at: number; cpu: number; failed?: number; sent?: [number, number]; perViewer?: Array<[number, number]> };
      if (message.type === 'receiving') {
        start = { ticks: cpuTicks(pid), at: message.at, cpu: message.cpu };
        failed = message.failed ?? 0;
      } else if (message.type === 'measured') {
        end = { ticks: cpuTicks(pid), at: message.at, cpu: message.cpu };
        result = { sent: message.sent!, perViewer: message.perViewer! };
      }
    }
    if (!start || !end || !result) throw new Error(`the load generator ended without measuring:\n${stderr}`);
    const wall = (end.at - start.at) / 1000;
    const shares = (index: 0 | 1) => {
      const sorted = result!.perViewer.map((received) => received[index] / result!.sent[index]).sort((a, b) => a - b);
      return { lowest: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0 };
    };
    return {
      viewers,
      video,
      serverMsPerSecond: ((end.ticks - start.ticks) * (1000 / TICKS_PER_SECOND)) / wall,
      loadMsPerSecond: (end.cpu - start.cpu) / wall,
      sound: shares(0),
      picture: video ? shares(1) : null,
      failed,
      load,
    };
  } finally {
    await liveKit.stop();
  }
}

const share = ({ lowest, median }: { lowest: number; median: number }) => `${(median * 100).toFixed(1)} % (lowest ${(lowest * 100).toFixed(1)} %)`;
const binary = loadGenerator();
const points: Point[] = [];
for (let run = 0; run < repeat; run++) {
  // Alternating order, so a slow stretch of the machine does not always fall on the same point.
  const order = counts.flatMap((viewers) => [false, true].map((video) => ({ viewers, video })));
  if (run % 2 === 1) order.reverse();
  for (const { viewers, video } of order) {
    const point = await measure(binary, viewers, video);
    points.push(point);
    console.log(
      `run ${run + 1}: ${viewers} viewers, ${video ? 'sound and picture' : 'sound only'}: livekit-server ${point.serverMsPerSecond.toFixed(0)} ms/s, ` +
        `load generator ${point.loadMsPerSecond.toFixed(0)} ms/s, received: sound ${share(point.sound)}${point.picture ? `, picture ${share(point.picture)}` : ''}, ` +
        `${point.failed} failed to join, load average ${point.load.toFixed(2)}`,
    );
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[], digits: number) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const [fewest, most] = [Math.min(...counts), Math.max(...counts)];
console.log(`\nPer viewer, the slope from ${fewest} to ${most} viewers in each run: median (range) of ${repeat} runs`);
const slopes: Record<string, number[]> = { sound: [], picture: [] };
for (let run = 0; run < repeat; run++) {
  for (const video of [false, true]) {
    const at = (viewers: number) => points.filter((point) => point.viewers === viewers && point.video === video)[run]!;
    slopes[video ? 'picture' : 'sound']!.push((at(most).serverMsPerSecond - at(fewest).serverMsPerSecond) / (most - fewest));
  }
}
for (const [what, values] of Object.entries(slopes)) {
  console.log(`- ${what === 'sound' ? 'sound only' : 'sound and picture'}: ${spread(values, 3)} ms of livekit-server CPU a second per viewer; 3,000 viewers ≈ ${spread(values.map((value) => (value * 3000) / 1000), 1)} cores`);
}
const ratios = slopes.picture!.map((value, index) => value / slopes.sound![index]!);
console.log(`- the picture and sound cost ${spread(ratios, 1)}x the sound alone, per viewer`);
