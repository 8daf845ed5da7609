import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { FailingStore } from '../support/failing-store.js';
import { http, MirrorClient, removeDir, seedMeeting, startServer, stopServer, type RunningServer, type SeededMeeting } from '../support/harness.js';

/**
 * The rule: an accepted change is persisted before it is acknowledged or broadcast, so nothing
 * that a restart could lose ever reaches anyone. Checked from the outside with a store whose
 * appends fail on demand (a full disk, a broken volume): whatever the server does in which
 * order, a change it could not persist must reach no client and leave no trace in its state.
 */
let store: FailingStore;
let server: RunningServer;
let meeting: SeededMeeting;
const clients: MirrorClient[] = [];

async function connect(token: string): Promise<MirrorClient> {
  const client = new MirrorClient(server.url, token);
  clients.push(client);
  await client.ready();
  return client;
}

beforeAll(async () => {
  server = await startServer({
    captionQuietMs: 60_000,
    wrapStore: (inner) => (store = new FailingStore(inner)),
  });
});
afterAll(async () => {
  await stopServer(server);
  removeDir(server.dataDir);
});
beforeEach(async () => {
  store.failing = null;
  meeting = await seedMeeting(server.url);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe('a change the store cannot persist is neither acknowledged nor broadcast (meetings)', () => {
  it('the issuer gets an error, no client sees the change, the state and the sequence are untouched', async () => {
    const screen = await connect(meeting.tokens.screen);
    const chair = await connect(meeting.tokens.chair);
    const remote = await connect(meeting.participants.remote.token);
    const live = server.app.registry.get(meeting.meetingId)!;
    const before = { seq: live.seq, state: structuredClone(live.state) };

    store.failing = (stream) => stream.startsWith('meeting:');
    const refused = await remote.send('queue:request', { kind: 'intervention' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const after = server.app.registry.get(meeting.meetingId)!;
    expect({ seq: after.seq, state: after.state }).toEqual(before);

    // The disk is back: the next change takes the very next number, and is the first anyone sees.
    store.failing = null;
    const added = await chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' });
    if (!added.ok) throw new Error(added.error.code);
    expect(added.value.seq).toBe(before.seq + 1);
    await screen.atSeq(added.value.seq);
    await remote.atSeq(added.value.seq);
    for (const client of [screen, chair, remote]) {
      expect(client.received.map((change) => change.type)).toEqual(['queue:add']);
      expect(currentTopic(client.state!)!.queue.map((entry) => entry.participantId)).toEqual([meeting.participants.room.id]);
    }
  });

  it('what every client was shown is exactly what a restarted server rebuilds from the log', async () => {
    const screen = await connect(meeting.tokens.screen);
    const chair = await connect(meeting.tokens.chair);
    await chair.send('queue:add', { participantId: meeting.participants.remote.id, kind: 'intervention' });
    store.failing = (stream) => stream.startsWith('meeting:');
    expect(await chair.send('floor:give', {})).toMatchObject({ ok: false });
    store.failing = null;
    const closed = await chair.send('queue:close', {});
    if (!closed.ok) throw new Error(closed.error.code);
    await screen.atSeq(closed.value.seq);

    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      expect(project(restarted.app.registry.get(meeting.meetingId)!.state, projectionOfRole.screen)).toEqual(screen.state);
      expect(currentTopic(screen.state!)!.floor).toBeNull();
    } finally {
      await restarted.stop();
    }
  });
});

describe('a caption the store cannot persist is neither acknowledged nor broadcast (captions)', () => {
  it('the captioner gets an error, no viewer sees the text, and a late viewer does not either', async () => {
    const viewer = await connect(meeting.tokens.viewer);
    await viewer.followCaptions('en');
    const captioner = await connect(meeting.tokens.captioner);
    const written = await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Kept. ' });
    if (!written.ok) throw new Error(written.error.code);

    store.failing = (stream) => stream.startsWith('captions:');
    const refused = await captioner.send('caption:write', { language: 'en', erase: 0, text: 'LOST' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });

    store.failing = null;
    const after = await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Then this.' });
    if (!after.ok) throw new Error(after.error.code);
    await viewer.until((client) => client.captionsOf('en').tail.text.includes('Then this.'));
    expect(viewer.captionsOf('en').tail.text).toBe('Kept. Then this.');
    const late = await connect(meeting.tokens.viewer);
    await late.followCaptions('en');
    expect(late.captionsOf('en').tail.text).toBe('Kept. Then this.');
  });
});

describe('a tail break is written with the write that makes it due (captions)', () => {
  it('a refused write breaks nothing; once the disk is back the write and its logged break are one durable unit, acknowledged under the write', async () => {
    const viewer = await connect(meeting.tokens.viewer);
    await viewer.followCaptions('en');
    const captioner = await connect(meeting.tokens.captioner);
    // A sentence end with more than the editable end of the tail after it: due to break at once.
    const text = 'The first sentence ends here. And the second one is still being typed';

    store.failing = (stream) => stream.startsWith('captions:');
    const refused = await captioner.send('caption:write', { language: 'en', erase: 0, text });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(server.app.captions.latest(meeting.meetingId, 'en')?.lines ?? []).toEqual([]);
    expect(server.app.captions.latest(meeting.meetingId, 'en')?.tail.text ?? '').toBe('');

    store.failing = null;
    const written = await captioner.send('caption:write', { language: 'en', erase: 0, text });
    if (!written.ok) throw new Error(written.error.code);
    const entries = server.app.captions.entriesSince(meeting.meetingId, 'en', 0)!;
    const write = entries.find((entry) => entry.command.type === 'caption:write')!;
    const broken = entries.at(-1)!;
    expect(broken).toMatchObject({ seq: write.seq + 1, actor: { kind: 'system' }, command: { type: 'caption:commit', chars: 'The first sentence ends here.'.length } });
    expect(written.value).toMatchObject({ seq: write.seq, duplicate: false });

    await viewer.until((client) => client.captionsOf('en').lines.length === 1);
    expect(viewer.captionsOf('en').lines.map((line) => line.text)).toEqual(['The first sentence ends here.']);
    expect(viewer.captionsOf('en').tail.text).toBe('And the second one is still being typed');
    expect(viewer.captions.get('en')!.received.map((entry) => entry.seq)).toEqual(entries.map((entry) => entry.seq));
  });
});

describe("a registrant's address the store cannot keep", () => {
  it('the registration stands and the node stays up: only "send my link again" cannot find that address', async () => {
    store.failing = (stream) => stream.startsWith('contacts:');
    const registered = await http(
      server.url,
      'POST',
      `/meetings/${meeting.meetingId}/registrations`,
      { stakeholderGroup: 'civil_society', attendance: 'remote', displayName: 'Maria Silva', email: 'maria@example.org', language: 'en' },
      null,
    );
    expect(registered.status).toBe(201);
    // The address is written after the answer: the next request finds the node up, the registrant in the meeting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const state = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
    expect(state.participants.map((participant: { id: string }) => participant.id)).toContain(registered.body.participantId);
  });
});
