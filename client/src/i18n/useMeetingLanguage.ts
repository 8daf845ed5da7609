import { useEffect } from 'react';
import i18next from 'i18next';
import { defaultLanguage, hasChosenLanguage } from './index.js';

/** Until the person picks a language, follow the languages of the meeting they opened. */
export function useMeetingLanguage(meetingLanguages: readonly string[] | undefined): void {
  const key = meetingLanguages?.join(',');
  useEffect(() => {
    if (!key || hasChosenLanguage()) return;
    void i18next.changeLanguage(defaultLanguage(key.split(',')));
  }, [key]);
}
