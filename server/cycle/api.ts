import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { CycleCommand } from '../../shared/cycle/commands.js';
import { CycleDetails, ProposalDetails, type CycleState } from '../../shared/cycle/model.js';
import { consultationPhase, cycleSchedule, cycleWarnings, milestones, phaseBetween } from '../../shared/cycle/schedule.js';
import { responseCounts, responsesPage, ResponsesQuery } from '../../shared/cycle/selectors.js';
import { appError } from '../../shared/errors.js';
import { Id, Language, type MeetingState } from '../../shared/meeting/model.js';
import { localDate } from '../../shared/timeline/timeline.js';
import { endApi, parseBody, parseQuery, sameSecret, sendError } from '../http/api.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { consultPath } from './pages.js';
import { sendDocument } from './public-routes.js';
import { exportZip, responsesCsv } from './report.js';
import type { CycleService } from './service.js';
import { holdingCycleParam } from './registry.js';

export interface CycleApiDeps {
  service: CycleService;
  meetings: MeetingRegistry;
  adminToken: string;
  clock: () => number;
  newCycleId: () => string;
  publicUrl: () => string;
}

const CreateCycleRequest = z.union([
  z.strictObject({ details: CycleDetails }),
  /** The cycle of an existing meeting: its dates, languages and the timeline it recorded are taken over. */
  z.strictObject({ fromMeeting: Id, title: z.string().trim().min(1).max(300).optional() }),
]);

/**
 * A meeting's own cycle record (offsets, the previous group meeting, the launch date it noted
 * down) becomes the cycle's: meetings set up before cycles existed keep what was entered.
 */
export function cycleDetailsOfMeeting(meeting: MeetingState, title?: string): CycleDetails | null {
  if (!meeting.groupMeeting) return null;
  const { settings, previousGroupMeetingEnd, consultationLaunchedOn } = meeting.cycle;
  return CycleDetails.parse({
    title: title ?? meeting.title,
    previousGroupMeeting: previousGroupMeetingEnd ? { name: meeting.groupMeeting.name, endsOn: previousGroupMeetingEnd } : null,
    nextGroupMeeting: { name: meeting.groupMeeting.name, startsOn: meeting.groupMeeting.startsOn },
    meetingId: meeting.id,
    timeZone: meeting.timeZone,
    languages: meeting.languages,
    settings,
    dates: { launch: consultationLaunchedOn, meeting: localDate(meeting.startsAt, meeting.timeZone) },
    oneProposalPerMemberState: meeting.oneProposalPerMemberState,
  });
}

/**
 * A meeting's agenda as the cycle's proposals and the group's choice: each topic a Member State
 * proposed becomes its proposal (the first one, under the one-proposal rule), chosen in the
 * agenda's order. Returns the cycle's last sequence number.
 */
async function takeOverAgenda(service: CycleService, cycleId: string, meeting: MeetingState): Promise<number> {
  const chosen: string[] = [];
  for (const topic of meeting.topics) {
    if (topic.proposedBy.trim() === '') continue;
    const added = await service.cycles.dispatch(cycleId, { kind: 'secretariat' }, {
      type: 'proposal:add',
      details: ProposalDetails.parse({ memberState: topic.proposedBy, title: topic.title, description: topic.description }),
    });
    if (added.ok && added.value.createdId) chosen.push(added.value.createdId);
  }
  if (chosen.length > 0) await service.cycles.dispatch(cycleId, { kind: 'secretariat' }, { type: 'topics:choose', proposalIds: chosen.slice(0, 50) });
  return service.cycles.get(cycleId)?.seq ?? 0;
}

/** The secretariat's API for consultation cycles (admin token), beside the meetings'. */
export function createCycleApi(deps: CycleApiDeps): express.Router {
  const { service } = deps;
  const api = express.Router();
  api.use(express.json({ limit: '512kb' }));
  api.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token && sameSecret(token, deps.adminToken)) return next();
    sendError(res, appError('UNAUTHORIZED', 'secretariat token required'));
  });

  api.param('cycleId', holdingCycleParam(service.cycles));

  const cycleOf = (req: Request, res: Response): CycleState | null => {
    const cycle = service.cycles.get(String(req.params.cycleId))?.state;
    if (!cycle) sendError(res, appError('CYCLE_NOT_FOUND'));
    return cycle ?? null;
  };

  /** Everything the secretariat's cycle page shows, computed where the clock is. */
  const view = (cycle: CycleState) => {
    const now = deps.clock();
    const today = localDate(now, cycle.timeZone);
    const meetingDay = service.meetingDay(cycle);
    // The responses come a page at a time (GET …/responses): the rest of the cycle is small.
    const { responses: _paged, ...overview } = cycle;
    return {
      seq: service.cycles.get(cycle.id)?.seq ?? 0,
      state: overview,
      now,
      today,
      phase: consultationPhase(cycle, now),
      schedule: cycleSchedule(cycle),
      warnings: cycleWarnings(cycle, today, meetingDay),
      milestones: milestones(cycle, today),
      counts: responseCounts(cycle),
      meetingDay,
      publicUrl: `${deps.publicUrl()}${consultPath(cycle.id)}`,
    };
  };

  api.get('/', (req, res) => {
    const meetingId = typeof req.query.meeting === 'string' ? req.query.meeting : null;
    const cycles = service.cycles
      .catalogue()
      .filter((cycle) => meetingId === null || cycle.meetingId === meetingId)
      .map((cycle) => ({ id: cycle.id, title: cycle.title, meetingId: cycle.meetingId, groupMeeting: cycle.groupMeeting, phase: phaseBetween(cycle.launchedAt, cycle.closesAt, deps.clock()) }));
    res.json({ cycles });
  });

  api.post('/', async (req, res) => {
    const body = parseBody(CreateCycleRequest, req, res);
    if (!body) return;
    let details: CycleDetails;
    if ('fromMeeting' in body) {
      const meeting = (await deps.meetings.open(body.fromMeeting))?.state;
      if (!meeting) return sendError(res, appError('MEETING_NOT_FOUND'));
      const taken = cycleDetailsOfMeeting(meeting, body.title);
      if (!taken) return sendError(res, appError('BAD_REQUEST', 'the meeting names no group meeting'));
      details = taken;
    } else {
      details = body.details;
    }
    const cycleId = deps.newCycleId();
    const committed = await service.cycles.dispatch(cycleId, { kind: 'secretariat' }, { type: 'cycle:create', cycleId, details });
    if (!committed.ok) return sendError(res, committed.error);
    const meeting = details.meetingId ? (await deps.meetings.open(details.meetingId))?.state : undefined;
    const last = meeting ? await takeOverAgenda(service, cycleId, meeting) : committed.value.entry.seq;
    await service.settled();
    res.status(201).json({ cycleId, seq: last });
  });

  api.get('/:cycleId', (req, res) => {
    const cycle = cycleOf(req, res);
    if (cycle) res.json(view(cycle));
  });

  api.get('/:cycleId/responses', (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const query = parseQuery(ResponsesQuery, req, res);
    if (query) res.json({ seq: service.cycles.get(cycle.id)?.seq ?? 0, ...responsesPage(cycle, query) });
  });

  api.post('/:cycleId/commands', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const command = parseBody(CycleCommand, req, res);
    if (!command) return;
    if (command.type === 'cycle:create') return sendError(res, appError('CYCLE_EXISTS'));
    const committed = await service.cycles.dispatch(cycle.id, { kind: 'secretariat' }, command);
    if (!committed.ok) return sendError(res, committed.error);
    // The meeting's agenda follows before the answer, so the secretariat's next read sees it.
    await service.settled();
    res.json({ seq: committed.value.entry.seq, createdId: committed.value.createdId });
  });

  // The respondent's confirmation mailed again: the first did not arrive, or could not be sent.
  api.post('/:cycleId/responses/:responseId/mail', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const response = cycle.responses.find((candidate) => candidate.id === req.params.responseId);
    if (!response) return sendError(res, appError('RESPONSE_NOT_FOUND'));
    if (!service.deps.mailer) return sendError(res, appError('MAIL_UNAVAILABLE'));
    if (!(await service.mailConfirmation(cycle, response))) return sendError(res, appError('MAIL_FAILED'));
    res.json({ sentTo: response.email });
  });

  api.get('/:cycleId/responses.csv', (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    res.type('text/csv; charset=utf-8; header=present').attachment(`${cycle.id}-responses.csv`).send(responsesCsv(cycle, cycle.responses, true));
  });

  api.get('/:cycleId/responses.zip', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const hashes = new Set(cycle.responses.flatMap((response) => response.answers.flatMap((answer) => answer.documents.map((document) => document.sha256))));
    const documents = new Map(await Promise.all([...hashes].map(async (sha256) => [sha256, await service.documents.get(sha256)] as const)));
    const zip = exportZip(cycle, (sha256) => documents.get(sha256) ?? null);
    res.type('application/zip').attachment(`${cycle.id}-responses.zip`).send(Buffer.from(zip));
  });

  api.get('/:cycleId/documents/:sha256', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const document = cycle.responses
      .flatMap((response) => response.answers.flatMap((answer) => answer.documents))
      .find((candidate) => candidate.sha256 === req.params.sha256);
    const bytes = document ? await service.documents.get(document.sha256) : null;
    if (!document || !bytes) return sendError(res, appError('RESPONSE_NOT_FOUND', 'no such document'));
    sendDocument(res, document, bytes);
  });

  // The report as it would be published now, for the secretariat to read before publishing.
  api.get('/:cycleId/report/:language', async (req, res) => {
    const cycle = cycleOf(req, res);
    if (!cycle) return;
    const language = Language.safeParse(req.params.language);
    if (!language.success || !cycle.languages.includes(language.data)) return sendError(res, appError('UNKNOWN_LANGUAGE'));
    const accepted = cycle.responses.filter((response) => response.moderation.status === 'accepted').map((response) => response.id);
    const draft = { ...cycle, report: { version: (cycle.report?.version ?? 0) + 1, publishedAt: deps.clock(), responseIds: accepted } };
    const preview = await deps.service.deps.renderer.report(draft, language.data, { absolute: deps.publicUrl(), links: false, draft: true }, false);
    res.type('text/html; charset=utf-8').set('cache-control', 'no-store').send(preview.html);
  });

  endApi(api);
  return api;
}
