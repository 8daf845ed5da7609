import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/access/actor.js';
import { execute } from '../../shared/meeting/execute.js';
import { consoleCommand, type ConsoleIntent } from '../../shared/meeting/intents.js';
import { speechKinds, type MeetingState, type Topic } from '../../shared/meeting/model.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { buildMeeting, personalLinkActor } from './fixtures.js';

/**
 * The chair and the moderator each run a console showing the meeting as it was when their
 * page last heard from the server. Whatever they press, in whatever order the commands reach
 * the server, no speech may start or end unless the person who caused it saw it coming.
 */

const pressActions = ['next', 'give', 'end', 'pause', 'resume', 'readdLast', 'adjourn', 'move', 'remove'] as const;
type PressAction = (typeof pressActions)[number];

type Step =
  | { step: 'press'; console: 0 | 1; action: PressAction; pick: number; to: number }
  | { step: 'refresh'; console: 0 | 1 }
  | { step: 'request'; who: number; kind: (typeof speechKinds)[number] }
  | { step: 'reopen' };

const consoleArb = fc.constantFrom<0 | 1>(0, 1);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      step: fc.constant('press' as const),
      console: consoleArb,
      action: fc.constantFrom(...pressActions),
      pick: fc.nat({ max: 6 }),
      to: fc.nat({ max: 6 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ step: fc.constant('refresh' as const), console: consoleArb }) },
  {
    weight: 5,
    arbitrary: fc.record({
      step: fc.constant('request' as const),
      who: fc.nat({ max: 3 }),
      kind: fc.constantFrom(...speechKinds),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ step: 'reopen' as const }) },
);


function intentFrom(view: MeetingState, action: PressAction, pick: number, to: number): ConsoleIntent | null {
  const queue = currentTopic(view)?.queue ?? [];
  const entry = queue.length > 0 ? queue[pick % queue.length]! : null;
  switch (action) {
    case 'give':
    case 'remove':
      return entry && { action, entryId: entry.id };
    case 'move':
      return entry && { action, entryId: entry.id, toIndex: to % queue.length };
    default:
      return { action };
  }
}

const floorId = (topic: Topic | null) => topic?.floor?.id ?? null;

/** Why an accepted command was not what its issuer meant, or null when it was. */
function unintended(view: MeetingState, intent: ConsoleIntent, before: MeetingState, after: MeetingState): string | null {
  const [seen, was, is] = [currentTopic(view), currentTopic(before), currentTopic(after)];
  if (was?.floor && floorId(is) !== was.floor.id && floorId(seen) !== was.floor.id) {
    return `${intent.action} ended speech ${was.floor.id}, which the console did not show`;
  }
  if (is?.floor && is.floor.id !== floorId(was)) {
    const meant =
      intent.action === 'next' ? seen?.queue[0]?.id : intent.action === 'give' ? intent.entryId : undefined;
    if (meant !== is.floor.id) return `${intent.action} started speech ${is.floor.id}; the console meant ${meant}`;
    if (floorId(seen) !== floorId(was)) return `${intent.action} replaced a floor the console did not show`;
  }
  if ((intent.action === 'pause' || intent.action === 'resume') && floorId(seen) !== floorId(was)) {
    return `${intent.action} acted on speech ${floorId(was)}; the console showed ${floorId(seen)}`;
  }
  if (intent.action === 'readdLast') {
    const readded = is?.queue.find((entry) => !was?.queue.some((old) => old.id === entry.id));
    const shown = seen?.history.at(-1)?.participantId;
    if (readded && readded.participantId !== shown) return `re-added ${readded.participantId}; the console showed ${shown}`;
  }
  if (intent.action === 'move') {
    const seenAt = seen?.queue.findIndex((entry) => entry.id === intent.entryId);
    const wasAt = was?.queue.findIndex((entry) => entry.id === intent.entryId);
    if (seenAt !== wasAt) return `moved ${intent.entryId} from place ${wasAt}; the console showed it at ${seenAt}`;
  }
  return null;
}

describe('two consoles pressing buttons at once', () => {
  it('never produce a speech nobody intended, in any interleaving', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 50 }), fc.nat({ max: 3 }), (steps, initial) => {
        const built = buildMeeting();
        const consoles: Actor[] = [built.chair, built.moderator];
        let now = built.session.now;
        let state = built.state;
        const accept = (actor: Actor, command: Parameters<typeof execute>[1]) => {
          const result = execute(state, command, { actor, now });
          if (result.ok) state = result.value.state;
          return result;
        };
        for (let index = 0; index <= initial; index += 1) {
          accept(personalLinkActor(state, built.participants[index]!.id), { type: 'queue:request', kind: 'intervention' });
        }
        const views: MeetingState[] = [state, state];

        for (const step of steps) {
          now += 1000;
          if (step.step === 'refresh') views[step.console] = state;
          else if (step.step === 'reopen') accept(built.chair, { type: 'meeting:transition', to: 'open' });
          else if (step.step === 'request') {
            const who = built.participants[step.who % built.participants.length]!;
            accept(personalLinkActor(state, who.id), { type: 'queue:request', kind: step.kind });
          } else {
            const view = views[step.console]!;
            const intent = intentFrom(view, step.action, step.pick, step.to);
            const command = intent && consoleCommand(view, intent);
            if (!intent || !command) continue;
            const before = state;
            const result = accept(consoles[step.console]!, command);
            const key = result.ok ? `ok ${intent.action}` : result.error.code;
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
            if (!result.ok) continue;
            const problem = unintended(view, intent, before, state);
            if (problem) throw new Error(problem);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator did race the consoles, and the races were refused rather than applied.
    expect(outcomes.get('FLOOR_CHANGED') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('ok next') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('ok end') ?? 0).toBeGreaterThan(0);
  });
});
