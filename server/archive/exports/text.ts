import { writtenSpeeches, type ArchiveRecord, type ArchivedSpeech, type ArchivedStatement, type ArchivedTopic } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { titleIn } from '../../../shared/meeting/selectors.js';
import {
  cuesOf,
  duration,
  localDate,
  localDateTime,
  localTime,
  oneLine,
  RLM,
  sameLocalDay,
  sectionsByTopic,
  speakerName,
  startsTurn,
  timeZoneDescription,
  type Cue,
} from './format.js';
import { isRtl, labelsFor, languageNames, type ExportLabels } from './labels.js';
import { speakerLabel } from './srt.js';

/** One speech on one line: name (affiliation, country) | group | room/remote | kind | begin–end | duration. */
function speechLine(speech: ArchivedSpeech, inWriting: boolean, labels: ExportLabels, clock: (timestamp: number) => string): string {
  const where = [speech.affiliation, speech.country].map(oneLine).filter((part) => part !== '');
  const spoken = labels.speechKinds[speech.kind] + (inWriting ? ` (${labels.inWriting})` : '');
  const kind = speech.replyTo === null ? spoken : `${spoken} (${labels.inReplyTo}: ${oneLine(speech.replyTo)})`;
  return [
    `${speakerName(speech.name) ?? labels.unknownSpeaker}${where.length > 0 ? ` (${where.join(labels.comma)})` : ''}`,
    labels.stakeholderGroups[speech.stakeholderGroup],
    labels.attendanceModes[speech.attendance],
    kind,
    `${clock(speech.startedAt)}–${clock(speech.endedAt)}`,
    duration(speech.durationMs),
  ].join(' | ');
}

/** A written statement: who sent it, when, whether it was read out, then its text indented. */
function statementLines(
  statement: ArchivedStatement,
  topic: ArchivedTopic,
  labels: ExportLabels,
  clock: (timestamp: number) => string,
): string[] {
  const where = [statement.affiliation, statement.country].map(oneLine).filter((part) => part !== '');
  const speech = topic.speeches.find((candidate) => candidate.id === statement.speechId);
  const read = speech ? `${labels.statementReadOut} ${clock(speech.startedAt)}.` : labels.statementNotReadOut;
  return [
    `${speakerName(statement.name) ?? labels.unknownSpeaker}${where.length > 0 ? ` (${where.join(labels.comma)})` : ''} | ${
      labels.stakeholderGroups[statement.stakeholderGroup]
    } | ${labels.statementSent} ${clock(statement.submittedAt)}. ${read}${statement.enteredByChair ? ` ${labels.statementEnteredByChair}` : ''}`,
    ...statement.text.split(/\r?\n/).map((line) => (oneLine(line) === '' ? '' : `    ${oneLine(line)}`)),
  ];
}

/**
 * The transcript in one language as readable plain text (UTF-8, LF): a header with the
 * meeting, venue, dates in the meeting's time zone and the rough-draft disclaimer; then per
 * topic its speakers (name, affiliation, country, stakeholder group, room/remote, kind,
 * begin–end, duration without pauses) and its transcript lines, a paragraph per speaker turn
 * opened by `>> NAME:`. Lines spoken outside every topic come last. Labels are in the
 * transcript's language; in Arabic every line starts with U+200F so lines keep right-to-left
 * order in any text viewer.
 */
export function plainText(record: ArchiveRecord, language: Language): string {
  const labels = labelsFor(language);
  const { meeting } = record;
  const zone = meeting.timeZone;
  const oneDay = sameLocalDay(meeting.openedAt, meeting.adjournedAt, zone);
  const clock = (timestamp: number) =>
    oneDay ? localTime(timestamp, zone, language) : localDateTime(timestamp, zone, language);

  const out: string[] = [];
  const title = oneLine(meeting.title);
  out.push(title, '='.repeat(Math.min(72, Math.max(3, [...title].length))), labels.recordTitle, '');
  if (oneLine(meeting.venue) !== '') out.push(`${labels.venue}: ${oneLine(meeting.venue)}`);
  out.push(
    `${labels.scheduled}: ${localDateTime(meeting.scheduledStart, zone, language)} – ${
      sameLocalDay(meeting.scheduledStart, meeting.scheduledEnd, zone)
        ? localTime(meeting.scheduledEnd, zone, language)
        : localDateTime(meeting.scheduledEnd, zone, language)
    }`,
    `${labels.opened}: ${localDateTime(meeting.openedAt, zone, language)}`,
    `${labels.adjourned}: ${localDateTime(meeting.adjournedAt, zone, language)}`,
    `${labels.timeZone}: ${timeZoneDescription(zone, meeting.openedAt)}`,
  );
  if (meeting.groupMeeting) {
    const startsOn = localDate(Date.parse(`${meeting.groupMeeting.startsOn}T00:00:00Z`), 'UTC', language);
    out.push(`${labels.groupMeeting}: ${oneLine(meeting.groupMeeting.name)}${labels.comma}${startsOn}`);
  }
  out.push(`${labels.language}: ${languageNames[language]}`);
  const captioners = record.captioners.map((captioner) => oneLine(captioner.label)).filter((label) => label !== '');
  if (captioners.length > 0) out.push(`${labels.captioners}: ${captioners.join(labels.comma)}`);
  if (record.corrections > 0) out.push(`${labels.corrections}: ${record.corrections}`, labels.correctionsNote);
  out.push('', labels.disclaimer);

  const cues = cuesOf(record, language);
  if (cues.length === 0) out.push('', labels.noTranscript);

  for (const [index, section] of sectionsByTopic(record, cues).entries()) {
    const heading = section.topic
      ? `${labels.topic} ${index + 1}: ${oneLine(titleIn(section.topic, language))}`
      : labels.otherProceedings;
    out.push('', '', heading, '-'.repeat(Math.min(72, Math.max(3, [...heading].length))));
    if (section.topic) {
      if (oneLine(section.topic.proposedBy) !== '') out.push(`${labels.proposedBy}: ${oneLine(section.topic.proposedBy)}`);
      out.push('', `${labels.speakers}:`);
      if (section.topic.speeches.length === 0) out.push(labels.noSpeakers);
      const written = writtenSpeeches(section.topic);
      for (const [n, speech] of section.topic.speeches.entries()) out.push(`${n + 1}. ${speechLine(speech, written.has(speech.id), labels, clock)}`);
      if (section.topic.speeches.length > 0) out.push(labels.durationNote);
      if (section.topic.statements.length > 0) out.push('', `${labels.writtenStatements}:`);
      for (const [n, statement] of section.topic.statements.entries()) {
        const [first, ...text] = statementLines(statement, section.topic, labels, clock);
        out.push(`${n + 1}. ${first}`, ...text);
      }
    }
    if (section.items.length > 0) {
      out.push('', `${labels.transcript}:`);
      let previous: Cue | undefined;
      for (const cue of section.items) {
        const change = startsTurn(cue, previous);
        if (change && previous !== undefined) out.push('');
        out.push(`${change && !cue.sound ? speakerLabel(cue.speaker) : ''}${cue.text}`);
        previous = cue;
      }
    }
  }
  const lines = isRtl(language) ? out.map((line) => (line === '' ? line : `${RLM}${line}`)) : out;
  return `${lines.join('\n')}\n`;
}
