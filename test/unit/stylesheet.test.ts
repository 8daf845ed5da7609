import { readFileSync } from 'node:fs';
import { transform } from 'lightningcss';
import { describe, expect, it } from 'vitest';

/**
 * The client's one stylesheet parses without errors or warnings: a rule left open by a merge
 * swallows every rule after it silently (browsers recover by nesting them), and nothing else
 * would tell.
 */
describe('client stylesheet', () => {
  it('parses strictly: every rule closed, nothing dropped', () => {
    const path = new URL('../../client/src/styles.css', import.meta.url);
    const code = readFileSync(path);
    const { warnings } = transform({ filename: 'styles.css', code, errorRecovery: false });
    expect(warnings).toEqual([]);
    // Comments out, line breaks kept, so line numbers stay the file's.
    const source = code.toString('utf8').replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''));
    let depth = 0;
    for (const [index, line] of source.split('\n').entries()) {
      for (const char of line) depth += char === '{' ? 1 : char === '}' ? -1 : 0;
      // An unindented rule is a top-level one: nothing may be left open around it.
      if (/^[^\s@}]/.test(line) && line.trimEnd().endsWith('{')) {
        expect(depth, `the rule opened at line ${index + 1} sits inside an unclosed one`).toBe(1);
      }
    }
    expect(depth).toBe(0);
  });
});
