import { createHmac, timingSafeEqual } from 'node:crypto';
import { SECRETARIAT } from '../../shared/access/actor.js';
import { chosenTopics, meetingTopicRefusal, sameMemberState } from '../../shared/cycle/execute.js';
import type { ConsultationResponse, CycleState, Proposal, TopicText } from '../../shared/cycle/model.js';
import { reportedResponses } from '../../shared/cycle/selectors.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { TopicDetails, type ConsultationInput, type Language, type MeetingState, type Topic, type TranslationChanges } from '../../shared/meeting/model.js';
import type { Result } from '../../shared/result.js';
import { localDate, type CycleRecord } from '../../shared/timeline/timeline.js';
import { formatZoned } from '../../shared/zoned-time.js';
import { mediaTypes, type ExportFile } from '../archive/exports/files.js';
import type { ArchiveRenderer } from '../archive/renderer.js';
import type { Mailer } from '../mail/mailer.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { translator } from './catalogue.js';
import { DocumentStore } from './documents.js';
import type { CycleCommitted, CycleRegistry } from './registry.js';
import { answerAnchor, publishedResponsesJson, reportHref, responsesCsv } from './report.js';
import { consultPath, lastMinute } from './pages.js';
import { logger } from '../observability/log.js';

/** Commands after which the meeting's agenda or its copy of the timeline may differ from the cycle. */
const agendaCommands = new Set(['cycle:create', 'cycle:update', 'topics:choose', 'proposal:update', 'proposal:translate', 'proposal:remove', 'consultation:launch']);

/** The most inputs a meeting topic lists (the meeting's own limit). */
const MAX_INPUTS = 500;

/**
 * A proposal's translations into the meeting's languages after its first (the original's): the
 * meeting has no place for the others.
 */
function translationsFor(meeting: MeetingState, proposal: Proposal): [Language, TopicText][] {
  return meeting.languages.slice(1).flatMap((language) => {
    const text = proposal.translations[language];
    return text ? [[language, text]] : [];
  });
}

/** The original title and description where the topic no longer reads as its proposal. */
function changedText(topic: Topic, proposal: Proposal): { title?: string; description?: string } {
  return {
    ...(topic.title !== proposal.title && { title: proposal.title }),
    ...(topic.description !== proposal.description && { description: proposal.description }),
  };
}

/**
 * The languages where the topic does not read as the proposal's translation. A language the
 * proposal has no translation for is left alone: the meeting's own secretary may have given one.
 */
function translationChanges(topic: Topic, translations: [Language, TopicText][]): TranslationChanges {
  return Object.fromEntries(
    translations.flatMap(([language, text]) => {
      const description = text.description === '' ? null : text.description;
      const change = {
        ...(topic.titles[language] !== text.title && { title: text.title }),
        ...((topic.descriptions[language] ?? null) !== description && { description }),
      };
      return Object.keys(change).length > 0 ? [[language, change]] : [];
    }),
  );
}

/**
 * What ties a cycle to its meeting: the chosen topics become the meeting's agenda, publishing
 * the report gives each topic its consultation inputs, and a Member State's one proposal
 * counts across the cycle. Every change to the meeting goes through its own log.
 */
export class CycleService {
  readonly documents: DocumentStore;
  /** The meeting changes that follow the cycle's, one after another: each reads the meeting the last one left. */
  private following: Promise<void> = Promise.resolve();

  constructor(
    readonly cycles: CycleRegistry,
    private readonly meetings: MeetingRegistry,
    readonly deps: {
      documents: DocumentStore;
      linkSecret: string;
      publicUrl: () => string;
      /** Null without SMTP_URL: responses then count at once, and no confirmation is mailed. */
      mailer: Mailer | null;
      /** The compilation report is rendered there, off the event loop. */
      renderer: Pick<ArchiveRenderer, 'report'>;
    },
  ) {
    this.documents = deps.documents;
    cycles.onCommitted((committed) => this.follow(committed));
    // A crash between a cycle's entry and the meeting's leaves the meeting behind: catch up.
    for (const cycle of cycles.loaded()) this.then(() => this.syncMeeting(cycle, true));
  }

  /** Resolves once the meeting has followed every cycle change made so far (the API answers after it). */
  settled(): Promise<void> {
    return this.following;
  }

  private then(step: () => Promise<void>): void {
    this.following = this.following.then(step).catch((error: unknown) => logger.error({ err: error }, 'the meeting could not follow its cycle'));
  }

  private follow({ entry, state }: CycleCommitted): void {
    if (agendaCommands.has(entry.command.type)) this.then(() => this.syncMeeting(state, false));
    if (entry.command.type === 'report:publish') this.then(() => this.syncInputs(state));
  }

  private async syncMeeting(cycle: CycleState, withInputs: boolean): Promise<void> {
    await this.syncAgenda(cycle);
    await this.mirrorTimeline(cycle);
    if (withInputs && cycle.report) await this.syncInputs(cycle);
  }

  /**
   * The meeting keeps a copy of its cycle's offsets and dates (its `cycle` record, which the
   * archive record carries): the cycle is where they are edited, the meeting's copy follows.
   */
  private async mirrorTimeline(cycle: CycleState): Promise<void> {
    const meeting = await this.meetingOf(cycle);
    if (!meeting) return;
    const record: CycleRecord = {
      settings: cycle.settings,
      previousGroupMeetingEnd: cycle.previousGroupMeeting?.endsOn ?? null,
      consultationLaunchedOn: cycle.launchedAt === null ? null : localDate(cycle.launchedAt, cycle.timeZone),
    };
    if (JSON.stringify(meeting.cycle) !== JSON.stringify(record)) await this.dispatch(meeting.id, { type: 'meeting:update', details: { cycle: record } });
  }

  private async meetingOf(cycle: CycleState): Promise<MeetingState | null> {
    // An archived meeting is never loaded to learn that it no longer follows its cycle.
    const summary = cycle.meetingId ? this.meetings.summary(cycle.meetingId) : undefined;
    if (!summary || summary.status === 'archived') return null;
    return (await this.meetings.open(summary.id))?.state ?? null;
  }

  private async dispatch(meetingId: string, command: MeetingCommand): Promise<void> {
    const result = await this.meetings.dispatch(meetingId, SECRETARIAT, command);
    if (!result.ok) logger.error({ meetingId, command: command.type, code: result.error.code, detail: result.error.detail }, 'cycle command on a meeting refused');
  }

  /** The meeting topic standing for a proposal: the one its Member State proposed. */
  private topicOf(meeting: MeetingState, proposal: Proposal): Topic | undefined {
    return meeting.topics.find((topic) => topic.proposedBy !== '' && sameMemberState(topic.proposedBy, proposal.memberState));
  }

  /** Chosen topics on the agenda, in the group's order; dropped ones off it while nobody spoke on them. */
  private async syncAgenda(cycle: CycleState): Promise<void> {
    let meeting = await this.meetingOf(cycle);
    if (!meeting || cycle.chosen === null) return;
    const chosen = chosenTopics(cycle);
    for (const proposal of cycle.proposals) {
      const topic = this.topicOf(meeting, proposal);
      const isChosen = chosen.includes(proposal);
      if (isChosen && !topic) {
        const translated = translationsFor(meeting, proposal);
        await this.dispatch(meeting.id, {
          type: 'topic:add',
          details: TopicDetails.parse({
            title: proposal.title,
            titles: Object.fromEntries(translated.map(([language, text]) => [language, text.title])),
            description: proposal.description,
            descriptions: Object.fromEntries(translated.flatMap(([language, text]) => (text.description === '' ? [] : [[language, text.description]]))),
            proposedBy: proposal.memberState,
          }),
        });
      } else if (isChosen && topic) {
        const details = changedText(topic, proposal);
        const translated = translationChanges(topic, translationsFor(meeting, proposal));
        if (Object.keys(details).length > 0 || Object.keys(translated).length > 0) {
          await this.dispatch(meeting.id, { type: 'topic:update', topicId: topic.id, details, ...(Object.keys(translated).length > 0 && { translated }) });
        }
      } else if (!isChosen && topic && topic.floor === null && topic.history.length === 0) {
        await this.dispatch(meeting.id, { type: 'topic:remove', topicId: topic.id });
      }
      meeting = await this.meetingOf(cycle);
      if (!meeting) return;
    }
    for (const [index, proposal] of chosen.entries()) {
      const current = await this.meetingOf(cycle);
      const topic = current && this.topicOf(current, proposal);
      if (current && topic && current.topics.indexOf(topic) !== index) await this.dispatch(current.id, { type: 'topic:move', topicId: topic.id, toIndex: index });
    }
  }

  /** Each topic's consultation inputs: the responses in the published report, linked to their place in it. */
  private async syncInputs(cycle: CycleState): Promise<void> {
    const meeting = await this.meetingOf(cycle);
    if (!meeting || !cycle.report) return;
    const base = this.deps.publicUrl();
    const language = cycle.languages[0] ?? 'en';
    const responses = reportedResponses(cycle);
    for (const proposal of chosenTopics(cycle)) {
      const topic = this.topicOf(meeting, proposal);
      if (!topic) continue;
      const inputs: ConsultationInput[] = responses
        .filter((response) => response.answers.some((answer) => answer.topicId === proposal.id))
        .slice(0, MAX_INPUTS)
        .map((response) => ({
          title: (response.respondent.organisation || response.respondent.name).slice(0, 300),
          author: response.respondent.name,
          stakeholderGroup: response.respondent.stakeholderGroup,
          url: `${base}${reportHref(cycle.id, language)}#${answerAnchor(response.id, proposal.id)}`,
        }));
      const compilationReportUrl = `${base}${consultPath(cycle.id)}/report`;
      if (JSON.stringify(topic.inputs) === JSON.stringify(inputs) && topic.compilationReportUrl === compilationReportUrl) continue;
      await this.dispatch(meeting.id, { type: 'topic:update', topicId: topic.id, details: { inputs, compilationReportUrl } });
    }
  }

  /** One proposal per Member State per cycle, for topics the secretariat adds to the meeting by hand. */
  checkMeetingCommand(meetingId: string, command: MeetingCommand): Result<null> {
    return meetingTopicRefusal(this.cycles.ofMeeting(meetingId), command);
  }

  /** The meeting's day as the meeting now has it, to compare with the cycle's. */
  meetingDay(cycle: CycleState): string | null {
    const meeting = cycle.meetingId ? this.meetings.summary(cycle.meetingId) : undefined;
    return meeting ? localDate(meeting.startsAt, meeting.timeZone) : null;
  }

  /** What the meeting's archive bundle carries of its cycle: the report and the published responses with their hashes. */
  async archiveFiles(meetingId: string): Promise<ExportFile[]> {
    // An archived meeting's cycle is finished, and may not be held since the last start.
    const cycle = await this.cycles.openOfMeeting(meetingId);
    if (!cycle?.report) return [];
    const base = this.deps.publicUrl();
    const reports = await Promise.all(cycle.languages.map((language) => this.deps.renderer.report(cycle, language, { absolute: base, links: false }, false)));
    return [
      ...cycle.languages.map((language, index) => ({
        name: `consultation/compilation-report-${language}.html`,
        mediaType: mediaTypes.html,
        content: reports[index]!.html,
      })),
      { name: 'consultation/responses.csv', mediaType: mediaTypes.csv, content: responsesCsv(cycle, reportedResponses(cycle), false) },
      { name: 'consultation/responses.json', mediaType: mediaTypes.json, content: publishedResponsesJson(cycle, base) },
    ];
  }

  private signature(cycleId: string, responseId: string): string {
    return createHmac('sha256', this.deps.linkSecret).update(`consultation-response:${cycleId}:${responseId}`).digest('base64url');
  }

  /** The respondent's own link: it confirms the address and edits the response. */
  responseToken(cycleId: string, responseId: string): string {
    return `${responseId}.${this.signature(cycleId, responseId)}`;
  }

  /** The respondent's link as sent to them: it opens their response in the language they wrote it in. */
  responseLink(cycle: CycleState, response: Pick<ConsultationResponse, 'id' | 'language'>): string {
    return `${this.deps.publicUrl()}${consultPath(cycle.id)}/r/${this.responseToken(cycle.id, response.id)}?lang=${response.language}`;
  }

  /**
   * Mails the respondent their link, which confirms the address and edits the response; the
   * same mail whether it is the first or sent again. False when it could not be sent (logged).
   */
  async mailConfirmation(cycle: CycleState, response: Pick<ConsultationResponse, 'id' | 'language' | 'email' | 'respondent'>): Promise<boolean> {
    const { mailer } = this.deps;
    if (!mailer) return false;
    const t = translator(response.language);
    const deadline = formatZoned(lastMinute(cycle), cycle.timeZone, response.language);
    try {
      await mailer.send({
        to: response.email,
        language: response.language,
        subject: t('consultation.mail.subject', { title: cycle.title }),
        text: [
          t('consultation.mail.greeting', { name: response.respondent.name }),
          t('consultation.mail.received', { title: cycle.title }),
          t('consultation.mail.confirm', { deadline }),
          this.responseLink(cycle, response),
          t('consultation.mail.keepPrivate'),
          `— ${t('consultation.mail.signature')}`,
        ].join('\n\n'),
      });
      return true;
    } catch (error) {
      const { code, responseCode } = error as { code?: string; responseCode?: number };
      logger.error({ cycleId: cycle.id, responseId: response.id, code, responseCode }, 'could not e-mail a consultation confirmation');
      return false;
    }
  }

  responseOfToken(cycleId: string, token: string): string | null {
    const [responseId, signature, ...rest] = token.split('.');
    if (!responseId || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.signature(cycleId, responseId));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? responseId : null;
  }
}
