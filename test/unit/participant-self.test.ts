import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeetingReplica } from '../../client/src/realtime/replica.js';
import type { Participant } from '../../shared/meeting/model.js';
import { changedRegistrations } from '../../shared/meeting/selectors.js';
import { project } from '../../shared/protocol/projection.js';
import type { Own, Snapshot } from '../../shared/protocol/socket.js';
import { buildMeeting, T0 } from './fixtures.js';

const { state, participants } = buildMeeting();
const delegate = participants[0]!;
const registration = state.participants.find((participant) => participant.id === delegate.id)!;
const asOf = (attendance: Participant['attendance']): Own => ({ participant: { ...registration, attendance }, statements: [], setAside: [] });

const snapshot = (seq: number, self: Own): Snapshot => ({
  seq,
  serverNow: T0,
  state: project(state, 'participant'),
  you: { meetingId: state.id, linkId: 'link', role: 'participant', participantId: delegate.id },
  self,
});

describe("a participant's own registration on their page", () => {
  it('an older copy arriving after a newer one is dropped, whichever way each came', () => {
    const replica = new MeetingReplica();
    replica.applySnapshot(snapshot(5, asOf('remote')));
    // The writing node's broadcast of seq 8 arrives before another writer's of seq 7.
    replica.applySelf({ seq: 8, ...asOf('room') });
    replica.applySelf({ seq: 7, ...asOf('remote') });
    expect(replica.getView().self?.participant.attendance).toBe('room');
    // The serving node had only followed the log to seq 6 when it answered.
    replica.applyCatchUp({ kind: 'changes', changes: [], serverNow: T0, self: asOf('remote') });
    expect(replica.getView().self?.participant.attendance).toBe('room');
    replica.applyCatchUp({ kind: 'snapshot', snapshot: snapshot(7, asOf('remote')) });
    expect(replica.getView().self?.participant.attendance).toBe('room');
    expect(replica.getView().seq).toBe(7);
  });

  it('a snapshot or a change as new as the copy held replaces it', () => {
    const replica = new MeetingReplica();
    replica.applySnapshot(snapshot(5, asOf('remote')));
    replica.applySelf({ seq: 8, ...asOf('room') });
    replica.applySnapshot(snapshot(9, asOf('remote')));
    expect(replica.getView().self?.participant.attendance).toBe('remote');
    replica.applySelf({ seq: 9, ...asOf('room') });
    expect(replica.getView().self?.participant.attendance).toBe('room');
  });
});

/** What any reshaping of the list changed, found the slow way. */
const changedById = (before: readonly Participant[], after: readonly Participant[]) => {
  const byId = new Map(before.map((participant) => [participant.id, participant]));
  return after.filter((participant) => byId.get(participant.id) !== participant);
};

describe('the registrations a command changed', () => {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  );

  it('are the new and replaced ones, however the list was reshaped', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        const before = state.participants;
        let after = [...before];
        for (const [serial, { kind, at }] of edits.entries()) {
          const index = after.length ? at % after.length : 0;
          if (kind === 'replace' && after.length) after[index] = { ...after[index]!, attendance: 'room' };
          if (kind === 'append') after.push({ ...registration, id: `new-${serial}` });
          if (kind === 'remove') after.splice(index, 1);
          if (kind === 'swap' && after.length > 1) after = [...after.slice(index + 1), ...after.slice(0, index + 1)];
        }
        expect(changedRegistrations(before, after)).toEqual(changedById(before, after));
      }),
      { numRuns: 500 },
    );
  });

  it('an unchanged list has none', () => {
    expect(changedRegistrations(state.participants, state.participants)).toEqual([]);
    expect(changedRegistrations(state.participants, [...state.participants])).toEqual([]);
  });
});
