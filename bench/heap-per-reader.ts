/**
 * What a server keeps for each reader of an event stream, by kind of heap object: two heap
 * snapshots of the bundled server (before and with N readers), the second minus the first,
 * divided by N. Where `run.ts` says how much a viewer costs, this says what it is made of.
 *
 *   npx tsx bench/heap-per-reader.ts [--n=1000] [--target=openfloor|sse]
 *
 * `openfloor`: OpenFloor's meeting event stream, read as the viewer page reads it; `sse`: the bare
 * SSE server of the spike (bench/sse-server.ts), for a floor.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MEETING_EVENTS_PATH, meetingEventsQuery } from '../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../shared/protocol/version.js';
import { Child } from './child.js';
import { openEventStream, type HeldStream } from './wire.js';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '1000' }, target: { type: 'string', default: 'openfloor' } } });
const n = Number(args.n);
const bare = args.target === 'sse';
if (!bare && args.target !== 'openfloor') throw new Error('--target: openfloor or sse');

const snapshots = join(import.meta.dirname, 'results', 'heap-snapshots');
rmSync(snapshots, { recursive: true, force: true });
mkdirSync(snapshots, { recursive: true });
const server = new Child<never, { type: 'ready'; port: number; viewerToken: string }>('server', bare ? 'sse-server.ts' : 'openfloor-server.ts', [], {
  NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}`,
});
const ready = await server.next(['ready'], 60_000, 'the server to start');

/** Asks the server for a heap snapshot (it collects garbage first) and waits until it is written. */
async function snapshot(): Promise<string> {
  const before = new Set(readdirSync(snapshots));
  server.process.kill('SIGUSR2');
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const written = readdirSync(snapshots).find((file) => !before.has(file) && file.endsWith('.heapsnapshot'));
    if (!written) continue;
    const path = join(snapshots, written);
    // Written once it parses: the file grows until then.
    try {
      return (JSON.parse(readFileSync(path, 'utf8')), path);
    } catch {
      continue;
    }
  }
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and bytes by kind: the constructor for objects and closures, the V8 type for the rest. */
function byKind(path: string): Map<string, { count: number; bytes: number }> {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let node = 0; node < heap.nodes.length; node += fields.length) {
    const type = types[heap.nodes[node + typeAt]!]!;
    const kind = type === 'object' || type === 'closure' ? `${type} ${heap.strings[heap.nodes[node + nameAt]!]}` : type;
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[node + sizeAt]!;
    kinds.set(kind, entry);
  }
  return kinds;
}

const empty = await snapshot();
const path = bare ? '/?role=viewer&snapshot=13000' : `${MEETING_EVENTS_PATH}?${meetingEventsQuery({ v: PROTOCOL_VERSION, prefer: ['en'] }).toString()}`;
const readers: HeldStream[] = [];
for (let i = 0; i < n; i++) {
  readers.push(
    await openEventStream({
      port: ready.port,
      path,
      headers: bare ? {} : { authorization: `Bearer ${ready.viewerToken}` },
      timeoutMs: 10_000,
      onEvent: () => {},
      onDropped: (reason) => {
        throw new Error(`a reader was dropped: ${reason}`);
      },
    }),
  );
}
const held = await snapshot();
const before = byKind(empty);
const rows = [...byKind(held)]
  .map(([kind, { count, bytes }]) => ({ kind, count: (count - (before.get(kind)?.count ?? 0)) / n, bytes: (bytes - (before.get(kind)?.bytes ?? 0)) / n }))
  .sort((a, b) => b.bytes - a.bytes);
console.log(`${args.target}: ${rows.reduce((total, row) => total + row.bytes, 0).toFixed(0)} bytes of heap per reader (N = ${n})\n  bytes  count  kind`);
for (const row of rows.slice(0, 25)) console.log(`${row.bytes.toFixed(0).padStart(7)}  ${row.count.toFixed(2).padStart(5)}  ${row.kind}`);
for (const reader of readers) reader.terminate();
await server.stop();
rmSync(snapshots, { recursive: true, force: true });
