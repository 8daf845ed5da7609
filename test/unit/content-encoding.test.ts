import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseEncoding, type ContentEncoding } from '../../server/http/encodings.js';

const both: ContentEncoding[] = ['br', 'gzip'];

describe('choosing the compressed copy a request takes (RFC 9110 §12.5.3)', () => {
  it.each([
    ['gzip, deflate, br, zstd', both, 'br'],
    ['gzip, deflate, br, zstd', ['gzip'], 'gzip'],
    ['BR', both, 'br'],
    [' gzip ; q=1 , br ; q=0.5', both, 'gzip'],
    ['br;q=0, gzip', both, 'gzip'],
    ['*', both, 'br'],
    ['*;q=0.5, br;q=0', both, 'gzip'],
    ['identity', both, null],
    ['deflate', both, null],
    ['*;q=0', both, null],
    ['br;q=0.000', both, null],
    ['br;q=nonsense, gzip;q=0.1', both, 'gzip'],
    ['', both, null],
    [undefined, both, null],
    ['br', [], null],
  ] as const)('%j offered %j: %j', (header, offered, expected) => {
    expect(chooseEncoding(header, offered)).toBe(expected);
  });

  it('never chooses a copy that was not offered, nor one the request weighs at zero', () => {
    const coding = fc.constantFrom('br', 'gzip', 'deflate', 'identity', '*', 'zstd');
    const weight = fc.option(fc.constantFrom('0', '0.5', '1', '0.001'), { nil: undefined });
    // Each coding named once: a header naming one twice says nothing clear.
    const header = fc.uniqueArray(fc.tuple(coding, weight), { maxLength: 5, selector: ([name]) => name }).map((parts) => parts.map(([name, q]) => (q === undefined ? name : `${name};q=${q}`)).join(', '));
    fc.assert(
      fc.property(header, fc.subarray(both), (accept, offered) => {
        const chosen = chooseEncoding(accept, offered);
        if (chosen === null) return;
        expect(offered).toContain(chosen);
        const weights = accept.split(', ').filter((part) => part.startsWith(chosen) || part.startsWith('*'));
        const own = accept.split(', ').find((part) => part.split(';')[0] === chosen);
        if (own) expect(own).not.toMatch(/;q=0$/);
        expect(weights.length).toBeGreaterThan(0);
      }),
    );
  });
});
