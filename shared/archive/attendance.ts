import { z } from 'zod';
import { Id, Timestamp } from '../meeting/model.js';

/** A participant's device connected or disconnected; kept in the meeting's attendance log. */
export const AttendanceEntry = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  connection: z.string().min(1).max(64),
  participantId: Id,
  change: z.enum(['joined', 'left']),
  /** The node the device was connected to (several nodes on one database); absent in older logs. */
  node: z.string().min(1).max(64).optional(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

/**
 * Who attended (connected at least once before `until`) and the most participants connected
 * at the same time. A participant with two devices counts once.
 */
export function attendanceOf(entries: readonly AttendanceEntry[], until: number): { attended: Set<string>; peakConcurrent: number } {
  const connections = new Map<string, number>();
  const attended = new Set<string>();
  let peakConcurrent = 0;
  for (const entry of entries) {
    if (entry.at > until) break;
    const open = connections.get(entry.participantId) ?? 0;
    connections.set(entry.participantId, Math.max(0, open + (entry.change === 'joined' ? 1 : -1)));
    if (entry.change === 'joined') attended.add(entry.participantId);
    const present = [...connections.values()].filter((count) => count > 0).length;
    peakConcurrent = Math.max(peakConcurrent, present);
  }
  return { attended, peakConcurrent };
}
