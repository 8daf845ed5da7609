import { Router, type Request, type Response } from 'express';
import { appError } from '../../shared/errors.js';
import { CaptionLinesQuery } from '../../shared/protocol/captions.js';
import type { LinkSigner } from '../access/links.js';
import { parseQuery, sendError } from '../http/api.js';
import { bearerToken, openLinkRoom, queryToken } from '../http/load-meeting.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { CaptionHub } from './hub.js';

/**
 * `GET /api/captions/lines`: a page of committed caption lines, for a page that follows the
 * meeting on its event stream and fills its transcript with the lines its catch-up left out,
 * as a socket's `caption:fetchLines` does. Whoever may follow the captions may read their
 * lines, while their link holds. The link is a bearer, or `token` in the query as on the event streams. Behind the API's rate limits: a long absence is many pages.
 */
export function createCaptionLinesRoute({ registry, captions, signer }: { registry: MeetingRegistry; captions: CaptionHub; signer: LinkSigner }): Router {
  const router = Router();
  router.get('/lines', async (req: Request, res: Response) => {
    const verified = signer.verify(bearerToken(req) || queryToken(req));
    if (!verified.ok) return sendError(res, verified.error);
    const opened = await openLinkRoom(registry, verified.value, res);
    if (!opened) return;
    const { room, state } = opened;
    const query = parseQuery(CaptionLinesQuery, req, res);
    if (!query) return;
    if (!state.languages.includes(query.lang)) return sendError(res, appError('UNKNOWN_LANGUAGE'));
    const page = captions.lines(room.meetingId, query.lang, query.fromLine, query.limit);
    if (!page.ok) return sendError(res, page.error);
    res.set('cache-control', 'no-store').json(page.value);
  });
  return router;
}
