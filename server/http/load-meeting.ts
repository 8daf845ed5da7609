import { noteAccess } from '../observability/log.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response, Router } from 'express';
import { appError, type AppError } from '../../shared/errors.js';
import { Id, type MeetingState } from '../../shared/meeting/model.js';
import type { LinkSigner, VerifiedLink } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { MeetingRoom } from '../meetings/room.js';
import { writeFailureCode } from '../storage/health.js';
import { queryOf, sendError } from './api.js';

/**
 * Loading a meeting reads the store, which is asynchronous; the routes read the registry
 * synchronously. So the meeting a request names (its `:meetingId`, or the meeting of the link
 * token it carries) is loaded before any route runs; a meeting that does not exist stays
 * unknown and the route answers as it always did. A store that cannot be read answers through
 * the error handler (STORAGE_UNAVAILABLE while the database is down).
 */
export function loadNamedMeetings(
  router: Router,
  registry: MeetingRegistry,
  token?: { signer: LinkSigner; of: (req: Request) => string },
): void {
  router.param('meetingId', (_req: Request, _res: Response, next: NextFunction, value: unknown) => {
    const id = Id.safeParse(value);
    if (!id.success) return next();
    registry.open(id.data).then(() => next(), next);
  });
  if (!token) return;
  router.use((req: Request, _res: Response, next: NextFunction) => {
    const verified = token.signer.verify(token.of(req));
    if (!verified.ok) return next();
    registry.open(verified.value.meetingId).then(() => next(), next);
  });
}

/** The token of a link in the query (`?token=`), as caption software sends it. */
export const queryToken = (req: IncomingMessage): string => {
  const { token } = queryOf(req);
  return typeof token === 'string' ? token : '';
};

/** The token of a link as a bearer credential. */
export const bearerToken = (req: IncomingMessage): string => {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
};

/**
 * The room of a verified link, read up to what the log holds now, once the link still opens it
 * (not revoked, not expired); null once the refusal is answered. Storage that is away is
 * answered by `unavailable` (an event stream says so as an event, and its reader comes back).
 */
export async function openLinkRoom(
  registry: MeetingRegistry,
  link: VerifiedLink,
  res: ServerResponse,
  unavailable: (error: AppError) => void = (error) => sendError(res, error),
): Promise<{ room: MeetingRoom; state: MeetingState } | null> {
  noteAccess(res, { meetingId: link.meetingId });
  let room;
  try {
    room = await registry.openCurrent(link.meetingId);
  } catch (error) {
    unavailable(appError(writeFailureCode(error)));
    return null;
  }
  const state = room?.state;
  if (!room || !state) {
    sendError(res, appError('MEETING_NOT_FOUND'));
    return null;
  }
  const problem = room.checkLink(link);
  if (problem) {
    sendError(res, problem);
    return null;
  }
  return { room, state };
}

