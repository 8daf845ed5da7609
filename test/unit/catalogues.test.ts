import { describe, expect, it } from 'vitest';
import { catalogues, isLanguage, languageCookie, languageOfCookies, scriptLanguage, translator } from '../../shared/i18n/catalogue.js';
import { languages, type Language } from '../../shared/meeting/model.js';
import { formatZoned } from '../../shared/zoned-time.js';
import { mailLanguageOf, personalLinkMail } from '../../server/mail/link-mail.js';

type Leaves = Map<string, string>;

function leaves(node: object, prefix = '', into: Leaves = new Map()): Leaves {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') into.set(prefix + key, value);
    else into.set(`${prefix}${key}.`, ''), leaves(value as object, `${prefix}${key}.`, into).delete(`${prefix}${key}.`);
  }
  return into;
}

const PLURAL = /^(.*?)(_ordinal)?_(zero|one|two|few|many|other)$/;

/** Keys grouped by what they say: a plural's forms share one base. */
function bases(entries: Leaves): Map<string, { ordinal: boolean; forms: Map<string, string> }> {
  const grouped = new Map<string, { ordinal: boolean; forms: Map<string, string> }>();
  for (const [key, value] of entries) {
    const match = PLURAL.exec(key);
    const base = match ? match[1]! : key;
    const form = match ? match[3]! : '';
    const entry = grouped.get(base) ?? { ordinal: Boolean(match?.[2]), forms: new Map() };
    entry.forms.set(form, value);
    grouped.set(base, entry);
  }
  return grouped;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();

/** The whole numbers up to 1000 a plural form is used for. */
function numbersOf(language: Language, ordinal: boolean, form: string): number[] {
  const key = `${language} ${ordinal} ${form}`;
  let found = numbersByForm.get(key);
  if (!found) {
    const rules = new Intl.PluralRules(language, { type: ordinal ? 'ordinal' : 'cardinal' });
    found = upTo1000.filter((n) => rules.select(n) === form);
    numbersByForm.set(key, found);
  }
  return found;
}
const numbersByForm = new Map<string, number[]>();
const upTo1000 = Array.from({ length: 1001 }, (_, n) => n);

const english = bases(leaves(catalogues.en));

/**
 * Words that are the same in every language: product, format and standard names, keys, units.
 * Anything else in Latin letters on a Chinese, Russian or Arabic string is English left behind.
 */
const NAMES = new Set(
  (
    'OpenFloor StreamText Zoom TypeWell plover2CAT vMix OBS Tricaster DataLink RSS XML URL JSON HTML CSV PDF ZIP ' +
    'WebVTT SRT GETlivecap Microsoft Teams YouTube CART TCP CAT API Alt Ctrl Meta QR ITU UIT ms ' +
    'position top middle bottom align start center end size font color box none lines length width chroma ' +
    'seq Connector min ANSI Eclipse Escape Esc Enter MP3 OGG Opus ffmpeg DOCX ODT SHA-256 IANA'
  ).split(' '),
);

function englishLeftIn(language: Language, key: string, text: string, source: string): string | null {
  // Placeholders are not words; a time zone's IANA name (Europe/Zurich) is typed as it is, in any language.
  const plain = text.replace(/\{\{[^}]*\}\}/g, ' ').replace(/\b[A-Z][A-Za-z_]+(?:\/[A-Za-z_]+)+/g, ' ');
  // Words in plain Latin letters: not part of a French or Spanish word with accents, but found
  // inside Chinese, which has no spaces.
  const words = (plain.match(/(?<![A-Za-z0-9À-ɏ'’-])[A-Za-z][A-Za-z0-9'’-]*(?![A-Za-z0-9À-ɏ'’-])/g) ?? []).map((word) =>
    word.replace(/[-'’]+$/, ''),
  );
  if (language === 'zh' || language === 'ru' || language === 'ar') {
    const foreign = words.filter((word) => !NAMES.has(word) && !/^[a-z]{1,2}$/.test(word));
    return foreign.length > 0 ? `${key}: ${foreign.join(' ')}` : null;
  }
  // French and Spanish share many words with English ("Total", "Pause", "Intervention"): a
  // sentence of three words or more is not one of them.
  if (text === source && words.filter((word) => !NAMES.has(word)).length >= 3) return `${key}: "${text}" is the English text`;
  // Words a French or Spanish sentence does not use, and an English one can hardly avoid.
  const telltale = words.filter((word) => /^(the|and|of|with|your|you|this|is|are|not|to|for|from|[a-z]+ing)$/i.test(word) && !NAMES.has(word));
  return telltale.length > 0 ? `${key}: ${telltale.join(' ')}` : null;
}

describe('the six translation catalogues', () => {
  it.each(languages)('%s has every key of English and no other', (language) => {
    const theirs = bases(leaves(catalogues[language]));
    expect([...theirs.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(languages)('%s gives each plural exactly the forms its plural rules use', (language) => {
    const theirs = bases(leaves(catalogues[language]));
    for (const [base, source] of english) {
      if (!source.forms.has('other')) continue;
      const rules = new Intl.PluralRules(language, { type: source.ordinal ? 'ordinal' : 'cardinal' });
      // i18next says "no one" with a `_zero` form in every language when the source has one.
      const wanted = new Set<string>(rules.resolvedOptions().pluralCategories);
      if (source.forms.has('zero')) wanted.add('zero');
      expect([...(theirs.get(base)?.forms.keys() ?? [])].sort(), `${language} ${base}`).toEqual([...wanted].sort());
    }
  });

  it.each(languages)('%s keeps the placeholders of every string', (language) => {
    const theirs = bases(leaves(catalogues[language]));
    for (const [base, source] of english) {
      const wanted = placeholders(source.forms.get('other') ?? source.forms.get('')!);
      for (const [form, text] of theirs.get(base)?.forms ?? []) {
        const found = placeholders(text);
        const where = `${language} ${base}_${form}: ${text}`;
        // "None": a zero form needs no number and no amount.
        if (form === 'zero') expect(found.filter((name) => !wanted.includes(name)), where).toEqual([]);
        // A form used only for 1 (and 0) may say it in words ("One problem", «مشكلتان»); any other needs {{count}}.
        else if (numbersOf(language, source.ordinal, form).every((n) => n <= 2) && form !== 'other')
          expect(found.filter((name) => name !== 'count'), where).toEqual(wanted.filter((name) => name !== 'count'));
        else expect(found, where).toEqual(wanted);
      }
    }
  });

  it.each(languages.filter((language) => language !== 'en'))('%s has no English left in it', (language) => {
    const source = leaves(catalogues.en);
    const left: string[] = [];
    for (const [key, text] of leaves(catalogues[language])) {
      const match = PLURAL.exec(key);
      const english = source.get(key) ?? (match ? source.get(`${match[1]}${match[2] ?? ''}_other`) : undefined) ?? '';
      const found = englishLeftIn(language, key, text, english);
      if (found) left.push(found);
    }
    expect(left.join('\n')).toBe('');
  });

  it('the checks see English left behind', () => {
    expect(englishLeftIn('fr', 'k', 'Give the floor', 'Give the floor')).not.toBeNull();
    expect(englishLeftIn('es', 'k', 'Dar the floor', 'Give the floor')).not.toBeNull();
    expect(englishLeftIn('zh', 'k', '发言 speaker', 'speaker')).not.toBeNull();
    expect(englishLeftIn('ru', 'k', 'Формат CART для Microsoft Teams', 'Microsoft Teams CART format')).toBeNull();
    expect(englishLeftIn('zh', 'k', '时区（IANA 时区名，例如 America/Argentina/Buenos_Aires）', 'Time zone')).toBeNull();
    expect(englishLeftIn('zh', 'k', '时区（例如 Europe time zone）', 'Time zone')).not.toBeNull();
  });

  it('plural forms are chosen by each language’s rules', () => {
    expect(translator('ru')('agenda.speeches', { count: 1 })).toBe(catalogues.ru.agenda.speeches_one.replace('{{count}}', '1'));
    expect(translator('ru')('agenda.speeches', { count: 3 })).toContain('3 выступления');
    expect(translator('ru')('agenda.speeches', { count: 5 })).toContain('5 выступлений');
    expect(translator('ru')('agenda.speeches', { count: 21 })).toContain('21 выступление');
    expect(translator('ar')('agenda.speeches', { count: 2 })).toBe((catalogues.ar.agenda as Record<string, string>)['speeches_two']);
    expect(translator('zh')('agenda.speeches', { count: 7 })).toContain('7');
    expect(translator('zh')('agenda.speeches', { count: 0 })).toBe((catalogues.zh.agenda as Record<string, string>)['speeches_zero']);
  });
});

describe('the e-mail that carries personal links', () => {
  const meeting = { title: 'Open consultation', startsAt: Date.UTC(2017, 1, 3, 9), timeZone: 'Europe/Zurich' };
  const one = [{ name: 'Ольга Смирнова', url: 'https://openfloor.example/m/demo/participant#token=x' }];

  it.each(languages)('is written in %s from the shared catalogue, dates in the language, Western digits', (language) => {
    const mail = personalLinkMail('o@example.org', language, meeting, one);
    const t = translator(language);
    expect(mail.subject).toBe(t('mail.subject', { title: 'Open consultation' }));
    expect(mail.text).toContain(t('mail.keepPrivate'));
    expect(mail.text).toContain(one[0]!.url);
    expect(mail.text).toContain(formatZoned(meeting.startsAt, meeting.timeZone, language));
    expect(mail.text).toMatch(/10[:.]00/);
  });

  it('a language the interface does not speak gets English', () => {
    expect(mailLanguageOf('de')).toBe('en');
    expect(mailLanguageOf('ru')).toBe('ru');
  });
});

describe('French typography', () => {
  it('elides with the typographic apostrophe throughout, as French publications and ITU’s French texts do', () => {
    const straight = [...leaves(catalogues.fr)].filter(([, text]) => text.includes("'")).map(([key, text]) => `${key}: ${text}`);
    expect(straight).toEqual([]);
  });
});

describe('numbers in the catalogue’s strings', () => {
  it('are written each language’s way, with Western digits', () => {
    expect(translator('en')('links.personalLinks', { count: 1234 })).toBe('Personal links of 1,234 participants');
    expect(translator('fr')('links.personalLinks', { count: 1234 })).toMatch(/^Liens personnels de 1\s234 participants$/u);
    expect(translator('ru')('links.personalLinks', { count: 1234 })).toMatch(/1\s234 участника$/u);
    expect(translator('ar')('agenda.speeches', { count: 1234 })).toContain('1,234');
    expect(translator('ar')('agenda.speeches', { count: 1234 })).not.toMatch(/[\u0660-\u0669]/);
  });
});

describe('texts interpolated into a right-to-left language', () => {
  it('are bidi-isolated in Arabic, so the question mark ending a Latin title stays at its end; other languages get them as given', () => {
    expect(translator('ar')('cycle.proposals.confirmRemoveHeading', { title: 'What is IPv6?' })).toBe('حذف الاقتراح «\u2068What is IPv6?\u2069»؟');
    expect(translator('en')('cycle.proposals.confirmRemoveHeading', { title: 'What is IPv6?' })).toBe('Remove the proposal “What is IPv6?”?');
    expect(translator('fr')('cycle.proposals.confirmRemoveHeading', { title: 'What is IPv6?' })).toBe('Retirer la proposition « What is IPv6? » ?');
    // Numbers are not isolated: they are written as numbers are in Arabic text.
    expect(translator('ar')('agenda.speeches', { count: 3 })).not.toContain('\u2068');
  });
});

describe('the reader’s choice of language, remembered', () => {
  it('is read from its own cookie among others, only when it names one of the six languages', () => {
    expect(languageOfCookies('theme=dark; openfloor.language=ar; other=1')).toBe('ar');
    expect(languageOfCookies('openfloor.language=fr')).toBe('fr');
    expect(languageOfCookies('openfloor.language=de')).toBeNull();
    expect(languageOfCookies('xopenfloor.language=ar; language=ru')).toBeNull();
    expect(languageOfCookies('')).toBeNull();
    expect(languageOfCookies(undefined)).toBeNull();
  });

  it('is kept for a year on every page of the site, and read back the same', () => {
    expect(languageCookie('zh')).toBe('openfloor.language=zh; Path=/; Max-Age=31536000; SameSite=Lax');
    expect(languageOfCookies(languageCookie('es').split(';')[0])).toBe('es');
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage(['en'])).toBe(false);
    expect(isLanguage('EN')).toBe(false);
  });

  it('a name’s script tells its language only for Chinese, Arabic and Cyrillic letters; digits and punctuation tell nothing', () => {
    expect(scriptLanguage('王伟')).toBe('zh');
    expect(scriptLanguage('  أمينة')).toBe('ar');
    expect(scriptLanguage('(Ольга)')).toBe('ru');
    expect(scriptLanguage('Amina Diallo')).toBeUndefined();
    expect(scriptLanguage('2017 — ')).toBeUndefined();
  });
});
