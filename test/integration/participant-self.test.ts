import { describe, expect, it } from 'vitest';
import { useMeetingServer } from '../support/harness.js';

const suite = useMeetingServer();

/** A participant's page, counting the `self:changed` it is sent, and the registration it holds. */
async function participantPage(token: string, options: { reconnect?: boolean } = {}) {
  const { page, told } = await suite.participantPage(token, options);
  return { page, told, self: () => page.client.getView().self?.participant };
}

describe("a participant's own registration beside their projection", () => {
  it("a delegate's snapshot names only the speakers list, yet carries their own registration whole; other links carry none", async () => {
    const { remote, room } = suite.meeting.participants;
    const delegate = await participantPage(remote.token);
    const ids = delegate.page.state!.participants.map((participant) => participant.id);
    expect(ids).not.toContain(remote.id);
    expect(ids).not.toContain(room.id);
    expect(delegate.self()).toMatchObject({ id: remote.id, displayName: 'Delegate of Kenya', attendance: 'remote' });
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    const chair = await suite.connect(suite.meeting.tokens.chair);
    expect(viewer.client.getView().self).toBeNull();
    expect(chair.client.getView().self).toBeNull();
    // The chair still sees every registration.
    expect(chair.state!.participants.map((participant) => participant.id)).toEqual(expect.arrayContaining([remote.id, room.id]));
  });

  it('a change to their registration reaches their own pages at once, stamped with its seq, and nobody else is told', async () => {
    const { remote, room } = suite.meeting.participants;
    const delegate = await participantPage(remote.token);
    const sameDelegateAgain = await participantPage(remote.token);
    const other = await participantPage(room.token);
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const answer = await chair.client.send('participant:update', { participantId: remote.id, details: { attendance: 'room' } });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    for (const page of [delegate, sameDelegateAgain]) {
      await page.page.until(() => page.self()?.attendance === 'room', 5000, 'their new attendance');
      // Stamped with the change's place in the log, so a page keeps the newest of its copies.
      expect(page.told.map(({ seq }) => seq)).toEqual([answer.value.seq]);
    }
    // Their own change, made from their page, comes back the same way.
    const own = await delegate.page.client.send('participant:update', { participantId: remote.id, details: { publishName: true } });
    expect(own.ok).toBe(true);
    await delegate.page.until(() => delegate.self()?.publishName === true, 5000, 'their choice to publish their name');
    await chair.until(() => chair.seq >= other.page.seq, 5000, 'the chair in step');
    expect(other.told).toEqual([]);
    expect(other.self()).toMatchObject({ id: room.id, attendance: 'room' });
  });

  it('a page that was away when their registration changed has the change once it is back', async () => {
    const { remote } = suite.meeting.participants;
    const delegate = await participantPage(remote.token, { reconnect: true });
    const chair = await suite.connect(suite.meeting.tokens.chair);
    delegate.page.socket.disconnect();
    const answer = await chair.client.send('participant:update', { participantId: remote.id, details: { attendance: 'room' } });
    expect(answer.ok).toBe(true);
    delegate.page.socket.connect();
    await delegate.page.until(() => delegate.self()?.attendance === 'room', 5000, 'the change made while away');
    // It resumed from its seq (changes, not a second snapshot).
    expect(delegate.page.snapshots).toBe(1);
  });
});
