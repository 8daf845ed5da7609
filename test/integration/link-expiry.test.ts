import { describe, expect, it } from 'vitest';
import type { Timers } from '../../server/timers.js';
import { MeetingClock } from '../support/clock.js';
import { http, useMeetingServer, waitFor, type MirrorClient } from '../support/harness.js';

/**
 * A connection opened before its link expired used to go on receiving captions and meeting
 * changes, and `meeting:sync` answered it (issue 12). At expiry the server now tells it
 * LINK_EXPIRED and closes it, whatever its role; renewing the link or moving the meeting's
 * end moves that moment. Time is the test's (MeetingClock): hours pass at once.
 */

const HOUR = 3600_000;

/** The expiry the meeting gives one link now. */
function expiryOf(suite: ReturnType<typeof useMeetingServer>, linkId: string): number {
  const link = suite.server.app.registry.get(suite.meeting.meetingId)!.state.links.find((candidate) => candidate.id === linkId);
  if (!link) throw new Error(`no link ${linkId}`);
  return link.expiresAt;
}

const linkIdOf = (client: MirrorClient) => client.you!.linkId;

const ended = (client: MirrorClient, what: string) =>
  client.until((mirror) => mirror.client.getView().status === 'refused', 5000, `${what} told its session ended`);

/** A server on its own clock (each test moves it hours ahead), and a change every open connection receives. */
function expiringServer() {
  const clock = new MeetingClock();
  const suite = useMeetingServer({ clock: clock.now, timers: clock.timers });
  const change = async (title: string) => {
    const result = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'topic:add', details: { title } });
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    return result.body.seq as number;
  };
  return { clock, suite, change };
}

describe('connections end when their link expires', () => {
  const { clock, suite, change } = expiringServer();

  it('every role is told LINK_EXPIRED and closed at its link\'s expiry, not before; a renewed link stays until its new expiry', async () => {
    clock.freeze();
    const { tokens, participants } = suite.meeting;
    const roles = { ...tokens, participant: participants.remote.token, renewed: participants.room.token };
    const clients = Object.fromEntries(await Promise.all(Object.entries(roles).map(async ([role, token]) => [role, await suite.connect(token)] as const)));
    await clients.captioner!.followCaptions('en');
    const expiry = expiryOf(suite, linkIdOf(clients.chair!));
    for (const client of Object.values(clients)) expect(expiryOf(suite, linkIdOf(client))).toBe(expiry);

    await clock.advance(expiry - clock.now() - 1000);
    const renewed = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'link:renew', linkId: linkIdOf(clients.renewed!) });
    expect(renewed.status).toBe(200);
    const before = await change('Just before the expiry');
    for (const client of Object.values(clients)) await client.atSeq(before);

    await clock.advance(1000);
    for (const [role, client] of Object.entries(clients)) {
      if (role === 'renewed') continue;
      await ended(client, role);
      expect(client.client.getView().refusal, role).toMatchObject({ code: 'LINK_EXPIRED' });
    }
    await waitFor(() => suite.server.app.io.of('/').sockets.size === 1, 'only the renewed link connected');
    const after = await change('After the expiry');
    await clients.renewed!.atSeq(after);
    expect(clients.viewer!.seq).toBe(before);

    await clock.advance(expiryOf(suite, linkIdOf(clients.renewed!)) - clock.now());
    await ended(clients.renewed!, 'the renewed participant');
    expect(clients.renewed!.client.getView().refusal).toMatchObject({ code: 'LINK_EXPIRED' });
  });

});

describe('a link that follows the meeting', () => {
  const { clock, suite, change } = expiringServer();

  it('moving the meeting\'s end, earlier or later, moves the expiry of the connections whose links follow it', async () => {
    clock.freeze();
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    const expiry = expiryOf(suite, linkIdOf(viewer));
    const { endsAt } = suite.server.app.registry.get(suite.meeting.meetingId)!.state;
    const moveEnd = async (to: number) => {
      const moved = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'meeting:update', details: { endsAt: to } });
      expect(moved.status).toBe(200);
    };
    await moveEnd(endsAt - 2 * HOUR);
    expect(expiryOf(suite, linkIdOf(viewer))).toBe(expiry - 2 * HOUR);
    await moveEnd(endsAt - HOUR);
    expect(expiryOf(suite, linkIdOf(viewer))).toBe(expiry - HOUR);

    await clock.advance(expiry - HOUR - clock.now() - 1000);
    const seq = await change('The meeting ends an hour early');
    await viewer.atSeq(seq);
    await clock.advance(1000);
    await ended(viewer, 'the viewer');
    expect(viewer.client.getView().refusal).toMatchObject({ code: 'LINK_EXPIRED' });
  });
});

describe('a declined registration', () => {
  const suite = useMeetingServer();

  it('ends the open connections of the participant\'s link with REGISTRATION_DECLINED, and only theirs', async () => {
    const { participants } = suite.meeting;
    const declined = await suite.connect(participants.remote.token);
    const other = await suite.connect(participants.room.token);
    const reviewed = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, {
      type: 'participant:review',
      participantId: participants.remote.id,
      decision: 'declined',
    });
    expect(reviewed.status).toBe(200);
    await ended(declined, 'the declined participant');
    expect(declined.client.getView().refusal).toMatchObject({ code: 'REGISTRATION_DECLINED' });
    await other.atSeq(reviewed.body.seq);
    expect(other.client.getView().status).toBe('online');
  });
});

describe('an expired link is refused on a connection still open', () => {
  const clock = new MeetingClock();
  // Timers that never fire hold the connection open past the expiry: what its requests get then.
  const held: Timers = { set: () => ({ timer: null }), clear: () => {} };
  const suite = useMeetingServer({ clock: clock.now, timers: held });

  it('meeting:sync, caption:subscribe and commands answer LINK_EXPIRED', async () => {
    const participant = await suite.connect(suite.meeting.participants.remote.token);
    const request = (event: string, payload: unknown) => (participant.socket as any).timeout(5000).emitWithAck(event, payload);
    expect(await request('meeting:sync', { lastSeq: 0 })).toMatchObject({ ok: true });
    await clock.advance(expiryOf(suite, linkIdOf(participant)) - clock.now());
    expect(await request('meeting:sync', { lastSeq: 0 })).toMatchObject({ ok: false, error: { code: 'LINK_EXPIRED' } });
    expect(await request('caption:subscribe', { language: 'en' })).toMatchObject({ ok: false, error: { code: 'LINK_EXPIRED' } });
    expect(await request('queue:request', { kind: 'intervention' })).toMatchObject({ ok: false, error: { code: 'LINK_EXPIRED' } });
  });
});
