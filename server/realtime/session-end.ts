import { issuedLinkProblem } from '../../shared/access/links.js';
import { appError, type AppError } from '../../shared/errors.js';
import type { IssuedLink, MeetingState } from '../../shared/meeting/model.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { Committed } from '../meetings/room.js';
import { MAX_TIMER_MS, type Timer, type Timers } from '../timers.js';
import type { Reach, RealtimeServer } from './socket.js';

export const linkRoom = (meetingId: string, linkId: string) => `link:${meetingId}:${linkId}`;

/**
 * Ends every connection of a link: it is told why (`session:ended`, the coded error the
 * handshake would now give), then disconnected. Sent before the close, so it arrives first.
 */
function endSessions(reach: Reach, meetingId: string, linkId: string, error: AppError): void {
  const room = linkRoom(meetingId, linkId);
  reach.to(room).emit('session:ended', error);
  reach.in(room).disconnectSockets(true);
}

interface Watched {
  connections: number;
  /** The expiry the timer is set for, and the timer. */
  at: number;
  timer: Timer | null;
}

/**
 * Connections end when their link stops opening the meeting, not only at the next handshake:
 * on revocation (or a declined registration) at once, and at expiry by a timer per link with connections (one for all the
 * viewers of a shared link). A link's expiry moves (renewed, or following the meeting's end):
 * each durable change that touches the links sets the timers again.
 *
 * Each node ends its own connections: at expiry by its own timers, and, with nodes sharing one
 * log, on a revocation it wrote or read from the log, as broadcastExtension tells its own pages
 * (so it happens while Redis is away too). Without a shared log the node that wrote a
 * revocation ends the link's connections on every node through Redis (`ownWrites`).
 */
export class SessionEndings {
  private readonly watched = new Map<string, Map<string, Watched>>();
  /** The links array each meeting's timers were last set from: unchanged by identity, nothing moved. */
  private readonly seenLinks = new Map<string, readonly IssuedLink[]>();

  constructor(
    private readonly io: RealtimeServer,
    private readonly registry: MeetingRegistry,
    private readonly clock: () => number,
    private readonly timers: Timers,
    private readonly ownWrites: Reach,
  ) {}

  extension(): RoomExtension {
    return {
      name: 'session-end',
      sessionJoined: ({ session }) => this.joined(session.meetingId, session.actor.linkId),
      sessionLeft: ({ session }) => this.left(session.meetingId, session.actor.linkId),
      committed: (committed) => this.changed(committed, this.ownWrites),
      // Only with a shared log: this node read what another wrote.
      followed: (committed) => this.changed(committed, this.io.local),
    };
  }

  private changed({ meetingId, entry: { command }, state }: Committed, reach: Reach): void {
    if (command.type === 'link:revoke') endSessions(reach, meetingId, command.linkId, appError('LINK_REVOKED'));
    if (command.type === 'participant:review' && command.decision === 'declined') {
      for (const link of state.links) {
        if (link.participantId === command.participantId) endSessions(reach, meetingId, link.id, appError('REGISTRATION_DECLINED'));
      }
    }
    this.rearm(meetingId, state);
  }

  close(): void {
    for (const links of this.watched.values()) for (const watched of links.values()) if (watched.timer) this.timers.clear(watched.timer);
    this.watched.clear();
    this.seenLinks.clear();
  }

  private joined(meetingId: string, linkId: string): void {
    const links = this.watched.get(meetingId) ?? new Map<string, Watched>();
    this.watched.set(meetingId, links);
    const watched = links.get(linkId);
    if (watched) {
      watched.connections += 1;
      return;
    }
    const fresh: Watched = { connections: 1, at: 0, timer: null };
    links.set(linkId, fresh);
    const link = this.registry.room(meetingId)?.state?.links.find((candidate) => candidate.id === linkId);
    if (link) this.arm(meetingId, link, fresh);
  }

  private left(meetingId: string, linkId: string): void {
    const links = this.watched.get(meetingId);
    const watched = links?.get(linkId);
    if (!links || !watched) return;
    watched.connections -= 1;
    if (watched.connections > 0) return;
    if (watched.timer) this.timers.clear(watched.timer);
    links.delete(linkId);
    if (links.size === 0) {
      this.watched.delete(meetingId);
      this.seenLinks.delete(meetingId);
    }
  }

  private arm(meetingId: string, link: IssuedLink, watched: Watched): void {
    if (watched.timer) this.timers.clear(watched.timer);
    watched.at = link.expiresAt;
    // A far expiry is checked again when the longest timer Node keeps runs out.
    const delay = Math.min(Math.max(0, link.expiresAt - this.clock()), MAX_TIMER_MS);
    watched.timer = this.timers.set(() => this.due(meetingId, link.id), delay);
  }

  /** The timer ran out: the link has expired, or its expiry moved later and the timer is set again. */
  private due(meetingId: string, linkId: string): void {
    const watched = this.watched.get(meetingId)?.get(linkId);
    if (!watched) return;
    watched.timer = null;
    const link = this.registry.room(meetingId)?.state?.links.find((candidate) => candidate.id === linkId);
    const problem = link ? issuedLinkProblem(link, this.clock()) : 'UNAUTHORIZED';
    if (problem) endSessions(this.io.local, meetingId, linkId, appError(problem));
    else this.arm(meetingId, link!, watched);
  }

  private rearm(meetingId: string, state: MeetingState): void {
    const links = this.watched.get(meetingId);
    if (!links || this.seenLinks.get(meetingId) === state.links) return;
    this.seenLinks.set(meetingId, state.links);
    const byId = new Map(state.links.map((link) => [link.id, link]));
    for (const [linkId, watched] of links) {
      const link = byId.get(linkId);
      if (link && link.expiresAt !== watched.at) this.arm(meetingId, link, watched);
    }
  }
}
