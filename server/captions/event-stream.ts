import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { appError } from '../../shared/errors.js';
import { CAPTION_EVENTS, CAPTION_EVENTS_PATH, CAPTION_EVENTS_RETRY_MS } from '../../shared/protocol/captions.js';
import type { LinkSigner, VerifiedLink } from '../access/links.js';
import { queryOf, sendError } from '../http/api.js';
import { openLinkRoom } from '../http/load-meeting.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { Metrics } from '../observability/metrics.js';
import { endUnavailable, type EventStreams, type StreamEvent, type StreamTranslation } from '../realtime/event-streams.js';
import { linkRoom } from '../realtime/session-end.js';
import { captionRoom } from '../realtime/room-names.js';
import type { CaptionHub } from './hub.js';
import { languageOf } from './ingest.js';
import { openReader, readCaptionsAhead, type CaptionSnapshotJson } from '../realtime/stream-readers.js';
import type { StreamRoute } from '../realtime/stream-routes.js';

/** The seq a reader had, as EventSource sends it back (the header) or a program names it (the query). */
const LastEventId = z.coerce.number().int().nonnegative();

/**
 * Live captions of one language as Server-Sent Events (`GET /api/captions/events?token=…&lang=…`):
 * what a browser's EventSource reads, and any program that reads HTTP (a braille display's
 * bridge, a hall's text display, a player's overlay). Each caption command is one `caption`
 * event whose data is the socket's `caption:changed` payload, with the entry's seq as the
 * event's id; the first event is a `snapshot` of the stream, or, to a reader coming back with
 * `Last-Event-ID`, the `entries` it missed. A revoked or expired link gets an `ended` event
 * naming why, and the stream closes. Any link of the meeting may read it, as it may follow the
 * captions on its page; the token is in the address because EventSource sends no headers of
 * its own.
 *
 * A refused link is answered with its HTTP status, on which EventSource gives up; storage that
 * is away is answered with an `unavailable` event and the stream's end, on which it reconnects
 * after the `retry` delay.
 */
export function createCaptionEventStream({ registry, captions, snapshots, signer, streams, mayConnect, metrics }: {
  registry: MeetingRegistry;
  captions: CaptionHub;
  /** Caption snapshots encoded once for every reader that loads them. */
  snapshots: CaptionSnapshotJson;
  signer: LinkSigner;
  streams: EventStreams;
  /** Whether the link may open one more page (sockets and streams count alike). */
  mayConnect: (link: VerifiedLink) => boolean;
  /** A reader counts among the role's open connections, as a page's socket does. */
  metrics: Pick<Metrics, 'connectionOpened' | 'connectionClosed'>;
}): StreamRoute {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const query = queryOf(req);
    const token = typeof query.token === 'string' ? query.token : '';
    const verified = signer.verify(token);
    if (!verified.ok) return sendError(res, verified.error);
    const { meetingId, actor } = verified.value;
    const asked = req.headers['last-event-id'] ?? query.lastEventId;
    const lastSeq = asked === undefined || asked === '' ? undefined : LastEventId.safeParse(asked);
    if (lastSeq && !lastSeq.success) return sendError(res, appError('BAD_REQUEST', 'Last-Event-ID'));
    const opened = await openLinkRoom(registry, verified.value, res, (error) => endUnavailable(res, error, CAPTION_EVENTS_RETRY_MS));
    if (!opened) return;
    const { room, state } = opened;
    const language = languageOf(query.lang, state);
    if (!language) return sendError(res, appError('UNKNOWN_LANGUAGE'));
    if (!mayConnect(verified.value)) return sendError(res, appError('TOO_MANY_CONNECTIONS'));
    if (!(await readCaptionsAhead(registry, room, [{ language, lastSeq: lastSeq?.data }], res))) return;
    // Computed and joined in one turn: nothing broadcast in between is lost.
    const caughtUp = captions.catchUp(meetingId, language, lastSeq?.data);
    if (!caughtUp.ok) return sendError(res, caughtUp.error);
    const first: StreamEvent =
      caughtUp.value.kind === 'snapshot'
        ? { id: caughtUp.value.snapshot.seq, event: CAPTION_EVENTS.snapshot, data: snapshots.of(meetingId, language, caughtUp.value.snapshot) }
        : { id: caughtUp.value.entries.at(-1)?.seq ?? lastSeq!.data, event: CAPTION_EVENTS.entries, data: JSON.stringify(caughtUp.value) };
    openReader({ streams, metrics }, res, room, actor, [captionRoom(meetingId, language), linkRoom(meetingId, actor.linkId)], [first]);
  };
  return { path: CAPTION_EVENTS_PATH, handle };
}

/** What the caption event stream carries of the rooms' broadcasts. */
export const captionStreamEvents: StreamTranslation = (event, payload, json) => {
  if (event === 'caption:changed') {
    const seq = (payload as { entry?: { seq?: unknown } }).entry?.seq;
    return typeof seq === 'number' ? { id: seq, event: CAPTION_EVENTS.caption, data: json } : null;
  }
  if (event === 'session:ended') return { event: CAPTION_EVENTS.ended, data: json, final: true };
  return null;
};
