import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languages, type Language } from '../../shared/meeting/model.js';
import { escapeHtml } from '../archive/exports/html.js';

type Tree = { [key: string]: string | Tree };

const catalogueDir = join(import.meta.dirname, '../../client/src/i18n');

/**
 * The interface's own translation catalogues (client/src/i18n/<language>.json), read once:
 * the pages this server writes itself (the public consultation page works without
 * JavaScript) say the same words as the rest of the interface. A language without a
 * catalogue, or a key missing from one, reads in English.
 */
function load(): Partial<Record<Language, Tree>> {
  const trees: Partial<Record<Language, Tree>> = {};
  for (const language of languages) {
    const file = join(catalogueDir, `${language}.json`);
    if (existsSync(file)) trees[language] = JSON.parse(readFileSync(file, 'utf8')) as Tree;
  }
  return trees;
}

const trees = load();

function lookup(tree: Tree | undefined, key: string): string | null {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = node[part];
  }
  return typeof node === 'string' ? node : null;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The catalogues' `{{name}}` placeholders filled with the (unescaped) values given. */
export function translator(language: Language): Translate {
  return (key, params = {}) => {
    const text = lookup(trees[language], key) ?? lookup(trees.en, key) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/**
 * A sentence for an HTML page: the catalogue's text escaped, its placeholders filled with
 * markup the caller built (a `<time>`, a link) and escaped itself.
 */
export function translateHtml(t: Translate, key: string, markup: Record<string, string> = {}): string {
  const marks = Object.fromEntries(Object.keys(markup).map((name, index) => [name, `\u0000${index}\u0000`]));
  const text = escapeHtml(t(key, marks));
  return Object.values(markup).reduce((html, value, index) => html.split(`\u0000${index}\u0000`).join(value), text);
}

/**
 * The language a consultation page is written in: the reader's when its catalogue has the
 * consultation's sentences, else English, so the page never claims a language it is not in.
 */
export const pageLanguage = (language: Language): Language => (lookup(trees[language], 'consultation.intro') === null ? 'en' : language);
