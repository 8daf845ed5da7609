/**
 * What reading a webcast's LiveKit room costs the event loop. LiveKit's ListParticipants has no
 * filter: with a webcast's hidden listeners the answer lists everyone (about 0.9 MB of JSON at
 * 3,800), and the coordinator reads it at every reconciliation (every 10 s). A stand-in for
 * livekit-server's Twirp endpoint, in a process of its own, answers with such a list; the same
 * reads are made on the event loop (`RoomServiceClient` as the bridge used it: parse, map, keep
 * the shown roles) and through `LiveKitBridge` (its own thread), alternating, and the main
 * thread's busy time (event-loop utilisation) and longest stall are measured.
 *
 *   npx tsx bench/livekit-room-list.ts [--participants=3800] [--shown=800] [--reads=20] [--repeat=3]
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ParticipantInfo, ParticipantPermission, RoomServiceClient, TrackInfo, TrackSource, TrackType } from 'livekit-server-sdk';
import { parseIdentity } from '../shared/access/media.js';
import type { Role } from '../shared/meeting/model.js';
import { LiveKitBridge, roomParticipantOf } from '../server/livekit/bridge.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((value) => value.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const total = arg('participants', 3800);
const shown = arg('shown', 800);
const reads = arg('reads', 20);
const repeat = arg('repeat', 3);
const SHOWN_ROLES: readonly Role[] = ['participant', 'venue', 'interpreter'];
const ROOM = 'm1';

if (process.argv.includes('--serve')) {
  // The stand-in livekit-server: one prebuilt answer to every ListParticipants.
  const { createServer } = await import('node:http');
  const participants = Array.from({ length: total }, (_, index) => {
    const listener = index >= shown;
    return new ParticipantInfo({
      sid: `PA_${index.toString(36).padStart(12, '0')}`,
      identity: listener ? `viewer.l${index % 7}.${(index * 7919).toString(36)}` : `participant.p${index}`,
      name: listener ? '' : `Delegate ${index}`,
      state: 2,
      joinedAt: BigInt(1765000000 + index),
      joinedAtMs: BigInt(1765000000000 + index),
      version: 3,
      permission: new ParticipantPermission({ canSubscribe: true, canPublish: false, canPublishData: false, hidden: listener }),
      tracks: listener ? [] : [new TrackInfo({ sid: `TR_${index}`, type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: index % 2 === 0, name: 'microphone', mimeType: 'audio/opus' })],
      region: 'local',
    });
  });
  // Twirp's JSON of a ListParticipantsResponse.
  const body = Buffer.from(JSON.stringify({ participants: participants.map((participant) => participant.toJson()) }));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port, bytes: body.length }));
} else {
  const child = fork(new URL(import.meta.url).pathname, [...process.argv.slice(2), '--serve'], { execArgv: process.execArgv });
  const { port, bytes } = await new Promise<{ port: number; bytes: number }>((resolve) => child.once('message', resolve as never));
  const settings = { url: `ws://127.0.0.1:${port}`, apiKey: 'bench', apiSecret: 'bench-secret-0123456789abcdef0123456789abcdef' };
  const onLoop = new RoomServiceClient(settings.url.replace(/^ws/, 'http'), settings.apiKey, settings.apiSecret);
  const bridge = new LiveKitBridge(settings);
  const wanted = new Set<string>(SHOWN_ROLES);
  const variants = {
    'on the event loop': async () => (await onLoop.listParticipants(ROOM)).filter(({ identity }) => wanted.has(parseIdentity(identity)?.role ?? '')).map(roomParticipantOf),
    'own thread (LiveKitBridge)': () => bridge.listParticipants(ROOM, SHOWN_ROLES),
  };
  type Variant = keyof typeof variants;

  async function measure(variant: Variant) {
    const read = variants[variant];
    const stalls = monitorEventLoopDelay({ resolution: 1 });
    const before = performance.eventLoopUtilization();
    stalls.enable();
    for (let index = 0; index < reads; index++) {
      const kept = await read();
      if (kept.length !== shown) throw new Error(`${variant}: kept ${kept.length} of ${total}, expected ${shown}`);
      // Reconciliations are seconds apart: each read is measured on an otherwise idle loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stalls.disable();
    const busy = performance.eventLoopUtilization(before);
    return { busyMsPerRead: busy.active / reads, maxStallMs: stalls.max / 1e6 };
  }

  // Warm both paths (the thread's start, the JIT) before anything counts.
  for (const variant of Object.keys(variants) as Variant[]) await variants[variant]();
  const results = new Map<Variant, { busyMsPerRead: number; maxStallMs: number }[]>();
  for (let run = 0; run < repeat; run++) {
    for (const variant of (run % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse()) as Variant[]) {
      results.set(variant, [...(results.get(variant) ?? []), await measure(variant)]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const spread = (values: number[], digits = 1) =>
    `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  console.log(`${total} in the room (${shown} shown), answer ${(bytes / 1024).toFixed(0)} KB; ${reads} reads per run, ${repeat} runs; median (range)`);
  const baseline = results.get('on the event loop')!;
  for (const [variant, runs] of results) {
    const busy = runs.map((entry) => entry.busyMsPerRead);
    const ratios = runs.map((entry, index) => entry.busyMsPerRead / baseline[index]!.busyMsPerRead);
    console.log(
      `${variant.padEnd(28)} main thread busy per read ${spread(busy)} ms (${spread(ratios, 2)}x the event-loop read), longest stall ${spread(runs.map((entry) => entry.maxStallMs))} ms`,
    );
  }
  await bridge.close();
  child.kill();
}
