import type { ErrorCode } from '../errors.js';
import type { IssuedLink, MeetingState, Role } from '../meeting/model.js';

/** What a signed link claims: which of the meeting's links, for which role and participant. */
export interface LinkClaim {
  linkId: string;
  role: Role;
  participantId: string | null;
}

/**
 * The one rule for "is this link valid now": the meeting issued it as claimed, and it is
 * neither revoked nor expired. The server checks it at every door (socket handshake, media
 * token, caption ingest) and the transition for every command; pages use it to show a link
 * as active.
 *
 * @example linkProblem(state, { linkId: 'l1', role: 'chair', participantId: null }, Date.now()) // null or 'LINK_REVOKED'…
 */
export function linkProblem(state: Pick<MeetingState, 'links'>, claim: LinkClaim, now: number): ErrorCode | null {
  const issued = state.links.find((candidate) => candidate.id === claim.linkId);
  if (!issued || issued.role !== claim.role || issued.participantId !== claim.participantId) return 'UNAUTHORIZED';
  return issuedLinkProblem(issued, now);
}

/** The part of the rule that concerns the link alone. */
export function issuedLinkProblem(link: Pick<IssuedLink, 'revokedAt' | 'expiresAt'>, now: number): 'LINK_REVOKED' | 'LINK_EXPIRED' | null {
  if (link.revokedAt !== null) return 'LINK_REVOKED';
  if (link.expiresAt <= now) return 'LINK_EXPIRED';
  return null;
}

/**
 * Links made to be shared: one venue puts its screen link on every room screen, and a webcast
 * publishes its viewer link to everyone. Limits that stand for one person (open pages per link,
 * requests per credential) do not apply to them; each address's limits do.
 */
export function sharedByDesign(role: Role): boolean {
  return role === 'screen' || role === 'viewer';
}
