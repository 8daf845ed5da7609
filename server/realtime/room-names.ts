import type { Socket } from 'socket.io';
import type { Actor } from '../../shared/access/actor.js';
import type { Language } from '../../shared/meeting/model.js';
import type { ProjectionKind } from '../../shared/protocol/projection.js';

/** The connections of a meeting that see the same projection of it. */
export const projectionRoom = (meetingId: string, kind: ProjectionKind) => `meeting:${meetingId}:${kind}`;
/** A participant's own pages, told when their registration changes. */
export const selfRoom = (meetingId: string, participantId: string) => `meeting:${meetingId}:self:${participantId}`;
/** The readers of one language's captions. */
export const captionRoom = (meetingId: string, language: Language) => `captions:${meetingId}:${language}`;
/** The registration a link speaks for as its own: a participant's personal link's. */
export const ownParticipantId = (actor: Extract<Actor, { kind: 'link' }>): string | null =>
  actor.role === 'participant' ? actor.participantId : null;

/** Each adapter's room names, one string per name. */
const namesByAdapter = new WeakMap<object, Map<string, string>>();

/**
 * Joins `rooms` with one copy of each name however many connections join it: the adapter keeps
 * the names of every connection's rooms, and thousands of viewers each holding their own copies
 * of the same few names cost more heap than their other state. A name is let go when the
 * adapter deletes its room (its last connection left).
 */
export function joinRooms(socket: Socket, rooms: readonly string[]): void {
  const adapter = socket.nsp.adapter;
  let names = namesByAdapter.get(adapter);
  if (!names) {
    const known = new Map<string, string>();
    adapter.on('delete-room', (room: string) => known.delete(room));
    namesByAdapter.set(adapter, known);
    names = known;
  }
  const shared = rooms.map((room) => {
    const name = names.get(room);
    if (name !== undefined) return name;
    names.set(room, room);
    return room;
  });
  void socket.join(shared);
}
