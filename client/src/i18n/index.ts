import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  i18nOptions,
  isLanguage,
  LANGUAGE_CHOICE,
  languageCookie,
  languageNames,
  languageOfCookies,
  languageOfTag,
  resources,
} from '../../../shared/i18n/catalogue.js';
import type { Language } from '../../../shared/meeting/model.js';

/** Languages the interface is translated into, with their names in themselves: the six of the UN. */
export const uiLanguages = languageNames;
export type UiLanguage = Language;

/** The reader's choice: made on a page of the app, or on a page the server writes (its cookie). */
function storedLanguage(): UiLanguage | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_CHOICE);
    if (isLanguage(stored)) return stored;
  } catch {
    // Private browsing may refuse storage; the cookie may still say.
  }
  return languageOfCookies(document.cookie);
}

/** The first of `candidates` (BCP 47 tags) that the interface speaks. */
function firstSupported(candidates: readonly string[]): UiLanguage | null {
  for (const tag of candidates) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return null;
}

/**
 * A choice the person made wins; then the first of the browser's languages the interface
 * speaks (it speaks all six UN languages), then the meeting's own languages.
 */
export function defaultLanguage(meetingLanguages: readonly string[] = []): UiLanguage {
  const browser = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return storedLanguage() ?? firstSupported(browser) ?? firstSupported(meetingLanguages) ?? 'en';
}

export function hasChosenLanguage(): boolean {
  return storedLanguage() !== null;
}

export function chooseLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(LANGUAGE_CHOICE, language);
  } catch {
    // Private browsing may refuse storage; the cookie below may still keep the choice.
  }
  // The public consultation page is written by the server, which reads the choice from here.
  document.cookie = languageCookie(language);
  void i18next.changeLanguage(language);
}

function reflectOnDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export async function setUpI18n(): Promise<void> {
  i18next.on('languageChanged', reflectOnDocument);
  await i18next.use(initReactI18next).init({
    resources,
    lng: defaultLanguage(),
    ...i18nOptions,
    supportedLngs: Object.keys(uiLanguages),
  });
  reflectOnDocument(i18next.language);
}
