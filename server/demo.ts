import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SECRETARIAT } from '../shared/access/actor.js';
import type { CycleActor, CycleCommand } from '../shared/cycle/commands.js';
import { ProposalDetails, ResponseDetails, type CycleState, type ResponseDocument } from '../shared/cycle/model.js';
import { consultationPhase, cycleSchedule } from '../shared/cycle/schedule.js';
import type { MeetingCommand } from '../shared/meeting/commands.js';
import type { IssuedLink, Language, MeetingState, Role } from '../shared/meeting/model.js';
import { addDays, emptyCycleRecord, localDate } from '../shared/timeline/timeline.js';
import { ingestUrl, linkUrl, pageUrl, type LinkSigner } from './access/links.js';
import { cycleDetailsOfMeeting } from './cycle/api.js';
import type { DocumentStore } from './cycle/documents.js';
import type { CycleCommitted } from './cycle/registry.js';
import type { CycleService } from './cycle/service.js';
import type { MeetingRegistry } from './meetings/registry.js';

const DEMO_LABEL = 'demo';
const SECRETARIAT_CYCLE: CycleActor = { kind: 'secretariat' };
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

async function demoMeeting(registry: MeetingRegistry): Promise<MeetingState | undefined> {
  return (await registry.list()).find((state) => state.links.some(isDemoLink));
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
  const existing = await demoMeeting(registry);
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

/** The demo cycle's consultation stays open this many days from the start that (re)opens it. */
const DEMO_CONSULTATION_DAYS = 14;

const demoProposals: ProposalDetails[] = [
  ProposalDetails.parse({
    memberState: 'Kenya',
    title: 'Meaningful connectivity for the unconnected',
    description: 'Public policy approaches that help bring affordable, meaningful Internet access to people who are not yet online.',
    questions: ['Which public policies have brought people online in your country?', 'What keeps access from being meaningful once people are connected?'],
    translations: {
      ar: {
        title: 'الموصولية المجدية لغير الموصولين',
        description: 'مقاربات السياسات العامة التي تساعد على إتاحة نفاذ ميسور ومجدٍ إلى الإنترنت للأشخاص غير الموصولين بعد.',
        questions: ['ما السياسات العامة التي أوصلت الناس إلى الإنترنت في بلدكم؟', 'ما الذي يحول دون أن يكون النفاذ مجديًا بعد الاتصال؟'],
      },
      fr: {
        title: 'Une connectivité utile pour les personnes non connectées',
        description: 'Les politiques publiques qui aident à offrir un accès à l’Internet abordable et utile aux personnes qui ne sont pas encore en ligne.',
        questions: ['Quelles politiques publiques ont permis de connecter la population dans votre pays ?', 'Qu’est-ce qui empêche l’accès d’être utile une fois la connexion établie ?'],
      },
    },
  }),
  ProposalDetails.parse({
    memberState: 'Brazil',
    title: 'Accessibility of the Internet for persons with disabilities',
    description: 'How Internet-related public policy can ensure that online services are accessible to all.',
    questions: ['Which accessibility requirements should apply to online public services?'],
    translations: {
      ar: {
        title: 'إتاحة الإنترنت للأشخاص ذوي الإعاقة',
        description: 'كيف يمكن للسياسات العامة المتعلقة بالإنترنت أن تضمن إتاحة الخدمات الإلكترونية للجميع.',
        questions: ['ما متطلبات الإتاحة التي ينبغي أن تنطبق على الخدمات العامة الإلكترونية؟'],
      },
      fr: {
        title: "L'accessibilité de l'Internet pour les personnes handicapées",
        description: 'Comment les politiques publiques relatives à l’Internet peuvent garantir que les services en ligne soient accessibles à tous.',
        questions: ['Quelles exigences d’accessibilité devraient s’appliquer aux services publics en ligne ?'],
      },
    },
  }),
  // Proposed, not chosen by the group: on the cycle's page, never on the agenda.
  ProposalDetails.parse({
    memberState: 'India',
    title: 'Multilingual content and universal acceptance',
    description: 'Domain names and e-mail addresses in every script, and the content to go with them.',
    questions: [],
  }),
];

/** The demo's respondents: one with a document, one in Arabic, one still to moderate, one robot caught. */
function demoResponses(topics: readonly string[], document: ResponseDocument): { details: ResponseDetails; moderate: 'accept' | 'spam' | null }[] {
  const [connectivity, accessibility] = topics as [string, string];
  const response = (details: Omit<ResponseDetails, 'consent'>, moderate: 'accept' | 'spam' | null) => ({ details: ResponseDetails.parse({ ...details, consent: true }), moderate });
  return [
    response(
      {
        respondent: { name: 'Amina Diallo', organisation: 'Civic Net Africa', country: 'Senegal', stakeholderGroup: 'civil_society' },
        email: 'amina.diallo@example.org',
        language: 'en',
        answers: [{ topicId: connectivity, text: 'Community networks connect villages that operators do not serve. Licence-exempt spectrum and small-operator licences made ours possible.', documents: [document] }],
      },
      'accept',
    ),
    response(
      {
        respondent: { name: 'كريم منصور', organisation: 'جامعة القاهرة', country: 'مصر', stakeholderGroup: 'academic_technical' },
        email: 'karim.mansour@example.org',
        language: 'ar',
        answers: [{ topicId: accessibility, text: 'ينبغي أن تلتزم الخدمات الحكومية الإلكترونية بإرشادات إتاحة محتوى الويب، وأن تُختبر مع مستخدمين من ذوي الإعاقة.', documents: [] }],
      },
      'accept',
    ),
    response(
      {
        respondent: { name: 'Li Wei', organisation: 'Open Registry', country: 'China', stakeholderGroup: 'private_sector' },
        email: 'li.wei@example.org',
        language: 'zh',
        answers: [
          { topicId: connectivity, text: 'Shared backbone infrastructure lowers the cost of the last mile.', documents: [] },
          { topicId: accessibility, text: 'Captions for every public video service.', documents: [] },
        ],
      },
      null,
    ),
    response(
      {
        respondent: { name: 'Best Followers', organisation: '', country: '', stakeholderGroup: 'private_sector' },
        email: 'offers@example.com',
        language: 'en',
        answers: [{ topicId: connectivity, text: 'Buy followers now!', documents: [] }],
      },
      'spam',
    ),
  ];
}

/** The demo respondent's document: a real one-page PDF, stored by its hash like any upload. */
async function demoDocument(documents: DocumentStore): Promise<ResponseDocument> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Community networks in rural areas');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText('Community networks in rural areas', { x: 72, y: 760, size: 18, font });
  page.drawText('Civic Net Africa: a response to the open consultation (demo).', { x: 72, y: 730, size: 11, font });
  const bytes = await pdf.save();
  return { name: 'community-networks.pdf', type: 'pdf', bytes: bytes.length, sha256: await documents.put(bytes) };
}

async function cycleCommand(service: CycleService, cycleId: string, actor: CycleActor, command: CycleCommand): Promise<CycleCommitted> {
  const result = await service.cycles.dispatch(cycleId, actor, command);
  if (!result.ok) throw new Error(`Demo cycle: ${command.type} refused: ${result.error.code}`);
  return result.value;
}

/** Dates that keep the demo consultation open from `today`: fixed by hand, as the secretariat may, and warned about. */
const openDates = (today: string, meeting: string) => ({
  launch: null,
  responsesDue: addDays(today, DEMO_CONSULTATION_DAYS),
  reportBy: addDays(today, DEMO_CONSULTATION_DAYS + 2),
  meeting,
});

/**
 * The demo meeting's consultation cycle, so a newcomer sees the whole cycle at once: three
 * proposals (two chosen: the meeting's topics), the consultation launched and open, responses
 * accepted, to moderate and rejected as spam, the public page in six languages. The demo
 * meeting is open today, so the rules' deadlines are past: the cycle's dates are fixed to keep
 * the page open, and its timeline warns about them as it would for any cycle. Later starts
 * reuse it, and reopen its consultation once it closed without a report.
 */
export async function ensureDemoCycle(service: CycleService, meeting: MeetingState, now: number): Promise<CycleState | null> {
  const today = localDate(now, meeting.timeZone);
  const existing = await service.cycles.openOfMeeting(meeting.id);
  if (existing) {
    if (existing.report === null && consultationPhase(existing, now) === 'closed') {
      await cycleCommand(service, existing.id, SECRETARIAT_CYCLE, { type: 'cycle:update', details: { dates: openDates(today, cycleSchedule(existing).meeting) } });
      await service.settled();
    }
    return service.cycles.get(existing.id)!.state;
  }
  const details = cycleDetailsOfMeeting(meeting, 'CWG-Internet online consultation (demo)');
  // A demo meeting the operator archived, or took its group meeting from, gets no cycle.
  if (!details || meeting.status === 'archived') return null;
  const cycleId = (await service.cycles.open(DEMO_LABEL)) ? `${DEMO_LABEL}-${meeting.id}` : DEMO_LABEL;
  await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, {
    type: 'cycle:create',
    cycleId,
    details: {
      ...details,
      previousGroupMeeting: { name: 'Council Working Group on Internet, previous meeting', endsOn: addDays(today, -5) },
      dates: openDates(today, details.dates.meeting ?? today),
    },
  });
  const proposalIds: string[] = [];
  for (const proposal of demoProposals) proposalIds.push((await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, { type: 'proposal:add', details: proposal })).createdId!);
  const chosen = proposalIds.slice(0, 2);
  await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, { type: 'topics:choose', proposalIds: chosen });
  await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, { type: 'consultation:launch' });
  const document = await demoDocument(service.documents);
  for (const { details: response, moderate } of demoResponses(chosen, document)) {
    const responseId = (await cycleCommand(service, cycleId, { kind: 'public' }, { type: 'response:submit', details: response, confirmed: true })).createdId!;
    if (moderate === 'accept') await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, { type: 'response:accept', responseId });
    if (moderate === 'spam') await cycleCommand(service, cycleId, SECRETARIAT_CYCLE, { type: 'response:reject', responseId, reason: 'spam', note: '' });
  }
  await service.settled();
  return service.cycles.get(cycleId)!.state;
}
