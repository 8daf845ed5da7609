import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRecord } from '../../shared/archive/record.js';
import { readJournals } from '../../server/recorder/journal.js';
import { recordingsDir } from '../../server/recorder/archive-audio.js';
import { http, seedMeeting, startServer, stopServer, waitFor, type RunningServer } from '../support/harness.js';

/**
 * The floor recorder against a real livekit-server that restarts (issue 16): the recorder
 * loses the room, is started again once the server is back, and the record marks the time in
 * between as not recorded rather than hiding it.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ liveKit: true, recorder: true });
}, 120_000);
afterAll(async () => {
  await stopServer(server);
});

describe('the floor recorder and a livekit-server restart', () => {
  it('the recorder comes back after the media server restarts, and the record marks the gap', async () => {
    const meeting = await seedMeeting(server.url);
    const { meetingId } = meeting;
    const command = async (body: unknown) => {
      const result = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, body);
      expect(result.status, JSON.stringify(result.body)).toBe(200);
    };
    await command({ type: 'meeting:update', details: { recordFloor: true } });
    const sessions = () => readJournals(recordingsDir(server.dataDir, meetingId)).sessions;
    await waitFor(() => sessions().length === 1, 'the recorder to join the room', 30_000);

    const restartBegan = Date.now();
    await server.liveKit!.restart();
    const restarted = Date.now();
    await waitFor(() => sessions().length >= 2, 'the recorder to join the restarted server', 60_000);
    const [before, after] = sessions();
    expect(before!.endReason ?? 'killed').not.toBe('stopped');
    expect(before!.lastSeenAt).toBeLessThan(after!.startedAt);
    expect(after!.startedAt).toBeGreaterThanOrEqual(restarted - 1000);

    await command({ type: 'meeting:transition', to: 'adjourned' });
    await command({ type: 'meeting:transition', to: 'archived' });
    const response = await fetch(`${server.url}/archive/${meetingId}/record.json`);
    expect(response.status).toBe(200);
    const record = ArchiveRecord.parse(await response.json());
    expect(record.recording.recorded).toBe(true);
    const gap = record.recording.gaps.find((candidate) => candidate.endedAt >= restartBegan && candidate.startedAt <= restarted);
    expect(gap, JSON.stringify(record.recording.gaps)).toBeDefined();
    expect(gap!.endedAt).toBe(after!.startedAt);
  }, 180_000);
});
