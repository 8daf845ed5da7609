/**
 * The server under test: the real `createApp` (SQLite in a temp folder) with one open meeting,
 * a captioner link and a viewer link, reporting its own CPU and memory over IPC.
 */
import { removeDir, seedMeeting, startServer } from '../test/support/harness.js';
import { answerMarks, collectGarbage, fdLimit, memSample, report } from './common.js';

const server = await startServer();
if (process.env.BENCH_STOCK_ADAPTER) {
  // For comparison: back to the adapter Socket.IO comes with (the parent of OpenFloor's own).
  const io = server.app.io;
  io.adapter(Object.getPrototypeOf(io.adapter()) as Parameters<typeof io.adapter>[0]);
}
const meeting = await seedMeeting(server.url);
let stopping: Promise<void> | null = null;
answerMarks(
  () => server.app.io.engine.clientsCount,
  () =>
    (stopping ??= server
      .stop()
      .catch(() => undefined)
      .then(() => removeDir(server.dataDir))),
);

collectGarbage();
report({
  type: 'ready',
  port: Number(new URL(server.url).port),
  viewerToken: meeting.tokens.viewer,
  captionerToken: meeting.tokens.captioner,
  fdLimit: fdLimit(),
  adapter: server.app.io.of('/').adapter.constructor.name,
  idle: memSample(),
});
