import express, { type Request, type Response } from 'express';
import { loadNamedMeetings, queryToken } from '../http/load-meeting.js';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { mayCaption } from '../../shared/access/captions.js';
import { DeskPart, mergeDeskParts, PullConfig, type DeskReport } from '../../shared/captions/desk.js';
import { appError } from '../../shared/errors.js';
import { Id, Language } from '../../shared/meeting/model.js';
import type { LinkSigner } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { CaptionDesk } from './desk.js';
import type { CaptionHub } from './hub.js';
import { seatOf } from './ingest.js';
import type { StreamTextPulls } from './streamtext-pull.js';
import type { TcpRealtime } from './tcp-realtime.js';
import { sendError } from '../http/api.js';

export interface DeskRouteDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
  desk: CaptionDesk;
  pulls: StreamTextPulls;
  tcp: TcpRealtime;
  signer: LinkSigner;
  adminToken: string;
  clock: () => number;
  /**
   * What the other nodes' desks know of a meeting (several nodes; none alone): each answer is
   * parsed here, and one that does not parse is left out.
   */
  otherDesks?: (meetingId: string) => Promise<unknown[]>;
}

/** This node's part of the desk. */
export function localDeskPart({ desk, pulls, tcp }: Pick<DeskRouteDeps, 'desk' | 'pulls' | 'tcp'>, meetingId: string): DeskPart {
  return { senders: desk.statuses(meetingId), pulls: pulls.healthOf(meetingId), tcp: tcp.listenersOf(meetingId) };
}


const HandOverBody = z.strictObject({ language: Language, to: Id });
const TcpBody = z.strictObject({ language: Language, open: z.boolean() });

/**
 * The caption desk for the consoles: what each sender is doing (GET /desk), switching the
 * active provider (lead captioner or chair), the StreamText events the secretariat or the chair
 * has pulled, and a seat's TCP realtime listener.
 */
export function createCaptionDeskRoutes(deps: DeskRouteDeps): express.Router {
  const { registry, captions, pulls, tcp, signer, clock } = deps;
  const router = express.Router();
  loadNamedMeetings(router, registry, { signer, of: queryToken });
  router.use(express.json({ limit: '8kb' }));

  const isSecretariat = (req: Request) => {
    const given = Buffer.from(req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(deps.adminToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  router.get('/desk', async (req, res) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner', 'chair', 'moderator']);
    if (!seat) return;
    const meetingId = seat.state.id;
    const others = (await deps.otherDesks?.(meetingId)) ?? [];
    const parts = others.flatMap((answer) => {
      const part = DeskPart.safeParse(answer);
      return part.success ? [part.data] : [];
    });
    const report: DeskReport = {
      writers: Object.fromEntries(seat.state.languages.map((language) => [language, captions.current(meetingId, language)?.writer ?? null])),
      ...mergeDeskParts([localDeskPart(deps, meetingId), ...parts]),
      tcpAvailable: tcp.available,
      pullConfigs: pulls.configsOf(meetingId),
    };
    res.set('cache-control', 'no-store').json(report);
  });

  /** StreamText's "Change Provider": the chair or the lead captioner picks who writes. */
  router.post('/handover', async (req, res) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner', 'chair']);
    if (!seat) return;
    if (!mayCaption(seat.link.actor, seat.state, 'switchProvider')) return sendError(res, appError('CAPTION_LEAD_ONLY'));
    const body = HandOverBody.safeParse(req.body);
    if (!body.success) return sendError(res, appError('BAD_REQUEST', body.error.issues[0]?.path.join('.')));
    const result = await captions.handOver(seat.state.id, body.data.language, body.data.to, seat.link.actor.linkId, pulls.feedsOf(seat.state.id));
    if (!result.ok) return sendError(res, result.error);
    res.json(result.value);
  });

  /** The secretariat (bearer), the chair or the lead captioner (link token) sets the StreamText event pulled for a language. */
  router.put('/meetings/:meetingId/pulls/:language', (req, res) => configurePull(req, res, true));
  router.delete('/meetings/:meetingId/pulls/:language', (req, res) => configurePull(req, res, false));
  const configurePull = async (req: Request, res: Response, set: boolean) => {
    const meetingId = String(req.params.meetingId);
    if (!isSecretariat(req)) {
      const seat = seatOf(registry, signer, clock, req, res, ['chair', 'captioner']);
      if (!seat) return;
      if (seat.state.id !== meetingId) return sendError(res, appError('FORBIDDEN'));
      if (!mayCaption(seat.link.actor, seat.state, 'configurePull')) return sendError(res, appError('CAPTION_LEAD_ONLY'));
    }
    const language = Language.safeParse(req.params.language);
    if (!language.success) return sendError(res, appError('BAD_REQUEST', 'language'));
    const config = set ? PullConfig.safeParse({ ...req.body, language: language.data }) : null;
    if (config && !config.success) return sendError(res, appError('BAD_REQUEST', config.error.issues[0]?.path.join('.')));
    const result = await pulls.configure(meetingId, language.data, config ? config.data! : null);
    if (!result.ok) return sendError(res, result.error);
    res.json({ pullConfigs: pulls.configsOf(meetingId) });
  };

  /** A captioner seat opens or closes its TCP realtime listener. */
  router.post('/tcp', async (req, res) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner']);
    if (!seat) return;
    const body = TcpBody.safeParse(req.body);
    if (!body.success) return sendError(res, appError('BAD_REQUEST', body.error.issues[0]?.path.join('.')));
    const { language, open } = body.data;
    if (!open) {
      tcp.close(seat.state.id, seat.link.actor.linkId);
      return res.json({ listener: null });
    }
    const result = await tcp.open(seat.state.id, seat.link.actor.linkId, language);
    if (!result.ok) return sendError(res, result.error);
    res.json({ listener: result.value });
  });

  return router;
}
