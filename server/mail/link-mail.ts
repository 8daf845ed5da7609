import { isLanguage, translator } from '../../shared/i18n/catalogue.js';
import { languages, type Language } from '../../shared/meeting/model.js';
import { formatZoned } from '../../shared/zoned-time.js';
import type { MailMessage } from './mailer.js';

/** Languages the interface, and so these e-mails, are written in: the six of the catalogue. */
export const mailLanguages = languages;
export type MailLanguage = Language;

export function mailLanguageOf(language: string | undefined): MailLanguage {
  return isLanguage(language) ? language : 'en';
}

export interface LinkMailMeeting {
  title: string;
  startsAt: number;
  timeZone: string;
}

/** One personal link: whose it is and its address. */
export interface PersonalLinkLine {
  name: string;
  url: string;
}

/**
 * The e-mail that carries personal links, in the participant's language. Plain text: every
 * mail client shows it, screen readers read it, and the link stays on a line of its own.
 */
export function personalLinkMail(
  to: string,
  language: MailLanguage,
  meeting: LinkMailMeeting,
  links: readonly PersonalLinkLine[],
): MailMessage {
  const t = translator(language);
  const when = formatZoned(meeting.startsAt, meeting.timeZone, language);
  const [only] = links;
  const body =
    links.length === 1 && only
      ? [t('mail.greeting', { name: only.name }), t('mail.registered', { title: meeting.title, when }), t('mail.linkIntro'), only.url]
      : [
          t('mail.greetingSeveral'),
          t('mail.registered', { title: meeting.title, when }),
          t('mail.linksIntro'),
          links.map((link) => `${link.name}:\n${link.url}`).join('\n\n'),
        ];
  return {
    to,
    language,
    subject: t('mail.subject', { title: meeting.title }),
    text: [...body, t('mail.keepPrivate'), `— ${t('mail.signature')}`].join('\n\n'),
  };
}
