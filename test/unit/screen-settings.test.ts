import { describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import { MeetingCommand } from '../../shared/meeting/commands.js';
import { replay } from '../../shared/meeting/execute.js';
import { defaultCaptionDisplay, type CaptionDisplay } from '../../shared/meeting/model.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { captionLanguagesOfLink, screenCaptionLanguages } from '../../client/src/captions/layout.js';
import { buildMeeting, DAY, T0 } from './fixtures.js';

const display = (change: Partial<CaptionDisplay>): CaptionDisplay => ({ ...defaultCaptionDisplay, ...change });

describe('room screen settings: caption languages, their arrangement, the last speakers', () => {
  it('a caption display logged before these settings existed replays with their defaults', () => {
    const { session } = buildMeeting();
    const stored = JSON.parse(
      JSON.stringify([
        ...session.log,
        {
          seq: session.log.length + 1,
          at: T0 + 1000,
          actor: SECRETARIAT,
          command: { type: 'meeting:setCaptionDisplay', display: { lines: 6, lineLength: 37, theme: 'yellow-on-black' } },
        },
        {
          seq: session.log.length + 2,
          at: T0 + 2000,
          actor: SECRETARIAT,
          command: { type: 'link:issue', role: 'screen', label: 'Screen 1', expiresAt: T0 + DAY },
        },
      ]),
    );
    const state = replay(stored.map((entry: unknown) => LogEntry.parse(entry)))!;
    expect(state.captionDisplay).toEqual({
      lines: 6,
      lineLength: 37,
      theme: 'yellow-on-black',
      screenLanguages: [],
      arrangement: 'side-by-side',
      recentSpeakers: 1,
      signer: false,
    });
    expect(state.links.at(-1)).toMatchObject({ role: 'screen', label: 'Screen 1', captions: [] });
  });

  it('the chair sets the screen to two of the meeting languages, stacked, with the last three speakers', () => {
    const { session, chair } = buildMeeting();
    const chosen = display({ screenLanguages: ['ar', 'en'], arrangement: 'stacked', recentSpeakers: 3 });
    session.run(chair, { type: 'meeting:setCaptionDisplay', display: chosen });
    expect(session.meeting.captionDisplay).toEqual(chosen);
  });

  it('a screen language the meeting is not captioned in is refused and changes nothing', () => {
    const { session, chair } = buildMeeting();
    expect(session.refuse(chair, { type: 'meeting:setCaptionDisplay', display: display({ screenLanguages: ['zh'] }) })).toBe(
      'UNKNOWN_LANGUAGE',
    );
  });

  it('the display schema refuses a repeated language, three languages, and more than three last speakers', () => {
    const parse = (change: object) =>
      MeetingCommand.safeParse({ type: 'meeting:setCaptionDisplay', display: { ...defaultCaptionDisplay, ...change } }).success;
    expect(parse({ screenLanguages: ['en', 'ar'] })).toBe(true);
    expect(parse({ screenLanguages: ['en', 'en'] })).toBe(false);
    expect(parse({ screenLanguages: ['en', 'ar', 'fr'] })).toBe(false);
    expect(parse({ recentSpeakers: 4 })).toBe(false);
    expect(parse({ arrangement: 'diagonal' })).toBe(false);
  });

  it('a screen link records up to two caption languages, a viewer link one, other links none', () => {
    const { session } = buildMeeting();
    const issue = (role: 'screen' | 'viewer' | 'chair', captions: ('en' | 'ar' | 'fr' | 'zh')[]) =>
      ({ type: 'link:issue', role, label: role, expiresAt: T0 + DAY, captions }) as const;
    const screenId = session.run(SECRETARIAT, issue('screen', ['en', 'ar']))!;
    const viewerId = session.run(SECRETARIAT, issue('viewer', ['ar']))!;
    expect(session.meeting.links.find((link) => link.id === screenId)!.captions).toEqual(['en', 'ar']);
    expect(session.meeting.links.find((link) => link.id === viewerId)!.captions).toEqual(['ar']);
    expect(session.refuse(SECRETARIAT, issue('viewer', ['en', 'ar']))).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, issue('chair', ['en']))).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, issue('screen', ['zh']))).toBe('UNKNOWN_LANGUAGE');
  });
});

describe("a screen's caption languages", () => {
  const meeting = ['en', 'ar', 'fr'] as const;

  it('come from its link first, at most two, only languages the meeting has', () => {
    expect(captionLanguagesOfLink('?captions=ar', meeting)).toEqual(['ar']);
    expect(captionLanguagesOfLink('?captions=ar,en', meeting)).toEqual(['ar', 'en']);
    expect(captionLanguagesOfLink('?captions=AR,%20fr,en', meeting)).toEqual(['ar', 'fr']);
    expect(captionLanguagesOfLink('?captions=zh,ar,ar', meeting)).toEqual(['ar']);
    expect(captionLanguagesOfLink('', meeting)).toEqual([]);
    // Screens pointed at a language by hand before links carried one keep working.
    expect(captionLanguagesOfLink('?lang=ar', meeting)).toEqual(['ar']);
    expect(screenCaptionLanguages('?captions=fr', ['ar', 'en'], meeting)).toEqual(['fr']);
  });

  it("then from the chair's choice, then the meeting's first language", () => {
    expect(screenCaptionLanguages('', ['ar', 'en'], meeting)).toEqual(['ar', 'en']);
    expect(screenCaptionLanguages('?captions=zh', ['zh', 'ar'], meeting)).toEqual(['ar']);
    expect(screenCaptionLanguages('', [], meeting)).toEqual(['en']);
  });
});
