/**
 * What LiveKit's signed webhooks may not do: be applied twice, or out of order. A signature
 * stays valid for a while (livekit-server signs each post for five minutes), so anyone who
 * saw a post can replay it within that window; and posts can arrive out of order. An event id
 * is remembered until its signature expires (after that a replay fails verification), and
 * per participant only events newer than the last applied one change presence.
 */

export interface WebhookFacts {
  id: string;
  event: string;
  /** LiveKit's `createdAt`, in milliseconds (it is sent in whole seconds). */
  at: number;
  /** When the post's signature expires: no replay can pass verification after it. */
  validUntil: number;
  meetingId: string;
  identity: string | null;
  /** LiveKit's participant sid: each connection of an identity is ordered on its own. */
  session?: string | null;
}

export type WebhookVerdict = 'apply' | 'duplicate' | 'stale';

/**
 * Order within one second (createdAt's resolution): arrival before tracks before departure,
 * so a join replayed in the second of the departure does not bring the participant back.
 */
function rankOf(event: string): number {
  switch (event) {
    case 'participant_joined':
      return 0;
    case 'participant_left':
    case 'participant_connection_aborted':
    case 'room_finished':
      return 2;
    default:
      return 1;
  }
}

interface Mark {
  at: number;
  rank: number;
  until: number;
}

const newer = (a: Mark, b: Mark | undefined) => !b || a.at > b.at || (a.at === b.at && a.rank >= b.rank);

export class WebhookSequencer {
  private readonly seen = new Map<string, number>();
  /** Last applied event per participant (`meeting\nidentity`), and per room for room_finished. */
  private readonly latest = new Map<string, Mark>();
  private judged = 0;

  judge(facts: WebhookFacts, now: number): WebhookVerdict {
    if (++this.judged % 256 === 0) this.forget(now);
    if (facts.id && this.seen.has(facts.id)) return 'duplicate';
    if (facts.id) this.seen.set(facts.id, facts.validUntil);
    const mark: Mark = { at: facts.at, rank: rankOf(facts.event), until: facts.validUntil };
    const roomKey = facts.meetingId;
    const room = this.latest.get(roomKey);
    if (facts.event === 'room_finished') {
      if (!newer(mark, room)) return 'stale';
      this.latest.set(roomKey, mark);
      return 'apply';
    }
    if (!facts.identity) return 'apply';
    // Per connection: a page reloading leaves and joins again under its identity in one second.
    const key = `${facts.meetingId}\n${facts.identity}\n${facts.session ?? ''}`;
    // A room that finished after this event has already removed whatever it would change.
    if (room && (facts.at < room.at || (facts.at === room.at && mark.rank < room.rank))) return 'stale';
    if (!newer(mark, this.latest.get(key))) return 'stale';
    this.latest.set(key, mark);
    return 'apply';
  }

  /** Past its signature's validity nothing can replay an event: its memory can go. */
  private forget(now: number): void {
    for (const [id, until] of this.seen) if (until < now) this.seen.delete(id);
    for (const [key, mark] of this.latest) if (mark.until < now) this.latest.delete(key);
  }
}

/** The expiry of a webhook's verified signature (its JWT `exp`), or `fallback` if it has none. */
export function signatureExpiry(authorization: string | undefined, fallback: number): number {
  const token = authorization?.trim().split(/\s+/).at(-1) ?? '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : fallback;
  } catch {
    return fallback;
  }
}
