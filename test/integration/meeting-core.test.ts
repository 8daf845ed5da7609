import { describe, expect, it } from 'vitest';
import { socketCommandTypes } from '../../shared/meeting/commands.js';
import { consoleCommand } from '../../shared/meeting/intents.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { http, MirrorClient, useMeetingServer } from '../support/harness.js';

const suite = useMeetingServer();

/** A valid payload for every socket command, so refusals are about the role, not the shape. */
function samplePayload(type: (typeof socketCommandTypes)[number]): Record<string, unknown> {
  const { topicIds, participants } = suite.meeting;
  switch (type) {
    case 'meeting:transition':
      return { to: 'adjourned' };
    case 'meeting:setSpeakingTime':
      return { seconds: 60 };
    case 'meeting:setCaptionDisplay':
      return { display: { lines: 5, lineLength: 32, theme: 'white-on-black' } };
    case 'topic:select':
      return { topicId: topicIds[1] };
    case 'topic:setSpeakingTime':
      return { topicId: topicIds[0], seconds: 60 };
    case 'participant:register':
      return { details: { displayName: 'X', stakeholderGroup: 'government', attendance: 'room' } };
    case 'participant:update':
      return { participantId: participants.room.id, details: { attendance: 'remote' } };
    case 'queue:request':
      return { kind: 'intervention' };
    case 'queue:add':
      return { participantId: participants.room.id, kind: 'intervention' };
    case 'queue:withdraw':
    case 'queue:move':
      return type === 'queue:move' ? { entryId: 'e1', toIndex: 0 } : { entryId: 'e1' };
    case 'floor:give':
      return {};
    case 'queue:carryOver':
      return { fromTopicId: topicIds[1], entryIds: ['e1'] };
    case 'floor:addTime':
      return { speechId: 'e1', seconds: 60 };
    case 'floor:restart':
      return { speechId: 'e1' };
    case 'booth:take':
    case 'booth:release':
      return { language: 'ar' };
    default:
      return {};
  }
}

describe('one speaker queue for room and remote', () => {
  it('a remote and an in-room participant request the floor, the chair gives it, and every client sees the same state', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const remote = await suite.connect(suite.meeting.participants.remote.token);
    const room = await suite.connect(suite.meeting.participants.room.token);
    const screen = await suite.connect(suite.meeting.tokens.screen);
    expect(chair.you?.role).toBe('chair');
    expect(remote.you?.participantId).toBe(suite.meeting.participants.remote.id);
    expect(screen.you?.role).toBe('screen');

    const first = await remote.send('queue:request', { kind: 'intervention' });
    expect(first.ok).toBe(true);
    const second = await room.send('queue:request', { kind: 'point_of_order' });
    expect(second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.seq).toBe(first.value.seq + 1);

    for (const client of [chair, remote, room, screen]) await client.atSeq(second.value.seq);
    const queueOf = (client: MirrorClient) => currentTopic(client.state!)!.queue.map((entry) => entry.participantId);
    // The point of order goes to the top, whoever asked first.
    expect(queueOf(screen)).toEqual([suite.meeting.participants.room.id, suite.meeting.participants.remote.id]);

    const given = await chair.send('floor:give', {});
    expect(given.ok).toBe(true);
    if (!given.ok) return;
    for (const client of [chair, remote, room, screen]) await client.atSeq(given.value.seq);
    const floor = currentTopic(screen.state!)!.floor!;
    expect(floor.participantId).toBe(suite.meeting.participants.room.id);
    expect(floor.attendance).toBe('room');
    expect(floor.timeLimitSec).toBe(120);
    // Each sees the server's state as its role may (shared/protocol/projection.ts).
    const held = suite.server.app.registry.get(suite.meeting.meetingId)!.state;
    expect(chair.state).toEqual(project(held, projectionOfRole.chair));
    expect(screen.state).toEqual(project(held, projectionOfRole.screen));
    expect(remote.state).toEqual(project(held, projectionOfRole.participant));

    // Broadcasts carry consecutive sequence numbers: no client saw a gap.
    const seqs = screen.received.map((entry) => entry.seq);
    expect(seqs).toEqual([first.value.seq, second.value.seq, given.value.seq]);
  });

  it('the state the server holds equals what clients rebuilt from broadcasts', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const remote = await suite.connect(suite.meeting.participants.remote.token);
    await remote.send('queue:request', { kind: 'intervention' });
    await chair.send('floor:give', {});
    await chair.send('floor:pause', {});
    await chair.send('floor:resume', {});
    const last = await chair.send('floor:end', {});
    if (!last.ok) throw new Error(last.error.code);
    await remote.atSeq(last.value.seq);
    expect(remote.state).toEqual(project(suite.server.app.registry.get(suite.meeting.meetingId)!.state, projectionOfRole.participant));
  });
});

describe('two consoles pressing at once', () => {
  it('chair and moderator press "Next speaker" together: one speech starts, the other console is refused and told who has the floor', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const moderator = await suite.connect(suite.meeting.tokens.moderator);
    const { remote, room } = suite.meeting.participants;
    await chair.send('queue:add', { participantId: remote.id, kind: 'intervention' });
    const last = await chair.send('queue:add', { participantId: room.id, kind: 'intervention' });
    if (!last.ok) throw new Error(last.error.code);
    await moderator.atSeq(last.value.seq);

    // Each console builds its command from what it shows, then both go out at the same moment.
    const [chairCommand, moderatorCommand] = [chair, moderator].map((client) => {
      const { type, ...payload } = consoleCommand(client.state!, { action: 'next' })!;
      return { type, payload };
    });
    const answers = await Promise.all([
      chair.send(chairCommand!.type, chairCommand!.payload),
      moderator.send(moderatorCommand!.type, moderatorCommand!.payload),
    ]);
    const accepted = answers.filter((answer) => answer.ok);
    const refused = answers.filter((answer) => !answer.ok);
    expect(accepted).toHaveLength(1);
    expect(refused).toEqual([{ ok: false, error: expect.objectContaining({ code: 'FLOOR_CHANGED', detail: remote.id }) }]);

    const held = suite.server.app.registry.get(suite.meeting.meetingId)!;
    const topic = currentTopic(held.state)!;
    expect(topic.floor?.participantId).toBe(remote.id);
    // No ghost speech: nobody was given the floor and replaced in the same breath.
    expect(topic.history).toEqual([]);
    expect(topic.queue.map((entry) => entry.participantId)).toEqual([room.id]);
    await chair.atSeq(held.seq);
    await moderator.atSeq(held.seq);
    expect(moderator.state).toEqual(project(held.state, projectionOfRole.moderator));
  });
});

describe('privileged commands are checked on the server', () => {
  const chairOnly = socketCommandTypes.filter(
    (type) => !['queue:request', 'queue:withdraw', 'participant:update', 'statement:submit', 'statement:withdraw'].includes(type),
  );

  for (const role of ['participant', 'screen', 'viewer', 'captioner'] as const) {
    it(`every chair command from a ${role} is refused with FORBIDDEN and changes nothing`, async () => {
      const token = role === 'participant' ? suite.meeting.participants.remote.token : suite.meeting.tokens[role];
      const client = await suite.connect(token);
      const before = suite.server.app.registry.get(suite.meeting.meetingId)!;
      for (const type of chairOnly) {
        const result = await client.send(type, samplePayload(type));
        expect(result, type).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      const after = suite.server.app.registry.get(suite.meeting.meetingId)!;
      expect(after.seq).toBe(before.seq);
      expect(after.state).toBe(before.state);
    });
  }

  it('a screen or viewer cannot request the floor, and a participant cannot edit someone else', async () => {
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    expect(await viewer.send('queue:request', { kind: 'intervention' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const remote = await suite.connect(suite.meeting.participants.remote.token);
    const other = await remote.send('participant:update', {
      participantId: suite.meeting.participants.room.id,
      details: { displayName: 'Impostor' },
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("a participant cannot withdraw another participant's request, the moderator can", async () => {
    const remote = await suite.connect(suite.meeting.participants.remote.token);
    const room = await suite.connect(suite.meeting.participants.room.token);
    const moderator = await suite.connect(suite.meeting.tokens.moderator);
    const request = await room.send('queue:request', { kind: 'intervention' });
    if (!request.ok) throw new Error(request.error.code);
    const entryId = request.value.createdId;
    expect(await remote.send('queue:withdraw', { entryId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await moderator.send('queue:withdraw', { entryId })).toMatchObject({ ok: true });
  });
});

describe('bad input gets a coded error and changes nothing', () => {
  const hostile: Array<[string, unknown]> = [
    ['queue:request', null],
    ['queue:request', 'intervention'],
    ['queue:request', [1, 2]],
    ['queue:request', {}],
    ['queue:request', { kind: 'filibuster' }],
    ['queue:request', { kind: 'intervention', extra: true }],
    ['queue:request', JSON.parse('{"kind":"intervention","__proto__":{"polluted":true}}')],
    ['queue:withdraw', { entryId: '../../etc/passwd' }],
    ['queue:withdraw', { entryId: 'x'.repeat(10_000) }],
    ['queue:withdraw', { entryId: 42 }],
    ['participant:update', { participantId: 'p1', details: { displayName: '' } }],
    ['participant:update', { participantId: 'p1', details: { stakeholderGroup: 'lobbyists' } }],
  ];

  it('malformed and hostile payloads are refused with BAD_REQUEST', async () => {
    const client = await suite.connect(suite.meeting.participants.remote.token);
    const before = suite.server.app.registry.get(suite.meeting.meetingId)!;
    for (const [type, payload] of hostile) {
      const result = await client.send(type, payload);
      expect(result, `${type} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    expect(suite.server.app.registry.get(suite.meeting.meetingId)!.seq).toBe(before.seq);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the chair gets a coded domain error for a command that does not apply', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    expect(await chair.send('floor:give', {})).toMatchObject({ ok: false, error: { code: 'QUEUE_EMPTY' } });
    expect(await chair.send('floor:end', {})).toMatchObject({ ok: false, error: { code: 'NO_CURRENT_SPEAKER' } });
    expect(await chair.send('queue:move', { entryId: 'e999', toIndex: 0 })).toMatchObject({
      ok: false,
      error: { code: 'ENTRY_NOT_FOUND' },
    });
    expect(await chair.send('meeting:transition', { to: 'draft' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
  });

  it('the secretariat archiving over HTTP a meeting the chair resumed meanwhile gets 409 MEETING_STATUS_CHANGED naming its status; nothing is logged', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const archive = { type: 'meeting:transition', to: 'archived', expectedStatus: 'adjourned' };
    expect(await chair.send('meeting:transition', { to: 'adjourned', expectedSpeechId: null, expectedStatus: 'open' })).toMatchObject({ ok: true });
    expect(await chair.send('meeting:transition', { to: 'open', expectedSpeechId: null, expectedStatus: 'adjourned' })).toMatchObject({ ok: true });
    const before = suite.server.app.registry.get(suite.meeting.meetingId)!.seq;
    const refused = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, archive);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'MEETING_STATUS_CHANGED', detail: 'open' } });
    expect(suite.server.app.registry.get(suite.meeting.meetingId)!.seq).toBe(before);
    expect(suite.server.app.registry.get(suite.meeting.meetingId)!.state.status).toBe('open');
  });

  it('a message over 64 KB is answered MESSAGE_TOO_LARGE without reaching the meeting; past the 1 MB transport limit the connection closes', async () => {
    const client = await suite.connect(suite.meeting.participants.remote.token);
    const before = suite.server.app.registry.get(suite.meeting.meetingId)!.seq;
    const large = await client.send('queue:request', { kind: 'intervention', pad: 'x'.repeat(200_000) } as never);
    expect(large).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(client.socket.connected).toBe(true);
    const disconnected = client.disconnection('the connection closed over the 1 MB transport limit');
    (client.socket as unknown as { emit(event: string, payload: unknown): void }).emit('queue:request', {
      kind: 'intervention',
      pad: 'x'.repeat(1_200_000),
    });
    await disconnected;
    expect(suite.server.app.registry.get(suite.meeting.meetingId)!.seq).toBe(before);
  });

  it('a flood of commands is rate limited', async () => {
    const client = await suite.connect(suite.meeting.participants.remote.token);
    const results = await Promise.all(
      Array.from({ length: 40 }, () => client.send('queue:request', { kind: 'point_of_order', bogus: 1 })),
    );
    expect(results.some((result) => !result.ok && result.error.code === 'RATE_LIMITED')).toBe(true);
  });
});

describe('handshake', () => {
  it('an older client is told CLIENT_TOO_OLD and a newer one SERVER_TOO_OLD', async () => {
    const old = new MirrorClient(suite.server.url, suite.meeting.tokens.viewer, { protocolVersion: PROTOCOL_VERSION - 1 });
    const newer = new MirrorClient(suite.server.url, suite.meeting.tokens.viewer, { protocolVersion: PROTOCOL_VERSION + 1 });
    suite.clients.push(old, newer);
    expect(await old.refusal()).toMatchObject({ code: 'CLIENT_TOO_OLD' });
    expect(await newer.refusal()).toMatchObject({ code: 'SERVER_TOO_OLD' });
  });

  it('a forged or tampered token is refused with UNAUTHORIZED', async () => {
    const [body, signature] = suite.meeting.tokens.viewer.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, r: 'chair' })).toString('base64url');
    for (const token of [`${promoted}.${signature}`, 'garbage', `${body}.AAAA`]) {
      const client = new MirrorClient(suite.server.url, token);
      suite.clients.push(client);
      expect(await client.refusal()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('revoking a link disconnects its holder and refuses it afterwards', async () => {
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    const links = await http(suite.server.url, 'GET', `/meetings/${suite.meeting.meetingId}/links`);
    const link = links.body.links.find((candidate: { role: string }) => candidate.role === 'viewer');
    const disconnected = viewer.disconnection("the revoked viewer's disconnection");
    const revoked = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, {
      type: 'link:revoke',
      linkId: link.id,
    });
    expect(revoked.status).toBe(200);
    await disconnected;
    const again = new MirrorClient(suite.server.url, suite.meeting.tokens.viewer);
    suite.clients.push(again);
    expect(await again.refusal()).toMatchObject({ code: 'LINK_REVOKED' });
  });
});

describe('resynchronisation', () => {
  it('a reconnecting client receives only the entries it missed, a new one a snapshot', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const remote = await suite.connect(suite.meeting.participants.remote.token);
    const seqBefore = remote.seq;
    remote.socket.disconnect();
    await chair.send('queue:add', { participantId: suite.meeting.participants.room.id, kind: 'intervention' });
    const given = await chair.send('floor:give', {});
    if (!given.ok) throw new Error(given.error.code);
    remote.socket.connect();
    await remote.atSeq(given.value.seq);
    expect(remote.snapshots).toBe(1);
    expect(remote.received.map((entry) => entry.seq)).toEqual([seqBefore + 1, given.value.seq]);
    expect(remote.state).toEqual(project(suite.server.app.registry.get(suite.meeting.meetingId)!.state, projectionOfRole.participant));

    const late = await suite.connect(suite.meeting.participants.remote.token);
    expect(late.snapshots).toBe(1);
    expect(late.seq).toBe(given.value.seq);
    expect(currentTopic(late.state!)!.floor?.participantId).toBe(suite.meeting.participants.room.id);
  });

  it('a page that finds a gap while its commands are rate limited asks for the catch-up again after the wait, rather than dropping its connection and the commands in flight', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const otherConsole = await suite.connect(suite.meeting.tokens.chair);
    // The chair's page misses one change, as a broadcast overtaken on its way from another node would be.
    const chairSocket = [...suite.server.app.io.of('/').sockets.values()].find((socket) => socket.id === chair.socket.id)!;
    const rooms = [...chairSocket.rooms].filter((room) => room !== chairSocket.id);
    for (const room of rooms) await chairSocket.leave(room);
    const missed = await otherConsole.send('queue:close', {});
    if (!missed.ok) throw new Error(missed.error.code);
    await chairSocket.join(rooms);
    // A burst past the command budget: the page learns of the gap from the first change it gets
    // back, when the budget is already spent.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => chair.send('meeting:setSpeakingTime', { seconds: 100 + index })));
    const acceptedSeqs = answers.flatMap((answer) => (answer.ok ? [answer.value.seq] : []));
    expect(answers.some((answer) => !answer.ok && answer.error.code === 'RATE_LIMITED')).toBe(true);
    const last = Math.max(...acceptedSeqs);
    await chair.atSeq(last);
    expect(chair.drops).toEqual([]);
    expect(chair.state).toEqual(otherConsole.state);
  });

  it('meeting:sync returns the changes after a gap', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const start = chair.seq;
    await chair.send('queue:add', { participantId: suite.meeting.participants.room.id, kind: 'intervention' });
    const last = await chair.send('queue:close', {});
    if (!last.ok) throw new Error(last.error.code);
    const catchUp = await (chair.socket as any).timeout(5000).emitWithAck('meeting:sync', { lastSeq: start });
    expect(catchUp.ok).toBe(true);
    expect(catchUp.value.kind).toBe('changes');
    expect(catchUp.value.changes.map((change: { seq: number }) => change.seq)).toEqual([start + 1, last.value.seq]);
  });
});
