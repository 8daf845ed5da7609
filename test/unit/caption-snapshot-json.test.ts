import { describe, expect, it } from 'vitest';
import { emptyStream } from '../../shared/captions/stream.js';
import type { CaptionCatchUp, CaptionSnapshot } from '../../shared/protocol/captions.js';
import { CaptionSnapshotJson } from '../../server/realtime/stream-readers.js';

const snapshotAt = (seq: number, text: string): CaptionSnapshot => {
  const stream = emptyStream('en');
  return { language: 'en', seq, stream: { ...stream, lines: [{ ...(stream.lines[0] ?? {}), n: 1, text } as never], lineCount: 1 } };
};

describe('caption snapshots encoded once for a hall of readers', () => {
  it("a catch-up's JSON is what JSON.stringify gives it, whether it is a snapshot or entries", () => {
    const encoded = new CaptionSnapshotJson();
    const snapshot: CaptionCatchUp = { kind: 'snapshot', snapshot: snapshotAt(7, 'Good morning.') };
    const entries: CaptionCatchUp = { kind: 'entries', language: 'en', entries: [] };
    expect(encoded.catchUp('m1', 'en', snapshot)).toBe(JSON.stringify(snapshot));
    expect(encoded.catchUp('m1', 'en', entries)).toBe(JSON.stringify(entries));
  });

  it('a snapshot at the seq already encoded is not encoded again; a later seq, or another stream, is', () => {
    const encoded = new CaptionSnapshotJson();
    const first = encoded.of('m1', 'en', snapshotAt(7, 'Good morning.'));
    // Two snapshots at one seq are the same state: the second reader is given the first's bytes.
    expect(encoded.of('m1', 'en', snapshotAt(7, 'ignored'))).toBe(first);
    expect(JSON.parse(encoded.of('m1', 'en', snapshotAt(8, 'Good afternoon.'))).stream.lines[0].text).toBe('Good afternoon.');
    expect(JSON.parse(encoded.of('m2', 'en', snapshotAt(7, 'Another meeting.'))).stream.lines[0].text).toBe('Another meeting.');
  });
});
