import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Actor } from '../../shared/access/actor.js';
import { appError } from '../../shared/errors.js';
import type { Language } from '../../shared/meeting/model.js';
import { CAPTION_EVENTS_RETRY_MS, type CaptionCatchUp, type CaptionSnapshot } from '../../shared/protocol/captions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { captionStream, type MeetingRoom, type RoomSession } from '../meetings/room.js';
import type { Metrics } from '../observability/metrics.js';
import { RecentMap } from '../recent-map.js';
import { writeFailureCode } from '../storage/health.js';
import { endUnavailable, type EventStreams, type StreamEvent } from './event-streams.js';

/**
 * What the two event streams (captions, the meeting) do alike for a reader: read ahead where a
 * reader has seen more than this node, and open its stream as a session of the meeting room.
 */

/**
 * A reader coming back past what this node has read of a caption stream (another node served
 * it before) has the rest read first. False once storage that is away was answered.
 */
export async function readCaptionsAhead(
  registry: MeetingRegistry,
  room: MeetingRoom,
  followed: readonly { language: Language; lastSeq?: number | undefined }[],
  res: ServerResponse,
): Promise<boolean> {
  try {
    for (const { language, lastSeq } of followed) {
      if (lastSeq !== undefined && lastSeq > room.captionSeq(language)) await registry.openCurrent(room.meetingId, captionStream(room.meetingId, language));
    }
    return true;
  } catch (error) {
    endUnavailable(res, appError(writeFailureCode(error)), CAPTION_EVENTS_RETRY_MS);
    return false;
  }
}

/**
 * Opens a reader's stream: its `first` events, then every broadcast to `rooms`. Call it in the
 * turn its first events were read. The reader is a session of the room while it reads (a
 * participant's stream counts as their presence) and one of its role's open connections.
 */
export function openReader(
  { streams, metrics }: { streams: EventStreams; metrics: Pick<Metrics, 'connectionOpened' | 'connectionClosed'> },
  res: ServerResponse,
  room: MeetingRoom,
  actor: Extract<Actor, { kind: 'link' }>,
  rooms: readonly string[],
  first: readonly StreamEvent[],
): void {
  // Gone while its room was read: nothing to open, and no session that would never leave.
  if (!res.socket || res.socket.destroyed) return;
  const session: RoomSession = { id: `sse-${randomBytes(8).toString('hex')}`, meetingId: room.meetingId, actor };
  room.join(session);
  metrics.connectionOpened(actor.role);
  streams.open(res, rooms, first, CAPTION_EVENTS_RETRY_MS, () => {
    room.leave(session);
    metrics.connectionClosed(actor.role);
  });
}

/** Streams (meeting and language) whose last snapshot is kept encoded: a few meetings at once, in six languages. */
const SNAPSHOTS_KEPT = 64;

/**
 * Caption snapshots as JSON, encoded once per stream and seq: a hall of readers reloading at once
 * (a thousand webcast viewers after the venue's Wi-Fi came back) is given the same one, where each
 * would otherwise encode its own copy of the last lines.
 */
export class CaptionSnapshotJson {
  private readonly kept = new RecentMap<string, { seq: number; json: string }>(SNAPSHOTS_KEPT);

  of(meetingId: string, language: Language, snapshot: CaptionSnapshot): string {
    const key = captionStream(meetingId, language);
    const known = this.kept.get(key);
    if (known?.seq === snapshot.seq) return known.json;
    const json = JSON.stringify(snapshot);
    this.kept.set(key, { seq: snapshot.seq, json });
    return json;
  }

  /** A whole catch-up as JSON, its snapshot (if it is one) shared. */
  catchUp(meetingId: string, language: Language, catchUp: CaptionCatchUp): string {
    if (catchUp.kind !== 'snapshot') return JSON.stringify(catchUp);
    // The encoding JSON.stringify gives `{ kind, snapshot }`, with the snapshot's part reused.
    return `{"kind":"snapshot","snapshot":${this.of(meetingId, language, catchUp.snapshot)}}`;
  }
}
