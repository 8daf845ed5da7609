import type { IssuedLink, MeetingState } from '../meeting/model.js';
import type { Actor } from './actor.js';

/**
 * What can be done on a meeting's caption desk: write into a stream; take a stream over at
 * once (without waiting for the writer's quiet period); switch the active provider to another
 * seat or a pulled feed (StreamText's "Change Provider"); set the StreamText events pulled.
 */
export const captionActions = ['write', 'takeOver', 'switchProvider', 'configurePull'] as const;
export type CaptionAction = (typeof captionActions)[number];

/** The captioner seat behind an actor, if it is one and still listed. */
function seatOf(actor: Actor, state: Pick<MeetingState, 'links'>): IssuedLink | null {
  if (actor.kind !== 'link' || actor.role !== 'captioner') return null;
  return state.links.find((link) => link.id === actor.linkId && link.role === 'captioner') ?? null;
}

/**
 * Who may do each: every captioner seat writes; only the lead captioner's seat also takes
 * over, switches the provider and sets pulls, which the chair and the secretariat do too
 * (they write nothing: a seat writes in its own name). Whether the link is still valid is
 * checked where the request arrives, as for every command.
 */
export function mayCaption(actor: Actor, state: Pick<MeetingState, 'links'>, action: CaptionAction): boolean {
  const seat = seatOf(actor, state);
  switch (action) {
    case 'write':
      return seat !== null;
    case 'takeOver':
      return seat?.lead === true;
    case 'switchProvider':
    case 'configurePull':
      return actor.kind === 'secretariat' || (actor.kind === 'link' && actor.role === 'chair') || seat?.lead === true;
  }
}
