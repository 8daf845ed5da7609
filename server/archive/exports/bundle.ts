import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ArchiveRecord } from '../../../shared/archive/record.js';
import { exportFiles, fileNames, type ExportFile } from './files.js';
import { isoInstant, wallClock } from './format.js';

export interface ManifestEntry {
  name: string;
  mediaType: string;
  /** Size of the file's bytes (UTF-8 for text). */
  bytes: number;
  /** SHA-256 of those bytes, lower-case hex. */
  sha256: string;
}

export interface BundleManifest {
  schemaVersion: number;
  meetingId: string;
  archivedAt: string;
  files: ManifestEntry[];
}

export interface Bundle {
  zip: Uint8Array;
  manifest: BundleManifest;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The zip entries' modification time: the archive date as the wall clock read in the
 * meeting's time zone (zip times are local times without a zone). fflate reads the fields
 * back with the process's local-time getters, so the Date is built from local fields: the
 * bytes are the same whatever TZ the server runs in (save for a local time that the server's
 * own zone skips at a DST change). Clamped to what a DOS date can hold.
 */
function zipTime(record: ArchiveRecord): Date {
  const clock = wallClock(record.meeting.archivedAt, record.meeting.timeZone);
  if (clock.year < 1980) return new Date(1980, 0, 1, 0, 0, 0);
  if (clock.year > 2099) return new Date(2099, 11, 31, 23, 59, 58);
  return new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/**
 * Every export of the record in one zip, plus `manifest.json` (first entry) listing each other
 * file with its media type, byte size and SHA-256, with the schema version and meeting id. Same
 * record, same bytes: entries in a fixed order, every timestamp the archive date.
 */
export function bundle(record: ArchiveRecord, files: readonly ExportFile[] = exportFiles(record)): Bundle {
  const names = new Set<string>();
  for (const file of files) {
    if (file.name === fileNames.manifest) throw new Error(`${fileNames.manifest} is written by the bundle itself`);
    if (names.has(file.name)) throw new Error(`Two export files are named ${file.name}`);
    names.add(file.name);
  }
  const encoded = files.map((file) => ({ file, bytes: typeof file.content === 'string' ? strToU8(file.content) : file.content }));
  const manifest: BundleManifest = {
    schemaVersion: record.schemaVersion,
    meetingId: record.meeting.id,
    archivedAt: isoInstant(record.meeting.archivedAt),
    files: encoded.map(({ file, bytes }) => ({
      name: file.name,
      mediaType: file.mediaType,
      bytes: bytes.byteLength,
      sha256: sha256Hex(bytes),
    })),
  };
  const mtime = zipTime(record);
  const entries: Zippable = {};
  entries[fileNames.manifest] = [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }];
  // Audio is already compressed: stored as it is, it zips in no time and loses nothing.
  for (const { file, bytes } of encoded) entries[file.name] = [bytes, { mtime, level: file.mediaType.startsWith('audio/') ? 0 : 6 }];
  return { zip: zipSync(entries, { level: 6 }), manifest };
}

