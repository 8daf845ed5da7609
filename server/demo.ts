import { SECRETARIAT } from '../shared/access/actor.js';
import type { MeetingCommand } from '../shared/meeting/commands.js';
import type { IssuedLink, Language, MeetingState, Role } from '../shared/meeting/model.js';
import { ingestUrl, linkUrl, pageUrl, type LinkSigner } from './access/links.js';
import type { MeetingRegistry } from './meetings/registry.js';
import { emptyCycleRecord } from '../shared/timeline/timeline.js';

const DEMO_LABEL = 'demo';
const DAY = 24 * 3600 * 1000;
const ARABIC_SCREEN_LABEL = `${DEMO_LABEL}: Arabic captions`;
const FRENCH_BOOTH_LABEL = `${DEMO_LABEL}: French booth`;
const ARABIC_BOOTH_LABEL = `${DEMO_LABEL}: Arabic booth`;
const demoLinks: ReadonlyArray<{ role: Exclude<Role, 'participant'>; label: string; captions?: Language[]; lead?: boolean; booth?: Language }> = [
  { role: 'chair', label: DEMO_LABEL },
  { role: 'screen', label: DEMO_LABEL },
  // A second screen for the Arabic-speaking side of the room: its link carries its captions.
  { role: 'screen', label: ARABIC_SCREEN_LABEL, captions: ['ar'] },
  { role: 'viewer', label: DEMO_LABEL },
  // A CART team is two captioners taking turns; the first seat is the lead captioner's.
  { role: 'captioner', label: `${DEMO_LABEL}: seat 1`, lead: true },
  { role: 'captioner', label: `${DEMO_LABEL}: seat 2` },
  // Interpretation into French and Arabic: each booth's link serves the interpreters who share it.
  { role: 'interpreter', label: FRENCH_BOOTH_LABEL, booth: 'fr' },
  { role: 'interpreter', label: ARABIC_BOOTH_LABEL, booth: 'ar' },
];

function isDemoLink(link: IssuedLink): boolean {
  return (link.label === DEMO_LABEL || link.label.startsWith(`${DEMO_LABEL}:`)) && link.revokedAt === null;
}

/** Issues the demo links a meeting lacks, so a meeting created by an older version gains new roles. */
function missingLinkCommands(state: MeetingState | null, now: number): MeetingCommand[] {
  return demoLinks
    .filter(({ role, label }) => !state?.links.some((link) => isDemoLink(link) && link.role === role && link.label === label))
    .map(({ role, label, captions, lead, booth }) => ({
      type: 'link:issue',
      role,
      label,
      expiresAt: now + 365 * DAY,
      captions,
      ...(lead ? { lead } : {}),
      ...(booth ? { booth } : {}),
    }));
}

async function run(registry: MeetingRegistry, meetingId: string, commands: MeetingCommand[]): Promise<void> {
  for (const command of commands) {
    const result = await registry.dispatch(meetingId, SECRETARIAT, command);
    if (!result.ok) throw new Error(`Demo meeting: ${command.type} refused: ${result.error.code}`);
  }
}

function demoMeeting(registry: MeetingRegistry): MeetingState | undefined {
  return registry.list().find((state) => state.links.some(isDemoLink));
}

/**
 * A first start gets an open meeting with two topics, so every printed link works at once.
 * Later starts reuse it.
 */
export async function ensureDemoMeeting(
  registry: MeetingRegistry,
  meetingId: string,
  now: number,
  linkGraceHours: number,
): Promise<MeetingState> {
  const existing = demoMeeting(registry);
  if (existing) {
    await run(registry, existing.id, missingLinkCommands(existing, now));
    return registry.get(existing.id)!.state;
  }
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
        allowRemoteCamera: true,
        oneProposalPerMemberState: true,
        linkGraceHours,
        cycle: emptyCycleRecord,
        // The demo shows the floor recorded and each speech's audio in the archive.
        recordFloor: true,
        playableAudioCopy: false,
        registrationApproval: false,
        maxParticipants: null,
      },
    },
    {
      type: 'topic:add',
      details: {
        title: 'Meaningful connectivity for the unconnected',
        titles: { ar: 'الموصولية المجدية لغير الموصولين', fr: 'Une connectivité utile pour les personnes non connectées' },
        descriptions: {},
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
        titles: { ar: 'إتاحة الإنترنت للأشخاص ذوي الإعاقة', fr: "L'accessibilité de l'Internet pour les personnes handicapées" },
        descriptions: {},
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
    ...missingLinkCommands(null, now),
  ];
  await run(registry, meetingId, commands);
  return registry.get(meetingId)!.state;
}

/** The `role: URL` lines printed at start-up. */
export function demoLinkLines(state: MeetingState, publicUrl: string, signer: LinkSigner, setupLine: string): string[] {
  const linkOf = (role: Role, label?: string) =>
    state.links.find(
      (candidate) => candidate.role === role && isDemoLink(candidate) && (label === undefined || candidate.label === label),
    );
  const urlOf = (role: Role, label?: string) => {
    const link = linkOf(role, label);
    return link ? linkUrl(publicUrl, signer, state.id, link) : '(no link)';
  };
  const seat = linkOf('captioner');
  return [
    `chair: ${urlOf('chair')}`,
    `participant: ${pageUrl(publicUrl, state.id, 'register')}`,
    `room screen: ${urlOf('screen', DEMO_LABEL)}`,
    `room screen, Arabic captions: ${urlOf('screen', ARABIC_SCREEN_LABEL)}`,
    `viewer: ${urlOf('viewer')}`,
    `captioner: ${urlOf('captioner')}`,
    `captioner ingest: ${seat ? ingestUrl(publicUrl, signer.tokenFor(state.id, seat)) : '(no link)'}`,
    `interpreter, French booth: ${urlOf('interpreter', FRENCH_BOOTH_LABEL)}`,
    `interpreter, Arabic booth: ${urlOf('interpreter', ARABIC_BOOTH_LABEL)}`,
    setupLine,
  ];
}
