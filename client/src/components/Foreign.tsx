import type { Language } from '../../../shared/meeting/model.js';
import { dirOf, scriptLanguage } from '../../../shared/i18n/catalogue.js';

interface ForeignProps {
  text: string;
  /** The text's language when known (a caption language, a meeting's original); else its script tells. */
  language?: Language | undefined;
  className?: string;
  id?: string;
}

/**
 * Text people wrote (names, titles) inside a page in another language: isolated for direction,
 * with its own `lang` and `dir` when known, so a Chinese name on a Russian page is read out and
 * drawn as Chinese and an Arabic title on an English page stays right-to-left.
 */
export function Foreign({ text, language, className, id }: ForeignProps) {
  const lang = language ?? scriptLanguage(text);
  return (
    <bdi className={className} id={id} lang={lang} dir={lang ? dirOf(lang) : undefined}>
      {text}
    </bdi>
  );
}
