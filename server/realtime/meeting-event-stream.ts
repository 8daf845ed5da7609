import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../../shared/access/actor.js';
import { appError } from '../../shared/errors.js';
import type { CatchUp } from '../../shared/protocol/socket.js';
import { MEETING_EVENTS, MEETING_EVENTS_PATH, MeetingEventsQuery } from '../../shared/protocol/meeting-events.js';
import { CAPTION_EVENTS_RETRY_MS } from '../../shared/protocol/captions.js';
import { projectionOfRole } from '../../shared/protocol/projection.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import type { LinkSigner, VerifiedLink } from '../access/links.js';
import type { CaptionHub } from '../captions/hub.js';
import { parseQuery, sendError } from '../http/api.js';
import { bearerToken, openLinkRoom, queryToken } from '../http/load-meeting.js';
import { chooseCaptionLanguage } from '../../shared/captions/language-choice.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { Metrics } from '../observability/metrics.js';
import { endUnavailable, type EventStreams, type StreamEvent, type StreamTranslation } from './event-streams.js';
import type { MeetingViews } from './meeting-views.js';
import { encodeSnapshot } from './projections.js';
import { captionRoom, ownParticipantId, projectionRoom, selfRoom } from './room-names.js';
import { linkRoom } from './session-end.js';
import { openReader, readCaptionsAhead, type CaptionSnapshotJson } from './stream-readers.js';
import type { StreamRoute } from './stream-routes.js';

type LinkActor = Extract<Actor, { kind: 'link' }>;

export interface MeetingEventStreamDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
  /** Caption snapshots encoded once for every reader that loads them. */
  snapshots: CaptionSnapshotJson;
  signer: LinkSigner;
  streams: EventStreams;
  views: MeetingViews;
  /** The presence rooms a page of the actor joins, and the view it starts from (encoded). */
  presence: (meetingId: string, actor: LinkActor) => { rooms: string[]; json: string };
  /** The languages captioned now, encoded. */
  live: (meetingId: string) => string;
  /** Whether the link may open one more page (sockets and streams count alike). */
  mayConnect: (link: VerifiedLink) => boolean;
  metrics: Pick<Metrics, 'connectionOpened' | 'connectionClosed'>;
}

/**
 * The meeting as Server-Sent Events (`GET /api/meetings/events`, shared/protocol/meeting-events.ts):
 * what a page that only reads (the room screen, a webcast viewer) gets over a socket, on one
 * HTTP response: the meeting as its link's role sees it and each change to it, presence, which
 * languages are live, and the captions of the languages it follows. No Socket.IO session, no
 * handshake, no pings: a hall reloading at once costs this node one request per page.
 *
 * Like a socket's handshake, the address names the protocol version and what the page has
 * (`seq`, each language's seq), and the page is sent only what it missed while the node still
 * holds it. A refused link is answered with its HTTP status, on which EventSource gives up.
 */
export function createMeetingEventStream(deps: MeetingEventStreamDeps): StreamRoute {
  const { registry, captions, signer, streams, views, metrics } = deps;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const verified = signer.verify(bearerToken(req) || queryToken(req));
    if (!verified.ok) return sendError(res, verified.error);
    const query = parseQuery(MeetingEventsQuery, req, res);
    if (!query) return;
    if (query.v < PROTOCOL_VERSION) return sendError(res, appError('CLIENT_TOO_OLD'));
    if (query.v > PROTOCOL_VERSION) return sendError(res, appError('SERVER_TOO_OLD'));
    const { meetingId, actor } = verified.value;
    const opened = await openLinkRoom(registry, verified.value, res, (error) => endUnavailable(res, error, CAPTION_EVENTS_RETRY_MS));
    if (!opened) return;
    const { room, state } = opened;
    if (query.captions.some(({ language }) => !state.languages.includes(language))) return sendError(res, appError('UNKNOWN_LANGUAGE'));
    if (!(await readCaptionsAhead(registry, room, query.captions, res))) return;
    const preferred = query.prefer && chooseCaptionLanguage(query.prefer, state.languages);
    const followed = preferred && !query.captions.some(({ language }) => language === preferred) ? [...query.captions, { language: preferred }] : query.captions;
    if (!deps.mayConnect(verified.value)) return sendError(res, appError('TOO_MANY_CONNECTIONS'));

    // Everything the page starts from is read in this one turn, and the stream joins its rooms
    // in it too: nothing broadcast in between is lost or sent twice.
    views.follow(meetingId);
    const meeting = views.catchUp(meetingId, actor, query.seq);
    if (!meeting) return sendError(res, appError('MEETING_NOT_FOUND'));
    const first: StreamEvent[] = [{ event: MEETING_EVENTS.meeting, data: catchUpJson(meeting) }];
    const presence = deps.presence(meetingId, actor);
    first.push({ event: MEETING_EVENTS.presence, data: presence.json });
    // Said even when none are: a page opening its stream again for another language keeps what it knew until then.
    first.push({ event: MEETING_EVENTS.live, data: deps.live(meetingId) });
    for (const { language, lastSeq } of followed) {
      const caughtUp = captions.catchUp(meetingId, language, lastSeq);
      if (!caughtUp.ok) return sendError(res, caughtUp.error);
      first.push({ event: MEETING_EVENTS.captions, data: deps.snapshots.catchUp(meetingId, language, caughtUp.value) });
    }
    const participantId = ownParticipantId(actor);
    const rooms = [
      projectionRoom(meetingId, projectionOfRole[actor.role]),
      linkRoom(meetingId, actor.linkId),
      ...(participantId ? [selfRoom(meetingId, participantId)] : []),
      ...presence.rooms,
      ...followed.map(({ language }) => captionRoom(meetingId, language)),
    ];
    openReader({ streams, metrics }, res, room, actor, rooms, first);
  };
  return { path: MEETING_EVENTS_PATH, handle };
}

/** A catch-up as JSON; a snapshot's state is encoded once per projected state, however many pages load it. */
function catchUpJson(catchUp: CatchUp): string {
  return catchUp.kind === 'snapshot' ? `{"kind":"snapshot","snapshot":${encodeSnapshot(catchUp.snapshot)}}` : JSON.stringify(catchUp);
}

/** What the meeting event stream carries of the rooms' broadcasts, besides the captions' (captionStreamEvents). */
export const meetingStreamEvents: StreamTranslation = (event, _payload, json) => {
  switch (event) {
    case 'meeting:changed':
      return { event: MEETING_EVENTS.changed, data: json };
    case 'self:changed':
      return { event: MEETING_EVENTS.self, data: json };
    case 'media:presence':
      return { event: MEETING_EVENTS.presence, data: json };
    case 'caption:liveChanged':
      return { event: MEETING_EVENTS.live, data: json };
    default:
      return null;
  }
};
