import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { appError } from '../../shared/errors.js';
import { checkAgainst, type LinkSigner } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { MediaCoordinator } from './coordinator.js';
import { sendError } from '../http/api.js';
import { bearerToken } from '../http/load-meeting.js';
import type { VenueAddresses } from '../http/venue-addresses.js';
import type { MediaJoin } from '../../shared/protocol/media.js';

export interface MediaRouteDeps {
  coordinator: MediaCoordinator;
  registry: MeetingRegistry;
  signer: LinkSigner;
  clock: () => number;
  venue: VenueAddresses;
}


/** HTTP side of the LiveKit bridge: token minting for link holders, and LiveKit's webhooks. */
export function createMediaRoutes({ coordinator, registry, signer, clock, venue }: MediaRouteDeps): express.Router {
  const router = express.Router();

  router.post('/media/token', async (req: Request, res: Response) => {
    const verified = signer.verify(bearerToken(req));
    if (!verified.ok) return sendError(res, verified.error);
    const meeting = (await registry.open(verified.value.meetingId))?.state;
    if (!meeting) return sendError(res, appError('MEETING_NOT_FOUND'));
    const problem = checkAgainst(meeting, verified.value, clock());
    if (problem) return sendError(res, problem);
    const joined = await coordinator.join(meeting.id, verified.value.actor, randomBytes(4).toString('hex'));
    if (!joined.ok) return sendError(res, joined.error);
    const answer: MediaJoin = { ...joined.value, venueNetwork: venue(req.ip) };
    res.set('cache-control', 'no-store').json(answer);
  });

  // The signature covers the exact bytes LiveKit sent, so the body must stay raw.
  router.post('/livekit/webhook', express.raw({ type: 'application/webhook+json', limit: '256kb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const result = await coordinator.handleWebhook(body, req.get('authorization'));
    if (!result.ok) return sendError(res, result.error);
    res.status(200).end();
  });

  return router;
}
