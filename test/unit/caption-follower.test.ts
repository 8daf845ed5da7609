import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CaptionFollower } from '../../client/src/captions/follow.js';
import { CaptionMirror } from '../../client/src/captions/mirror.js';
import type { MeetingSocket } from '../../client/src/realtime/MeetingClient.js';
import type { CaptionLine } from '../../shared/captions/model.js';
import { emptyStream } from '../../shared/captions/stream.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { CaptionCatchUp, CaptionLinesPage } from '../../shared/protocol/captions.js';
import type { Ack } from '../../shared/protocol/socket.js';

const line = (n: number): CaptionLine => ({
  n,
  text: `line ${n}`,
  language: 'en',
  startedAt: n,
  committedAt: n,
  writer: 'seat',
  topicId: null,
  speaker: { participantId: null, label: null },
});
const linesFrom = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => line(from + index));

const snapshot = (seq: number, lines: CaptionLine[]): CaptionCatchUp => ({
  kind: 'snapshot',
  snapshot: { language: 'en', seq, stream: { ...emptyStream('en'), lines, lineCount: lines.at(-1)?.n ?? 0 } },
});

/**
 * A server that had 400 lines when the page came back: the page held lines 1-3, its snapshot
 * brings 301-400, and each `caption:fetchLines` is answered by `answer` (the page's attempt
 * number at that line given), else with the lines.
 */
function pageBack(answer: (fromLine: number, attempt: number) => ErrorCode | null, held?: Promise<void>) {
  const socket = Object.assign(new EventEmitter(), { connected: true }) as unknown as MeetingSocket;
  const mirror = new CaptionMirror('en');
  mirror.applyCatchUp(snapshot(3, linesFrom(1, 3)));
  const attempts = new Map<number, number>();
  const asked: number[] = [];
  const subscriptions = { count: 0 };
  const request = async (event: string, payload: { fromLine: number; limit: number }): Promise<Ack<CaptionCatchUp | CaptionLinesPage>> => {
    if (event === 'caption:subscribe') {
      subscriptions.count += 1;
      return { ok: true, value: snapshot(900, linesFrom(301, 400)) };
    }
    asked.push(payload.fromLine);
    if (asked.length === 1 && held) await held;
    const attempt = (attempts.get(payload.fromLine) ?? 0) + 1;
    attempts.set(payload.fromLine, attempt);
    const code = answer(payload.fromLine, attempt);
    if (code) return { ok: false, error: { code, message: '' } };
    const lines = linesFrom(payload.fromLine, Math.min(400, payload.fromLine + payload.limit - 1));
    return { ok: true, value: { language: 'en', fromLine: payload.fromLine, lines, lineCount: 400 } };
  };
  const follower = new CaptionFollower({ socket, request: request as never, mirror, history: true, retryAfterMs: 1 });
  return { mirror, follower, asked, subscriptions, socket: socket as unknown as EventEmitter & { connected: boolean } };
}

const settled = (mirror: CaptionMirror) =>
  vi.waitFor(
    () => {
      expect(mirror.getView().seq, 'the snapshot of the return').toBe(900);
      expect(mirror.nextMissing(), 'every missed line fetched or given up').toBeNull();
    },
    { timeout: 5_000, interval: 5 },
  );
const numbers = (mirror: CaptionMirror) => mirror.getView().stream!.lines.map((held) => held.n);

describe('a page back from a long absence fetches the lines it missed', () => {
  it('page by page, oldest first, until the transcript has every line', async () => {
    const { mirror, follower, asked } = pageBack(() => null);
    await settled(mirror);
    follower.stop();
    expect(asked).toEqual([4, 204]);
    expect(numbers(mirror)).toEqual(linesFrom(1, 400).map((held) => held.n));
    expect(mirror.getView().skipped).toEqual([]);
  });

  it('pages refused for the request rate are asked again at the pace allowed, never given up', async () => {
    const { mirror, follower } = pageBack((_fromLine, attempt) => (attempt <= 5 ? 'RATE_LIMITED' : null));
    await settled(mirror);
    follower.stop();
    expect(numbers(mirror)).toHaveLength(400);
    expect(mirror.getView().skipped).toEqual([]);
  });

  it('a page that keeps failing is given up after three tries and said to be skipped; the pages after it still come', async () => {
    const { mirror, follower, asked } = pageBack((fromLine) => (fromLine === 4 ? 'INTERNAL' : null));
    await settled(mirror);
    expect(asked).toEqual([4, 4, 4, 204]);
    expect(mirror.getView().skipped).toEqual([{ from: 4, to: 203 }]);
    expect(numbers(mirror)).toEqual([1, 2, 3, ...linesFrom(204, 400).map((held) => held.n)]);
    follower.stop();
  });

  it('a page refused outright is skipped at once', async () => {
    const { mirror, follower, asked } = pageBack((fromLine) => (fromLine === 4 ? 'UNKNOWN_LANGUAGE' : null));
    await settled(mirror);
    follower.stop();
    expect(asked).toEqual([4, 204]);
    expect(mirror.getView().skipped).toEqual([{ from: 4, to: 203 }]);
  });

  it('a page answered only after the connection dropped and came back does not stop the fetching', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { mirror, follower, asked, socket, subscriptions } = pageBack(() => null, held);
    await vi.waitFor(() => expect(asked, 'the first page asked for').toEqual([4]), { timeout: 5_000, interval: 5 });
    socket.connected = false;
    socket.emit('disconnect');
    socket.connected = true;
    socket.emit('connect');
    // The answer meant for the old connection arrives after the new subscription.
    await vi.waitFor(() => expect(subscriptions.count, 'subscribed again').toBe(2), { timeout: 5_000, interval: 5 });
    release();
    await settled(mirror);
    follower.stop();
    expect(numbers(mirror)).toHaveLength(400);
  });
});
