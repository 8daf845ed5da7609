import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { steadyRows, withDeparted, type SteadyRow } from '../../client/src/components/steadyRows.js';

interface Row {
  id: string;
  status: string;
}

const keyOf = (row: Row) => row.id;
const shownAs = (rows: Row[]): SteadyRow<Row>[] => rows.map((row) => ({ row, left: false }));
const keys = (rows: SteadyRow<Row>[]) => rows.map(({ row }) => row.id);

/** Distinct ids, as a list's rows have. */
const rowList = fc.uniqueArray(fc.record({ id: fc.constantFrom(...'abcdefghij'.split('')), status: fc.constantFrom('pending', 'approved') }), { selector: (row) => row.id, maxLength: 10 });

describe('rows held still while someone works on a list', () => {
  it('a row decided elsewhere stays where it was, marked as left, so the rows below it do not move up under the pointer', () => {
    const shown = shownAs([
      { id: 'layla', status: 'pending' },
      { id: 'omar', status: 'pending' },
      { id: 'aisha', status: 'pending' },
    ]);
    const next = steadyRows(shown, [{ id: 'omar', status: 'pending' }, { id: 'aisha', status: 'pending' }], keyOf, new Set());
    expect(next).toEqual([
      { row: { id: 'layla', status: 'pending' }, left: true },
      { row: { id: 'omar', status: 'pending' }, left: false },
      { row: { id: 'aisha', status: 'pending' }, left: false },
    ]);
  });

  it('a row this page decided on itself leaves: the person expects it to', () => {
    const shown = shownAs([
      { id: 'layla', status: 'pending' },
      { id: 'omar', status: 'pending' },
    ]);
    expect(keys(steadyRows(shown, [{ id: 'omar', status: 'pending' }], keyOf, new Set(['layla'])))).toEqual(['omar']);
  });

  it('a row that arrives goes after every row shown, even when its place in the list is earlier', () => {
    const shown = shownAs([
      { id: 'b', status: 'pending' },
      { id: 'c', status: 'pending' },
    ]);
    expect(keys(steadyRows(shown, [{ id: 'a', status: 'pending' }, { id: 'b', status: 'pending' }, { id: 'c', status: 'pending' }], keyOf, new Set()))).toEqual(['b', 'c', 'a']);
  });

  it('no row shown moves: each keeps its index, takes its new value, and every row of the list is shown once', () => {
    fc.assert(
      fc.property(rowList, rowList, (before, now) => {
        const shown = shownAs(before);
        const next = steadyRows(shown, now, keyOf, new Set());
        for (const [index, row] of before.entries()) expect(next[index]?.row.id).toBe(row.id);
        for (const row of now) expect(next.filter((entry) => entry.row.id === row.id)).toEqual([{ row, left: false }]);
        expect(next.filter((entry) => entry.left).map((entry) => entry.row)).toEqual(before.filter((row) => !now.some((other) => other.id === row.id)));
        expect(next).toHaveLength(before.length + now.filter((row) => !before.some((other) => other.id === row.id)).length);
      }),
    );
  });

  it('letting rows go removes only those that left, and the others keep their order', () => {
    fc.assert(
      fc.property(rowList, rowList, fc.subarray('abcdefghij'.split('')), (before, now, letGo) => {
        const next = steadyRows(shownAs(before), now, keyOf, new Set(letGo));
        const stillThere = (id: string) => now.some((row) => row.id === id) || !letGo.includes(id);
        expect(keys(next).filter((id) => before.some((row) => row.id === id))).toEqual(before.map((row) => row.id).filter(stillThere));
      }),
    );
  });

  it('the speakers’ list keeps a departed line just after the line it followed, while the order of the others shows at once', () => {
    const shown = shownAs([
      { id: 'kenya', status: 'waiting' },
      { id: 'brazil', status: 'waiting' },
      { id: 'india', status: 'waiting' },
    ]);
    // Brazil withdrew; another console moved India to the top.
    const next = withDeparted(shown, [{ id: 'india', status: 'waiting' }, { id: 'kenya', status: 'waiting' }], keyOf, new Set());
    expect(next.map(({ row, left }) => `${row.id}${left ? ' (left)' : ''}`)).toEqual(['india', 'kenya', 'brazil (left)']);
    expect(keys(withDeparted(shown, [{ id: 'india', status: 'waiting' }], keyOf, new Set(['kenya'])))).toEqual(['brazil', 'india']);
  });

  it('with departures held, the list shows every row of the new list once and in its order, and each departed row not let go once', () => {
    fc.assert(
      fc.property(rowList, rowList, fc.subarray('abcdefghij'.split('')), (before, now, letGo) => {
        const next = withDeparted(shownAs(before), now, keyOf, new Set(letGo));
        expect(next.filter((entry) => !entry.left).map((entry) => entry.row)).toEqual(now);
        const departed = before.filter((row) => !now.some((other) => other.id === row.id) && !letGo.includes(row.id));
        expect(next.filter((entry) => entry.left).map((entry) => entry.row.id).sort()).toEqual(departed.map((row) => row.id).sort());
      }),
    );
  });
});
