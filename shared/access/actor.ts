import { z } from 'zod';
import { Id, Role } from '../meeting/model.js';
import type { CommandType } from '../meeting/commands.js';

/** Who issued a command. Stored with each log entry so replay applies the same checks. */
export const Actor = z.discriminatedUnion('kind', [
  /** Holder of the admin token: prepares meetings and issues links. */
  z.object({ kind: z.literal('secretariat') }),
  /** Anyone with the public registration link. */
  z.object({ kind: z.literal('registrant') }),
  /** Holder of an invite link (a role link or a personal participant link). */
  z.object({ kind: z.literal('link'), linkId: Id, role: Role, participantId: Id.nullable() }),
]);
export type Actor = z.infer<typeof Actor>;

export const SECRETARIAT: Actor = { kind: 'secretariat' };

/** Roles that run the floor. */
export const presidingRoles = ['chair', 'moderator'] as const;

export function presides(actor: Actor): boolean {
  return (
    actor.kind === 'secretariat' ||
    (actor.kind === 'link' && (presidingRoles as readonly string[]).includes(actor.role))
  );
}

/**
 * Who may issue each command at all. Finer checks (withdrawing only one's own request,
 * editing only one's own details) are made by the transition itself.
 */
export function mayIssue(actor: Actor, type: CommandType): boolean {
  switch (type) {
    case 'meeting:create':
    case 'meeting:update':
    case 'topic:add':
    case 'topic:update':
    case 'topic:remove':
    case 'topic:move':
    case 'link:issue':
    case 'link:revoke':
    case 'link:renew':
    case 'link:setLead':
    case 'record:correct':
    case 'record:revert':
    case 'participant:review':
      return actor.kind === 'secretariat';
    case 'meeting:transition':
    case 'meeting:setSpeakingTime':
    case 'meeting:setCaptionDisplay':
    case 'topic:select':
    case 'topic:setSpeakingTime':
    case 'queue:add':
    case 'queue:move':
    case 'queue:close':
    case 'queue:reopen':
    case 'queue:readdLast':
    case 'floor:give':
    case 'floor:end':
    case 'floor:pause':
    case 'floor:resume':
    case 'queue:carryOver':
    case 'floor:addTime':
    case 'floor:restart':
      return presides(actor);
    case 'participant:register':
      return actor.kind === 'registrant' || presides(actor);
    case 'participant:update':
    case 'queue:withdraw':
    case 'statement:submit':
    case 'statement:withdraw':
      return presides(actor) || participantIdOf(actor) !== null;
    case 'queue:request':
      return participantIdOf(actor) !== null;
    case 'booth:take':
      return actor.kind === 'link' && actor.role === 'interpreter';
    case 'booth:release':
      // The chair frees a booth an interpreter left on air by mistake.
      return (actor.kind === 'link' && actor.role === 'interpreter') || presides(actor);
  }
}

export function participantIdOf(actor: Actor): string | null {
  return actor.kind === 'link' ? actor.participantId : null;
}
