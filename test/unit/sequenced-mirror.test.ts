import { describe, expect, it } from 'vitest';
import { SequencedMirror } from '../../client/src/realtime/sequenced.js';

interface View {
  seq: number;
  text: string | null;
}
interface Entry {
  seq: number;
  add: string;
}

/** A toy log: each entry appends its letter; an entry adding '!' does not apply. */
const mirror = () =>
  new SequencedMirror<View, Entry>(
    { seq: 0, text: null },
    (view, entry) => (entry.add === '!' || view.text === null ? null : { seq: entry.seq, text: view.text + entry.add }),
    (view) => view.text !== null,
  );
const entry = (seq: number, add: string): Entry => ({ seq, add });

describe('a page mirror of a server log', () => {
  it('applies consecutive broadcasts and ignores repeats', () => {
    const copy = mirror();
    copy.reset({ seq: 2, text: 'ab' });
    expect(copy.receive(entry(3, 'c'), 'diverged')).toBe('in-sync');
    expect(copy.receive(entry(3, 'c'), 'diverged')).toBe('in-sync');
    expect(copy.getView()).toEqual({ seq: 3, text: 'abc' });
  });

  it('keeps an entry that arrives after a gap, asks for a catch-up, then applies both in order', () => {
    const copy = mirror();
    copy.reset({ seq: 1, text: 'a' });
    expect(copy.receive(entry(3, 'c'), 'diverged')).toBe('needs-catch-up');
    expect(copy.getView().seq).toBe(1);
    expect(copy.catchUp([entry(2, 'b')])).toBe('in-sync');
    expect(copy.getView()).toEqual({ seq: 3, text: 'abc' });
  });

  it('entries before the first snapshot wait for it; those it already covers are dropped', () => {
    const copy = mirror();
    expect(copy.receive(entry(5, 'x'), 'diverged')).toBe('in-sync');
    expect(copy.receive(entry(6, 'y'), 'diverged')).toBe('in-sync');
    expect(copy.reset({ seq: 5, text: 'abcde' })).toBe('in-sync');
    expect(copy.getView()).toEqual({ seq: 6, text: 'abcdey' });
  });

  it('an entry that does not apply answers what the caller chose; a bad catch-up has diverged', () => {
    const copy = mirror();
    copy.reset({ seq: 1, text: 'a' });
    expect(copy.receive(entry(2, '!'), 'needs-catch-up')).toBe('needs-catch-up');
    expect(copy.catchUp([entry(2, '!')])).toBe('diverged');
    expect(copy.catchUp([entry(3, 'c')])).toBe('diverged');
    expect(copy.getView()).toEqual({ seq: 1, text: 'a' });
  });

  it('listeners hear of each change, not of what changes nothing', () => {
    const copy = mirror();
    let calls = 0;
    copy.subscribe(() => (calls += 1));
    copy.reset({ seq: 1, text: 'a' });
    copy.receive(entry(1, 'a'), 'diverged');
    copy.receive(entry(2, 'b'), 'diverged');
    expect(calls).toBe(2);
  });
});
