import { formatZoned } from '../../shared/zoned-time.js';
import type { MailMessage } from './mailer.js';

/** Languages the interface, and so these e-mails, are written in; others get English. */
export const mailLanguages = ['en', 'ar'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

export function mailLanguageOf(language: string | undefined): MailLanguage {
  return (mailLanguages as readonly string[]).includes(language ?? '') ? (language as MailLanguage) : 'en';
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

interface Wording {
  subject: (title: string) => string;
  greeting: (name: string) => string;
  /** Greeting when one address holds several registrations (a delegation's secretary). */
  greetingSeveral: string;
  registered: (title: string, when: string) => string;
  linkIntro: string;
  linksIntro: string;
  keepPrivate: string;
  signature: string;
}

const wording: Record<MailLanguage, Wording> = {
  en: {
    subject: (title) => `Your link to ${title}`,
    greeting: (name) => `Hello ${name},`,
    greetingSeveral: 'Hello,',
    registered: (title, when) => `You are registered for ${title}, starting ${when}.`,
    linkIntro:
      'Your personal link opens your page of the meeting: ask for the floor, follow the live captions and, if you take part remotely, speak from it.',
    linksIntro: 'These are the personal links registered with this address, one for each person:',
    keepPrivate:
      'Keep the link to yourself: whoever has it can ask for the floor in your name. If you lose it, use “Send my link again” on the registration page.',
    signature: 'OpenFloor, for the meeting secretariat',
  },
  ar: {
    subject: (title) => `رابطك إلى ${title}`,
    greeting: (name) => `مرحبًا ${name}،`,
    greetingSeveral: 'مرحبًا،',
    registered: (title, when) => `أنت مسجَّل في ${title}، الذي يبدأ في ${when}.`,
    linkIntro:
      'رابطك الشخصي يفتح صفحتك في الاجتماع: منها تطلب الكلمة وتتابع الترجمة النصية المباشرة، وتتحدث منها إن كنت تشارك عن بُعد.',
    linksIntro: 'هذه هي الروابط الشخصية المسجَّلة بهذا العنوان، رابط لكل شخص:',
    keepPrivate:
      'احتفظ بالرابط لنفسك: فكل من يحصل عليه يستطيع طلب الكلمة باسمك. وإذا فقدته، فاستخدم «أرسل رابطي مرة أخرى» في صفحة التسجيل.',
    signature: 'OpenFloor، نيابةً عن أمانة الاجتماع',
  },
};

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
  const words = wording[language];
  const when = formatZoned(meeting.startsAt, meeting.timeZone, language);
  const [only] = links;
  const body =
    links.length === 1 && only
      ? [words.greeting(only.name), words.registered(meeting.title, when), words.linkIntro, only.url]
      : [
          words.greetingSeveral,
          words.registered(meeting.title, when),
          words.linksIntro,
          links.map((link) => `${link.name}:\n${link.url}`).join('\n\n'),
        ];
  return {
    to,
    language,
    subject: words.subject(meeting.title),
    text: [...body, words.keepPrivate, `— ${words.signature}`].join('\n\n'),
  };
}
