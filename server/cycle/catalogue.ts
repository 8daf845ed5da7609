import { translator as sharedTranslator } from '../../shared/i18n/catalogue.js';
import type { Language } from '../../shared/meeting/model.js';
import { escapeHtml } from '../archive/exports/html.js';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * The pages this server writes itself (the public consultation page works without JavaScript)
 * say the same words as the rest of the interface: the shared catalogue's `t` for the reader's
 * language, plural forms and numbers included. Plain text out, placeholders unescaped.
 */
export function translator(language: Language): Translate {
  const t = sharedTranslator(language);
  return (key, params) => t(key, params);
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
