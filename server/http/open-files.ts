import { readFileSync } from 'node:fs';

/**
 * Every connection is an open file. Node raises its soft limit of open files to the hard limit
 * as it starts, so the hard limit is what a node can hold: past it the kernel refuses new
 * sockets, libuv accepts and closes each incoming connection at once, and the database, Redis
 * and LiveKit cannot be reached either. A node of an ITU meeting holds some 3,800 connections
 * (300 in the room, 500 remote, 3,000 webcast viewers).
 */
export const OPEN_FILES_FOR_AN_ITU_MEETING = 8192;

/** Files the server holds besides its connections: the log, the database pool, Redis, LiveKit, the recorder. */
const FILES_BESIDES_CONNECTIONS = 64;

/** The limit of open files in effect, from Linux's /proc/self/limits; null where it cannot be read. */
export function openFileLimit(limits = readLimits()): number | null {
  const match = limits?.match(/^Max open files\s+(\d+|unlimited)\s/m);
  if (!match) return null;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

function readLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

/** What start-up says about the limit: a line to print, and whether it is a warning. */
export function openFilesNotice(limit: number | null): { text: string; warning: boolean } | null {
  if (limit === null) return null;
  if (limit >= OPEN_FILES_FOR_AN_ITU_MEETING) return { text: `open files: up to ${limit}`, warning: false };
  const room = Math.max(0, limit - FILES_BESIDES_CONNECTIONS);
  return {
    text:
      `open files: at most ${limit}, room for about ${room} connections: raise the hard limit to ${OPEN_FILES_FOR_AN_ITU_MEETING} or more ` +
      '(LimitNOFILE= in a systemd unit, ulimits: nofile in compose, nofile in /etc/security/limits.conf) for a meeting of ITU size',
    warning: true,
  };
}
