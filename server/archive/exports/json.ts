import { ArchiveRecord } from '../../../shared/archive/record.js';

/**
 * The record as pretty JSON (2-space indent, LF, trailing newline), the machine-readable form
 * the working group's tools read back with `ArchiveRecord.parse`. The record goes through the
 * schema on the way out, so the file holds exactly the schema's fields in the schema's order
 * and a record the reader would refuse is never published (parse throws instead).
 */
export function recordJson(record: ArchiveRecord): string {
  return `${JSON.stringify(ArchiveRecord.parse(record), null, 2)}\n`;
}
