import { describe, expect, it } from 'vitest';
import { QUIET_COMMIT_MS } from '../../shared/captions/model.js';
import { emptyStream } from '../../shared/captions/stream.js';
import type { Delta } from '../../client/src/captions/draft.js';
import { CaptionWriter, writerYielded, type ServerTail } from '../../client/src/captions/writer.js';

const stream = (writer: string | null, tail: string, lastInputAt: number) => ({ ...emptyStream('en'), writer, tail: { ...emptyStream('en').tail, text: tail }, lastInputAt });

describe('a seat that is not the writer may write once the writer has yielded', () => {
  it('yielded: another seat writes, its tail is committed and it has been silent for the quiet period', () => {
    expect(writerYielded(stream('l1', '', 1000), 'l2', 1000 + QUIET_COMMIT_MS)).toBe(true);
    expect(writerYielded(stream('l1', '', 1000), 'l2', 999 + QUIET_COMMIT_MS)).toBe(false);
    expect(writerYielded(stream('l1', 'still typing', 1000), 'l2', 1000 + QUIET_COMMIT_MS)).toBe(false);
    expect(writerYielded(stream('l2', '', 1000), 'l2', 1000 + QUIET_COMMIT_MS)).toBe(false);
    expect(writerYielded(stream(null, '', 1000), 'l2', 1000 + QUIET_COMMIT_MS)).toBe(false);
  });

  it('the console sends what the seat types only while the other seat has yielded', () => {
    let server: ServerTail = { tail: '', writer: 'l1', yielded: false };
    const sent: Delta[] = [];
    const writer = new CaptionWriter({
      me: 'l2',
      server: () => server,
      write: async (delta) => {
        sent.push(delta);
        return { kind: 'accepted', seq: sent.length };
      },
      now: () => 0,
      setTimer: () => null,
      clearTimer: () => undefined,
      intervalMs: 0,
    });
    writer.type('too early');
    expect(sent).toEqual([]);
    server = { ...server, yielded: true };
    writer.type('Next speaker');
    expect(sent).toEqual([{ erase: 0, text: 'Next speaker' }]);
  });
});
