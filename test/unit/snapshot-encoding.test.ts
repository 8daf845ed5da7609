import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { project, projectionKinds } from '../../shared/protocol/projection.js';
import type { Snapshot } from '../../shared/protocol/socket.js';
import { encodeSnapshot } from '../../server/realtime/projections.js';
import { buildMeeting } from './fixtures.js';

describe('a snapshot encoded once per projected state', () => {
  it('is byte for byte what JSON.stringify writes, whatever the names hold ($&, $1, quotes, the marker itself) and whoever it is for', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('$&', "$'", '$`', '$1', '$$', '"state"', '\u0000state\u0000', 'سلام'));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), fc.constantFrom(...projectionKinds), fc.integer({ min: 0 }), fc.option(text), (names, kind, seq, participantId) => {
        const { state } = buildMeeting({
          participants: names.map((displayName) => ({ displayName: displayName.trim() || 'x', stakeholderGroup: 'government', attendance: 'room' })),
          extraRoles: ['viewer'],
        });
        const projected = project(state, kind);
        const snapshot: Snapshot = {
          seq,
          serverNow: 1_800_000_000_000,
          state: projected,
          you: { meetingId: state.id, linkId: 'l1', role: 'participant', participantId: participantId ?? null },
          // A participant's own registration rides beside the shared state, names and all.
          self: state.participants[0] ? { participant: state.participants[0], statements: [], setAside: [] } : null,
        };
        expect(encodeSnapshot(snapshot)).toBe(JSON.stringify(snapshot));
        // The second connection of the kind gets the same, from the state's kept encoding.
        expect(encodeSnapshot({ ...snapshot, seq: seq + 1 })).toBe(JSON.stringify({ ...snapshot, seq: seq + 1 }));
      }),
      { numRuns: 60 },
    );
  });
});
