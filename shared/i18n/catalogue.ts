import i18next, { type InitOptions, type TFunction } from 'i18next';
import { madeOnce } from '../intl.js';
import { languages, type Language } from '../meeting/model.js';
import ar from './ar.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import ru from './ru.json';
import zh from './zh.json';

/**
 * The one translation catalogue: every page of the client and everything the server writes
 * for people (archive pages and exports, e-mails) reads its words from these six files.
 * English is the source; test/unit/catalogues.test.ts holds the five others to its keys,
 * placeholders and plural forms, so the cast below states what that test checks.
 */
export type Catalogue = typeof en;
export const catalogues = { en, ar, zh, fr, ru, es } as unknown as Readonly<Record<Language, Catalogue>>;

/** Each language's name in itself, for language switchers and file lists. */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  ar: 'العربية',
  zh: '中文',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};

/**
 * Where a reader's choice of language is remembered, under one name: the browser's storage for
 * the app's pages, and a cookie that the pages the server writes itself (the public consultation
 * page, which works without JavaScript) read too.
 */
export const LANGUAGE_CHOICE = 'openfloor.language';

/** The language a request's cookies remember the reader chose, if any. */
export function languageOfCookies(header: string | undefined): Language | null {
  for (const pair of (header ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === LANGUAGE_CHOICE && isLanguage(value)) return value;
  }
  return null;
}

/** The cookie that remembers the reader's choice of language for a year, on every page of the site. */
export const languageCookie = (language: Language): string => `${LANGUAGE_CHOICE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`;

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

/** The language of a BCP 47 tag (`fr-CH` → `fr`, `zh-Hans-CN` → `zh`), if it is one of the six. */
export function languageOfTag(tag: string): Language | null {
  const base = tag.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : null;
}

export const isRtl = (language: string): boolean => languageOfTag(language) === 'ar';
export const dirOf = (language: string): 'rtl' | 'ltr' => (isRtl(language) ? 'rtl' : 'ltr');

/** The i18next resources of all six languages. */
export const resources = Object.fromEntries(
  languages.map((language) => [language, { translation: catalogues[language] }]),
) as Record<Language, { translation: Catalogue }>;

/** Western digits in the language's grouping; '' is the runtime's own language. */
const numberFormat = madeOnce((language: string) => new Intl.NumberFormat(language || undefined, { numberingSystem: 'latn' }));

/**
 * What an interpolated value becomes. A number is written the language's way ("1 234" in
 * French and Russian, "1,234" in English), with Western digits as on every clock of the
 * meeting. A text in a right-to-left language is isolated (FSI … PDI, Unicode's bidi isolates):
 * punctuation that ends a Latin title or name would otherwise take the Arabic sentence's
 * direction and show at the wrong end, so a topic "What is IPv6?" read "?What is IPv6" and
 * "Kenya (KEN)" read "(Kenya (KEN".
 */
export function interpolated(value: unknown, language: string | undefined): unknown {
  if (typeof value === 'number') return numberFormat(language ?? '').format(value);
  if (typeof value === 'string' && value !== '' && language !== undefined && isRtl(language)) return `\u2068${value}\u2069`;
  return value;
}

/**
 * The options client and server give i18next alike (every interpolated value goes through
 * `interpolated`). The output is plain text: React and each export writer escape for their own
 * format.
 */
export const i18nOptions: InitOptions = {
  fallbackLng: 'en',
  showSupportNotice: false,
  interpolation: {
    escapeValue: false,
    alwaysFormat: true,
    format: (value: unknown, _format: string | undefined, language: string | undefined) => interpolated(value, language) as string,
  },
};

const translators = new Map<Language, TFunction>();

/**
 * The server's `t` for one language, with the same plural rules and interpolation the client's
 * i18next uses. Plain text out: each writer escapes for its own format.
 */
export function translator(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({ ...i18nOptions, resources, lng: language, initAsync: false });
    t = instance.t;
    translators.set(language, t);
  }
  return t;
}

const scripts: readonly (readonly [RegExp, Language])[] = [
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Cyrillic}/u, 'ru'],
];

/**
 * The language a text's own script tells for sure, of the six: Chinese characters, Arabic or
 * Cyrillic letters. A name in Latin letters could be in any language, so it gets none and
 * inherits the page's. Marks a Chinese name on an English page `lang="zh"`, so screen readers
 * pronounce it and the browser picks a Chinese font for it.
 */
export function scriptLanguage(text: string): Language | undefined {
  const letter = /\p{L}/u.exec(text)?.[0];
  return letter === undefined ? undefined : scripts.find(([script]) => script.test(letter))?.[1];
}
