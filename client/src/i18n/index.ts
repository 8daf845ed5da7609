import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import en from './en.json';

/** Languages the interface is translated into, with their names in themselves. */
export const uiLanguages = { en: 'English', ar: 'العربية' } as const;
export type UiLanguage = keyof typeof uiLanguages;

const STORAGE_KEY = 'openfloor.language';

function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && Object.hasOwn(uiLanguages, value);
}

function storedLanguage(): UiLanguage | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isUiLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** The first of `candidates` (BCP 47 tags) that the interface speaks. */
function firstSupported(candidates: readonly string[]): UiLanguage | null {
  for (const tag of candidates) {
    const base = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return null;
}

/**
 * A choice the person made wins; then the browser's languages that the meeting uses, then
 * the meeting's own languages, then the browser's.
 */
export function defaultLanguage(meetingLanguages: readonly string[] = []): UiLanguage {
  const browser = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  const shared = browser.filter((tag) => meetingLanguages.includes(tag.toLowerCase().split('-')[0] ?? ''));
  return (
    storedLanguage() ?? firstSupported(shared) ?? firstSupported(meetingLanguages) ?? firstSupported(browser) ?? 'en'
  );
}

export function hasChosenLanguage(): boolean {
  return storedLanguage() !== null;
}

export function chooseLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
  void i18next.changeLanguage(language);
}

function reflectOnDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export async function setUpI18n(): Promise<void> {
  i18next.on('languageChanged', reflectOnDocument);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ar: { translation: ar } },
    lng: defaultLanguage(),
    fallbackLng: 'en',
    supportedLngs: Object.keys(uiLanguages),
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  });
  reflectOnDocument(i18next.language);
}
