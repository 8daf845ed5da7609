import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../shared/errors.js';
import { translateHtml, translator } from '../../server/cycle/catalogue.js';
import { catalogues } from '../../shared/i18n/catalogue.js';
import { languages } from '../../shared/meeting/model.js';

type Tree = { [key: string]: string | Tree };

/** Every key of a catalogue section, plural forms folded into their base key. */
function keysOf(tree: Tree, prefix = ''): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (typeof value === 'string') keys.add(path);
    else for (const inner of keysOf(value, `${path}.`)) keys.add(inner);
  }
  return keys;
}

const en = catalogues.en;
const root = join(import.meta.dirname, '../..');
const sources = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => readFileSync(join(root, dir, name), 'utf8'))
    .join('\n');

describe('consultation cycle catalogues', () => {
  it.each(languages)('%s has the consultation and cycle sentences of English', (language) => {
    expect([...keysOf(catalogues[language].consultation as Tree)].sort()).toEqual([...keysOf(en.consultation as Tree)].sort());
    expect([...keysOf(catalogues[language].cycle as Tree)].sort()).toEqual([...keysOf(en.cycle as Tree)].sort());
  });

  it('every sentence the server pages and the cycle pages ask for exists in English', () => {
    const known = new Set([...keysOf(en.consultation as Tree)].map((key) => `consultation.${key}`).concat([...keysOf(en.cycle as Tree)].map((key) => `cycle.${key}`)));
    const used = [...`${sources('server/cycle')}\n${sources('client/src/pages/cycle')}`.matchAll(/'((?:consultation|cycle)\.[a-zA-Z.]+)'/g)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });

  it.each(languages)('every error code is said in %s', (language) => {
    expect(errorCodes.filter((code) => !(code in catalogues[language].errors))).toEqual([]);
  });

  it('escapes a sentence around the markup put into it', () => {
    const t = translator('en');
    const html = translateHtml(t, 'consultation.openUntil', { deadline: '<time datetime="2027-01-02">2 Jan</time>' });
    expect(html).toBe('Open: responses are accepted until <time datetime="2027-01-02">2 Jan</time>.');
    expect(translateHtml((_key, params) => `a <b> ${params?.x}`, 'any', { x: '<i>y</i>' })).toBe('a &lt;b&gt; <i>y</i>');
  });
});
