import { SECRETARIAT } from '../shared/access/actor.js';
import type { MeetingCommand } from '../shared/meeting/commands.js';
import type { IssuedLink, MeetingState, Role } from '../shared/meeting/model.js';
import { linkUrl, pageUrl, type LinkSigner } from './access/links.js';
import type { MeetingRegistry } from './meetings/registry.js';

const DEMO_LABEL = 'demo';
const DAY = 24 * 3600 * 1000;
const demoRoles = ['chair', 'screen', 'viewer'] as const satisfies readonly Role[];

function isDemoLink(link: IssuedLink): boolean {
  return link.label === DEMO_LABEL && link.revokedAt === null;
}

function demoMeeting(registry: MeetingRegistry): MeetingState | undefined {
  return registry.list().find((state) => state.links.some(isDemoLink));
}

/**
 * A first start gets an open meeting with two topics, so every printed link works at once.
 * Later starts reuse it.
 */
export function ensureDemoMeeting(registry: MeetingRegistry, meetingId: string, now: number): MeetingState {
  const existing = demoMeeting(registry);
  if (existing) return existing;
  const startsAt = now - (now % (15 * 60 * 1000));
  const groupMeetingDate = new Date(startsAt + 3 * DAY).toISOString().slice(0, 10);
  const commands: MeetingCommand[] = [
    {
      type: 'meeting:create',
      meetingId,
      details: {
        title: 'CWG-Internet open consultation meeting (demo)',
        venue: 'ITU headquarters, Geneva, and online',
        timeZone: 'Europe/Zurich',
        startsAt,
        endsAt: startsAt + 3 * 3600 * 1000,
        languages: ['en', 'ar', 'fr'],
        groupMeeting: { name: 'Council Working Group on Internet, next meeting', startsOn: groupMeetingDate },
        speakingTimeLimitSec: 180,
        warningSec: 30,
      },
    },
    {
      type: 'topic:add',
      details: {
        title: 'Meaningful connectivity for the unconnected',
        description:
          'Public policy approaches that help bring affordable, meaningful Internet access to people who are not yet online.',
        proposedBy: 'Kenya',
        inputs: [
          {
            title: 'Community networks in rural areas',
            author: 'Demo contributor A',
            stakeholderGroup: 'civil_society',
            url: 'https://www.itu.int/en/council/cwg-internet/Pages/consultation.aspx',
          },
          {
            title: 'Spectrum policy for last-mile access',
            author: 'Demo contributor B',
            stakeholderGroup: 'private_sector',
            url: 'https://www.itu.int/en/council/cwg-internet/Pages/consultation.aspx',
          },
        ],
        compilationReportUrl: 'https://www.itu.int/en/council/cwg-internet/Pages/default.aspx',
        speakingTimeLimitSec: null,
      },
    },
    {
      type: 'topic:add',
      details: {
        title: 'Accessibility of the Internet for persons with disabilities',
        description: 'How Internet-related public policy can ensure that online services are accessible to all.',
        proposedBy: 'Brazil',
        inputs: [
          {
            title: 'Captioning and sign language in online public services',
            author: 'Demo contributor C',
            stakeholderGroup: 'academic_technical',
            url: 'https://www.itu.int/en/council/cwg-internet/Pages/consultation.aspx',
          },
        ],
        compilationReportUrl: null,
        speakingTimeLimitSec: 120,
      },
    },
    { type: 'meeting:transition', to: 'scheduled' },
    { type: 'meeting:transition', to: 'open' },
    ...demoRoles.map(
      (role): MeetingCommand => ({ type: 'link:issue', role, label: DEMO_LABEL, expiresAt: now + 365 * DAY }),
    ),
  ];
  for (const command of commands) {
    const result = registry.dispatch(meetingId, SECRETARIAT, command);
    if (!result.ok) throw new Error(`Demo meeting: ${command.type} refused: ${result.error.code}`);
  }
  return demoMeeting(registry)!;
}

/** The `role: URL` lines printed at start-up. */
export function demoLinkLines(state: MeetingState, publicUrl: string, signer: LinkSigner, adminToken: string): string[] {
  const urlOf = (role: Role) => {
    const link = state.links.find((candidate) => candidate.role === role && isDemoLink(candidate));
    return link ? linkUrl(publicUrl, signer, state.id, link) : '(no link)';
  };
  return [
    `chair: ${urlOf('chair')}`,
    `participant: ${pageUrl(publicUrl, state.id, 'register')}`,
    `room screen: ${urlOf('screen')}`,
    `viewer: ${urlOf('viewer')}`,
    `setup: ${publicUrl}/setup#admin=${adminToken}`,
  ];
}
