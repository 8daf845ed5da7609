import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptionActor, CaptionLogEntry } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, ingestWrite } from '../../shared/captions/stream.js';
import type { Actor } from '../../shared/access/actor.js';
import { CaptionHub } from '../../server/captions/hub.js';
import { MeetingRegistry } from '../../server/meetings/registry.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { meetingDetails, T0 } from './fixtures.js';

const QUIET_MS = 1000;
const SECRETARIAT: Actor = { kind: 'secretariat' };

/** A real hub over an in-memory log, with an open meeting, two captioner seats and a clock the test moves. */
async function bench() {
  let now = T0 - 1000;
  const clock = () => now;
  const store = new MemoryLogStore();
  const registry = await MeetingRegistry.load(store, clock, { captionQuietMs: QUIET_MS });
  /** Each change is made durable at once (the group commit written now), then awaited. */
  const durable = async <T>(pending: Promise<T>): Promise<T> => {
    await registry.commits.flush();
    return pending;
  };
  const run = async (command: Parameters<MeetingRegistry['dispatch']>[2]) => {
    const result = await durable(registry.dispatch('m1', SECRETARIAT, command));
    if (!result.ok) throw new Error(result.error.code);
    return result.value.createdId;
  };
  await run({ type: 'meeting:create', meetingId: 'm1', details: meetingDetails() });
  const seats: string[] = [];
  for (const label of ['Seat A', 'Seat B']) seats.push((await run({ type: 'link:issue', role: 'captioner', label, expiresAt: T0 + 86_400_000 }))!);
  await run({ type: 'meeting:transition', to: 'scheduled' });
  await run({ type: 'meeting:transition', to: 'open' });
  const hub = new CaptionHub(registry);
  return { hub, seats, durable, advance: (ms: number) => (now += ms), close: () => registry.close() };
}

type Step =
  | { kind: 'post'; source: 0 | 1 }
  | { kind: 'retry'; source: 0 | 1 }
  | { kind: 'resend'; source: 0 | 1 }
  | { kind: 'restart'; source: 0 | 1 }
  | { kind: 'takeOver'; source: 0 | 1 }
  | { kind: 'switch'; source: 0 | 1 }
  | { kind: 'wait'; ms: number };

const source = fc.constantFrom(0 as const, 1 as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('post' as const), source }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), source }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resend' as const), source }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), source }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('takeOver' as const), source }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('switch' as const), source }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 2 * QUIET_MS }) }) },
);

describe('two sources on one language stream, around hand-overs', () => {
  it('viewers get exactly what was accepted, each word once, in acceptance order, whatever the interleaving, retries and resends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 80 }), fc.constantFrom('append' as const, 'realtime' as const), async (steps, format) => {
        const { hub, seats, durable, advance, close } = await bench();
        const accepted: string[] = [];
        const senders = seats.map((linkId) => ({ linkId, seq: 0, last: '', words: 0 }));
        const post = async (index: 0 | 1, seq: number, body: string, newWords: string[]) => {
          const sender = senders[index]!;
          const actor: CaptionActor = { kind: 'captioner', linkId: sender.linkId };
          const { command } = ingestWrite(hub.latest('m1', 'en'), sender.linkId, seq, body, format);
          const result = await durable(hub.write('m1', 'en', actor, command));
          if (result.ok && !result.value.duplicate) accepted.push(...newWords);
          if (result.ok) {
            sender.seq = seq;
            sender.last = body;
          } else {
            expect(['CAPTION_NOT_WRITER', 'CAPTION_SEQ_OLD', 'CAPTION_SEQ_REUSED']).toContain(result.error.code);
          }
        };
        const word = (index: 0 | 1) => `${'ab'[index]}${(senders[index]!.words += 1)}`;
        try {
          for (const item of steps) {
            advance(37);
            switch (item.kind) {
              case 'post': {
                const next = word(item.source);
                await post(item.source, senders[item.source]!.seq + 1, `${next} `, [next]);
                break;
              }
              case 'retry':
                if (senders[item.source]!.seq > 0) await post(item.source, senders[item.source]!.seq, senders[item.source]!.last, []);
                break;
              case 'resend': {
                // The same seq again with more text after it: only the extension is new.
                const sender = senders[item.source]!;
                if (sender.seq === 0) break;
                const next = word(item.source);
                await post(item.source, sender.seq, `${sender.last}${next} `, [next]);
                break;
              }
              case 'restart': {
                const next = word(item.source);
                await post(item.source, 1, `${next} `, [next]);
                break;
              }
              case 'takeOver':
                await durable(hub.write('m1', 'en', { kind: 'captioner', linkId: senders[item.source]!.linkId }, { type: 'caption:takeOver' }));
                break;
              case 'switch':
                await durable(hub.handOver('m1', 'en', senders[item.source]!.linkId, 'chair-link', []));
                break;
              case 'wait':
                advance(item.ms);
                break;
            }
          }
          // A viewer rebuilds the stream from the log, as every client does.
          const entries: CaptionLogEntry[] = hub.entriesSince('m1', 'en', 0) ?? [];
          const viewer = entries.reduce((stream, entry) => {
            const result = applyCaption(stream, entry.command, { actor: entry.actor, now: entry.at });
            if (!result.ok) throw new Error(`entry ${entry.seq} does not apply: ${result.error.code}`);
            return result.value.stream;
          }, emptyStream('en'));
          const seen = [...viewer.lines.map((line) => line.text), viewer.tail.text].join(' ').split(/\s+/).filter(Boolean);
          expect(seen).toEqual(accepted);
          expect(viewer).toEqual(hub.fullStream('m1', 'en') ?? emptyStream('en'));
        } finally {
          await close();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('posts on their way to the disk', () => {
  it('a post judged while the one before it is still in the group commit chains on it: rolling windows add each word once', async () => {
    const { hub, seats, durable, close } = await bench();
    try {
      const seat = seats[0]!;
      const windows = ['Good', 'Good morning', 'Good morning to all'];
      // Issued in one tick, as posts arriving within one commit window are: none is durable yet.
      const pending = windows.map((body, index) => {
        const { command } = ingestWrite(hub.latest('m1', 'en'), seat, index + 1, body, 'window');
        return hub.write('m1', 'en', { kind: 'captioner', linkId: seat }, command);
      });
      const answers = await durable(Promise.all(pending));
      expect(answers.map((answer) => answer.ok && !answer.value.duplicate)).toEqual([true, true, true]);
      expect(hub.current('m1', 'en')?.tail.text).toBe('Good morning to all');
    } finally {
      await close();
    }
  });
});
