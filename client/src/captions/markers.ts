import type { Language } from '../../../shared/meeting/model.js';

/** Sounds a captioner tags in parentheses, as in Caption First's ITU transcripts. */
export const soundTags = ['applause', 'gavel', 'inaudible', 'laughter'] as const;
export type SoundTag = (typeof soundTags)[number];

/**
 * The tags are caption text, so they follow the caption language, not the interface's.
 * English is the fallback.
 */
const soundTagText: Record<Language, Record<SoundTag, string>> = {
  en: { applause: '(Applause)', gavel: '(Gavel)', inaudible: '(Inaudible)', laughter: '(Laughter)' },
  ar: { applause: '(تصفيق)', gavel: '(طرق المطرقة)', inaudible: '(غير مسموع)', laughter: '(ضحك)' },
  fr: { applause: '(Applaudissements)', gavel: '(Coup de marteau)', inaudible: '(Inaudible)', laughter: '(Rires)' },
  es: { applause: '(Aplausos)', gavel: '(Golpe de mazo)', inaudible: '(Inaudible)', laughter: '(Risas)' },
  ru: { applause: '(Аплодисменты)', gavel: '(Удар молотка)', inaudible: '(Неразборчиво)', laughter: '(Смех)' },
  zh: { applause: '（掌声）', gavel: '（敲槌声）', inaudible: '（听不清）', laughter: '（笑声）' },
};

export function soundTagFor(tag: SoundTag, language: Language): string {
  return soundTagText[language]?.[tag] ?? soundTagText.en[tag];
}

/**
 * `>> NAME: ` for a named speaker, a bare `>> ` for an unknown one. A colon or line break in
 * the name would end the label early, so they become spaces; the server reads at most 120
 * characters of a name.
 */
export function speakerMarker(name: string | null | undefined): string {
  const clean = (name ?? '')
    .replace(/[:\n\r\t]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = Array.from(clean).slice(0, 120).join('').trim();
  return cut ? `>> ${cut}: ` : '>> ';
}
