import { describe, expect, it } from 'vitest';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { STATEMENT_MAX_CHARS } from '../../shared/meeting/model.js';
import { useMeetingServer, type MirrorClient } from '../support/harness.js';

const suite = useMeetingServer();

const STATEMENT = 'Kenya supports the draft.\n\nWe ask that community networks be named in the report.';

/** The remote delegate's page, waiting to speak on the first topic: their request's id. */
async function waitingDelegate(): Promise<{ delegate: MirrorClient; requestId: string }> {
  const delegate = await suite.connect(suite.meeting.participants.remote.token);
  const asked = await delegate.client.send('queue:request', { kind: 'intervention' });
  if (!asked.ok) throw new Error(JSON.stringify(asked.error));
  return { delegate, requestId: asked.value.createdId! };
}

const statementsOf = (page: MirrorClient) => currentTopic(page.state!)!.statements;
/** The statements a participant's page holds as its own, text included. */
const ownOf = (page: MirrorClient) => page.client.getView().self?.statements ?? [];

describe('written statements over the socket', () => {
  it('reach the chair whole (as trimmed at the boundary), other delegates while the floor is theirs, and screens and viewers only as a mark then', async () => {
    const { delegate, requestId } = await waitingDelegate();
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const screen = await suite.connect(suite.meeting.tokens.screen);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    const other = await suite.connect(suite.meeting.participants.room.token);
    const sent = await delegate.client.send('statement:submit', { requestId, text: `\n  ${STATEMENT}  \n` });
    expect(sent.ok).toBe(true);
    await chair.until(() => statementsOf(chair).length === 1, 5000, 'the statement');
    expect(statementsOf(chair)[0]).toMatchObject({ requestId, participantId: suite.meeting.participants.remote.id, text: STATEMENT });
    // Not read out yet: the other delegates, screens and viewers are sent nothing of it (its
    // author's pages have it as their own).
    for (const page of [other, delegate, screen, viewer]) await page.atSeq(chair.seq);
    for (const page of [other, delegate, screen, viewer]) expect(statementsOf(page)).toEqual([]);
    expect((await chair.client.send('floor:give', { entryId: requestId })).ok).toBe(true);
    for (const page of [other, delegate]) {
      await page.until(() => statementsOf(page)[0]?.text === STATEMENT, 5000, 'the statement read out');
    }
    await screen.until(() => statementsOf(screen).length === 1, 5000, 'the mark of the statement on the floor');
    expect(statementsOf(screen)[0]).toMatchObject({ requestId, text: '' });
    // A viewer that loads the page now gets the same from its snapshot.
    const late = await suite.connect(suite.meeting.tokens.viewer);
    expect(statementsOf(late)).toEqual([expect.objectContaining({ requestId, text: '' })]);
  });

  it(`one character over ${STATEMENT_MAX_CHARS} is refused as BAD_REQUEST and nothing is logged`, async () => {
    const { delegate, requestId } = await waitingDelegate();
    const before = delegate.seq;
    const refused = await delegate.client.send('statement:submit', { requestId, text: 'a'.repeat(STATEMENT_MAX_CHARS + 1) });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('BAD_REQUEST');
    const fits = await delegate.client.send('statement:submit', { requestId, text: 'a'.repeat(STATEMENT_MAX_CHARS) });
    expect(fits.ok).toBe(true);
    // Only the statement that fits was logged.
    if (fits.ok) expect(fits.value.seq).toBe(before + 1);
  });

  it('the same statement sent twice at once (a double press) is logged once', async () => {
    const { delegate, requestId } = await waitingDelegate();
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const before = chair.seq;
    const answers = await Promise.all([
      delegate.client.send('statement:submit', { requestId, text: STATEMENT }),
      delegate.client.send('statement:submit', { requestId, text: STATEMENT }),
    ]);
    expect(answers.map((answer) => answer.ok)).toEqual([true, true]);
    await chair.until(() => statementsOf(chair).length === 1, 5000, 'the statement');
    const logged = await chair.socket.timeout(5000).emitWithAck('meeting:sync', { lastSeq: before });
    expect(logged.ok && logged.value.kind === 'changes' ? logged.value.changes.map((change: { type: string }) => change.type) : logged).toEqual(['statement:submit']);
  });

  it('the chair setting it aside while its author withdraws it: one of them does it, the other is told it is gone', async () => {
    const { delegate, requestId } = await waitingDelegate();
    const chair = await suite.connect(suite.meeting.tokens.chair);
    await delegate.client.send('statement:submit', { requestId, text: STATEMENT });
    await chair.until(() => statementsOf(chair).length === 1, 5000, 'the statement');
    const answers = await Promise.all([
      chair.client.send('statement:withdraw', { requestId }),
      delegate.client.send('statement:withdraw', { requestId }),
    ]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)).sort()).toEqual(['STATEMENT_NOT_FOUND', 'ok']);
    await chair.until(() => statementsOf(chair).length === 0, 5000, 'the statement gone');
    // The request itself still waits: only the statement went.
    expect(currentTopic(chair.state!)!.queue.map((entry) => entry.id)).toContain(requestId);
  });

  it("its author's every device reads it whole while it waits, one that was away and one opened later included; no other delegate's page is sent it", async () => {
    const { remote, room } = suite.meeting.participants;
    const laptop = await suite.participantPage(remote.token);
    const phone = await suite.participantPage(remote.token, { reconnect: true });
    const other = await suite.participantPage(room.token);
    const asked = await laptop.page.client.send('queue:request', { kind: 'intervention' });
    const requestId = asked.ok ? asked.value.createdId! : '';
    expect((await laptop.page.client.send('statement:submit', { requestId, text: STATEMENT })).ok).toBe(true);
    await phone.page.until(() => ownOf(phone.page)[0]?.text === STATEMENT, 5000, 'the statement sent from the laptop');
    expect(ownOf(phone.page)[0]).toMatchObject({ requestId, topicId: currentTopic(phone.page.state!)!.id, enteredByChair: false });
    // The phone is away (a train's tunnel) while the laptop corrects it.
    phone.page.socket.disconnect();
    const corrected = `${STATEMENT} We thank the secretariat.`;
    expect((await laptop.page.client.send('statement:submit', { requestId, text: corrected })).ok).toBe(true);
    phone.page.socket.connect();
    await phone.page.until(() => ownOf(phone.page)[0]?.text === corrected, 5000, 'the correction made while away');
    expect(phone.page.snapshots, 'resumed with the changes, not a new snapshot').toBe(1);
    // A page opened later has it from its snapshot.
    const later = await suite.participantPage(remote.token);
    expect(ownOf(later.page)).toEqual([expect.objectContaining({ requestId, text: corrected })]);
    // Withdrawn from the phone: gone from every device of theirs.
    expect((await phone.page.client.send('statement:withdraw', { requestId })).ok).toBe(true);
    for (const page of [laptop.page, phone.page, later.page]) await page.until(() => ownOf(page).length === 0, 5000, 'the statement withdrawn');
    await other.page.atSeq(laptop.page.seq);
    expect(other.told, 'another delegate is told nothing of it').toEqual([]);
    expect(ownOf(other.page)).toEqual([]);
  });

  it("a statement the chair's table enters for a waiting delegate reaches that delegate's page, text and all, before the floor comes to them", async () => {
    const { delegate, requestId } = await waitingDelegate();
    const chair = await suite.connect(suite.meeting.tokens.chair);
    expect((await chair.client.send('statement:submit', { requestId, text: STATEMENT })).ok).toBe(true);
    await delegate.until(() => ownOf(delegate).length === 1, 5000, 'the statement entered for them');
    expect(ownOf(delegate)[0]).toMatchObject({ requestId, text: STATEMENT, enteredByChair: true });
    // Their projection has none of it while it waits, as every other delegate's.
    expect(statementsOf(delegate)).toEqual([]);
  });

  it('the chair and the author sending a statement for the same request at once: both are accepted, the later in the log stands, with whose it is', async () => {
    const { delegate, requestId } = await waitingDelegate();
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const fromChair = 'Received by e-mail: Kenya supports the draft.';
    const [chairs, authors] = await Promise.all([
      chair.client.send('statement:submit', { requestId, text: fromChair }),
      delegate.client.send('statement:submit', { requestId, text: STATEMENT }),
    ]);
    if (!chairs.ok || !authors.ok) throw new Error(JSON.stringify([chairs, authors]));
    const last = Math.max(chairs.value.seq, authors.value.seq);
    const standing = chairs.value.seq > authors.value.seq ? { text: fromChair, enteredByChair: true } : { text: STATEMENT, enteredByChair: false };
    await chair.atSeq(last);
    await delegate.atSeq(last);
    expect(statementsOf(chair)).toEqual([expect.objectContaining({ requestId, ...standing })]);
    await delegate.until(() => ownOf(delegate)[0]?.text === standing.text, 5000, 'the statement that stands');
    expect(ownOf(delegate)).toEqual([expect.objectContaining({ requestId, ...standing })]);
  });
});
