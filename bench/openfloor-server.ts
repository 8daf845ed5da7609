/**
 * The server under test: the real `createApp` (SQLite in a temp folder, or the PostgreSQL of
 * BENCH_DATABASE_URL) with one open meeting, a captioner link and a viewer link, reporting its
 * own CPU and memory over IPC.
 */
import type { LogAppend, LogStore } from '../server/storage/log.js';
import { CAPTION_LOG_PREFIX } from '../server/meetings/room.js';
import { PostgresLogStore } from '../server/storage/postgres-log.js';
import { SqliteLogStore } from '../server/storage/sqlite-log.js';
import { removeDir, seedMeeting, startServer } from '../test/support/harness.js';
import { answerMarks, collectGarbage, fdLimit, memSample, now, report, sentAtOf, StepTimer } from './common.js';

// Diagnostics only (the work done is unchanged): how long persisting (a group commit, with a
// full sync) and broadcasting take, as both delay every viewer.
const persist = new StepTimer();
for (const prototype of [SqliteLogStore.prototype, PostgresLogStore.prototype] as Array<Pick<LogStore, 'appendBatch'>>) {
  const appendBatch = prototype.appendBatch;
  prototype.appendBatch = function (this: LogStore, ...args: Parameters<LogStore['appendBatch']>) {
    return persist.time(() => appendBatch.apply(this, args));
  };
}

// A node of a cluster run (bench/cluster.ts): Redis and the PostgreSQL log shared with the
// others; a joining node follows the meeting the first node seeded.
const joining = process.env.BENCH_JOINING === 'on';
// A diagnostic (`--targets=…,unpersisted`), never a way to run: caption entries are taken as
// durable without being written, to show what persisting each delta before its broadcast costs.
const unpersistedCaptions = (store: LogStore): LogStore =>
  new Proxy(store, {
    get(target, property) {
      if (property === 'appendBatch') {
        return async (appends: readonly LogAppend[]) => {
          const kept = appends.filter((append) => !append.stream.startsWith(CAPTION_LOG_PREFIX));
          if (kept.length > 0) await target.appendBatch(kept);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
const server = await startServer({
  redisUrl: process.env.BENCH_REDIS_URL,
  databaseUrl: process.env.BENCH_DATABASE_URL,
  ...(process.env.BENCH_UNPERSISTED_CAPTIONS ? { wrapStore: unpersistedCaptions } : {}),
});
if (process.env.BENCH_STOCK_ADAPTER) {
  // For comparison: back to the adapter Socket.IO comes with (the parent of OpenFloor's own).
  const io = server.app.io;
  io.adapter(Object.getPrototypeOf(io.adapter()) as Parameters<typeof io.adapter>[0]);
}
const meeting = joining ? null : await seedMeeting(server.url);
const broadcast = new StepTimer();
const adapter = server.app.io.of('/').adapter;
const broadcastOnce = adapter.broadcast.bind(adapter);
adapter.broadcast = (packet, options) => broadcast.time(() => broadcastOnce(packet, options));

// The moment Socket.IO hands the captioner's write to the app (any-listeners run first).
const sentToReceived = new StepTimer();
// One listener for every connection, as the server's own: a closure each would add to the heap measured per viewer.
const received = (event: string, payload: { text?: string }) => {
  if (event === 'caption:write' && payload.text) sentToReceived.add(now() - sentAtOf(payload.text));
};
server.app.io.on('connection', (socket) => socket.prependAny(received));
// Listeners run in order: this one after the broadcast, so it sees when the last frame was written.
const sentToBroadcast = new StepTimer();
server.app.captions.onCommitted(({ entry }) => {
  if (entry.command.type === 'caption:write') sentToBroadcast.add(now() - sentAtOf(entry.command.text));
});

let stopping: Promise<void> | null = null;
answerMarks(
  () => server.app.io.engine.clientsCount,
  () =>
    (stopping ??= server
      .stop()
      .catch(() => undefined)
      .then(() => removeDir(server.dataDir))),
  { persist, broadcast, 'sent to received': sentToReceived, 'sent to broadcast done': sentToBroadcast },
);

collectGarbage();
report({
  type: 'ready',
  port: Number(new URL(server.url).port),
  viewerToken: meeting?.tokens.viewer ?? '',
  captionerToken: meeting?.tokens.captioner ?? '',
  dataDir: server.dataDir,
  fdLimit: fdLimit(),
  adapter: server.app.io.of('/').adapter.constructor.name,
  idle: memSample(),
});
