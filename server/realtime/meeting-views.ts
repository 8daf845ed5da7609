import type { Actor } from '../../shared/access/actor.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { participantById } from '../../shared/meeting/selectors.js';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import type { CatchUp, Own, Snapshot } from '../../shared/protocol/socket.js';
import { ownSetAside, ownStatements } from '../../shared/speaker-queue/statements.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { ProjectionFeeds } from './projections.js';
import { ownParticipantId } from './room-names.js';

type LinkActor = Extract<Actor, { kind: 'link' }>;

/** A participant's registration and statements, or null once their registration is gone. */
export function ownOf(state: MeetingState, participantId: string): Own | null {
  const participant = participantById(state, participantId);
  return participant ? { participant, statements: ownStatements(state, participantId), setAside: ownSetAside(state, participantId) } : null;
}

/**
 * What a page of a meeting is given to start from, whatever carries it (a Socket.IO
 * connection, an event stream): the meeting as its link's role sees it, and, coming back, only
 * the changes it missed while the projection feeds still hold them.
 */
export class MeetingViews {
  constructor(
    private readonly registry: MeetingRegistry,
    private readonly feeds: ProjectionFeeds,
    private readonly clock: () => number,
  ) {}

  snapshot(meetingId: string, actor: LinkActor): Snapshot | null {
    const room = this.registry.room(meetingId);
    const state = room?.state;
    if (!room || !state) return null;
    return {
      seq: room.seq,
      serverNow: this.clock(),
      state: project(state, projectionOfRole[actor.role]),
      you: { meetingId, linkId: actor.linkId, role: actor.role, participantId: actor.participantId },
      self: this.self(meetingId, actor),
    };
  }

  /** A participant's own registration and statements; null for any other link. */
  self(meetingId: string, actor: LinkActor): Own | null {
    const participantId = ownParticipantId(actor);
    const state = this.registry.room(meetingId)?.state;
    return participantId && state ? ownOf(state, participantId) : null;
  }

  /** The changes after `lastSeq`, or a snapshot when they are not held (or nothing was had). */
  catchUp(meetingId: string, actor: LinkActor, lastSeq: number | undefined): CatchUp | null {
    const changes = lastSeq === undefined ? null : this.feeds.changesSince(meetingId, projectionOfRole[actor.role], lastSeq);
    if (changes) return { kind: 'changes', changes, serverNow: this.clock(), self: this.self(meetingId, actor) };
    const snapshot = this.snapshot(meetingId, actor);
    return snapshot && { kind: 'snapshot', snapshot };
  }

  /** Starts the meeting's projection feeds, as its first page connects to this node. */
  follow(meetingId: string): void {
    const room = this.registry.room(meetingId);
    if (room?.state) this.feeds.follow(meetingId, room.state, room.seq);
  }
}
