import { writtenSpeeches, type ArchiveRecord } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { titleIn } from '../../../shared/meeting/selectors.js';
import { oneLine, wallClock } from './format.js';
import { labelsFor } from './labels.js';

/** U+FEFF: spreadsheet programs read the file as UTF-8 only when it starts with it. */
const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) gets a leading apostrophe, the OWASP-recommended neutraliser: names and titles
 * come from registrants and must never execute on the secretariat's computer.
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string): string {
  const safe = neutralised(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `2017-02-03 10:05:00` in the meeting's time zone: sortable, and read as a date by spreadsheets. */
function localStamp(timestamp: number, timeZone: string): string {
  const clock = wallClock(timestamp, timeZone);
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}

/** `0:02:30`: a duration spreadsheets read as a time. */
function hms(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 3600)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/**
 * The list of speakers as CSV, one row per speech in topic order (what OpenSlides exports):
 * topic, order in the topic, name, affiliation, country, stakeholder group, room/remote, kind,
 * in reply to, begin, end (local time in the meeting's zone, named in the header) and duration
 * without pauses. Headers and group/kind words in `language`, topic titles in it where given.
 * RFC 4180 (CRLF, quoted fields), UTF-8 with a byte-order mark, formula-like cells neutralised.
 */
export function speechesCsv(record: ArchiveRecord, language: Language): string {
  const labels = labelsFor(language);
  const zone = record.meeting.timeZone;
  const header = [
    labels.topic,
    labels.order,
    labels.name,
    labels.affiliation,
    labels.country,
    labels.stakeholderGroup,
    labels.participation,
    labels.kind,
    labels.inReplyTo,
    `${labels.began} (${zone})`,
    `${labels.ended} (${zone})`,
    labels.duration,
  ];
  const rows = record.topics.flatMap((topic) => {
    const written = writtenSpeeches(topic);
    return topic.speeches.map((speech, index) => [
      oneLine(titleIn(topic, language)),
      String(index + 1),
      oneLine(speech.name),
      oneLine(speech.affiliation),
      oneLine(speech.country),
      labels.stakeholderGroups[speech.stakeholderGroup],
      labels.attendanceModes[speech.attendance],
      labels.speechKinds[speech.kind] + (written.has(speech.id) ? ` (${labels.inWriting})` : ''),
      speech.replyTo === null ? '' : oneLine(speech.replyTo),
      localStamp(speech.startedAt, zone),
      localStamp(speech.endedAt, zone),
      hms(speech.durationMs),
    ]);
  });
  return BOM + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
