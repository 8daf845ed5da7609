import { createHash } from 'node:crypto';
import { writtenSpeeches, type ArchiveIndexCard, type ArchiveRecord, type ArchivedSpeech, type ArchivedStatement, type ArchivedTopic } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { descriptionIn, titleIn } from '../../../shared/meeting/selectors.js';
import {
  cuesOf,
  duration,
  isoInstant,
  localDate,
  localYear,
  localDateTime,
  localTime,
  oneLine,
  sameLocalDay,
  sectionsByTopic,
  speakerName,
  startsTurn,
  timeZoneDescription,
  type Cue,
} from './format.js';
import { scriptLanguage } from '../../../shared/i18n/catalogue.js';
import { dirOf, labelsFor, languageNames, type ExportLabels } from './labels.js';
import { recordingHtml, speechAudioHtml, topicAudioHtml } from './audio.js';
import type { PdfAInput } from '../pdfa/convert.js';

export interface ExportLink {
  label: string;
  href: string;
}

export interface RecordHtmlOptions {
  /** The download list; labels are printed as given (escaped). */
  exportLinks: ExportLink[];
  /** This record in the meeting's other languages. */
  otherLanguages: { language: Language; href: string }[];
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * An href we are willing to print: absolute http(s) URLs, and (when `relative` is allowed, for
 * links the server itself builds) paths that resolve to http(s). Everything else (javascript:,
 * data:, vbscript:, mailto:, garbage) gives null and the text is shown without a link.
 */
export function safeHref(href: string, relative: boolean): string | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = relative ? new URL(trimmed, 'https://archive.invalid/') : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!relative && !/^https?:\/\//i.test(trimmed)) return null;
  return trimmed;
}

/**
 * User-supplied text, isolated from the surrounding direction (names, titles: any script), and
 * tagged with the language its script tells (a Chinese name on the English record is read and
 * drawn as Chinese).
 */
const bdi = (text: string) => {
  const language = scriptLanguage(text);
  return `<bdi${language ? ` lang="${language}"` : ''}>${escapeHtml(oneLine(text))}</bdi>`;
};

const link = (href: string | null, content: string, extra = '') =>
  href === null ? content : `<a href="${escapeHtml(href)}"${extra}>${content}</a>`;

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;font-size:1rem;line-height:1.6;color:#1a1a1a;background:#fff}
.skip{position:absolute;inset-inline-start:1rem;inset-block-start:-100rem;z-index:1;padding-block:.5rem;padding-inline:1rem;background:#fff;color:#00398a;border:2px solid currentColor}
.skip:focus{inset-block-start:1rem}
header{padding-block:.5rem;padding-inline:1rem;border-block-end:1px solid #767676}
main{display:block;max-inline-size:75rem;margin-inline:auto;padding-block:1rem 4rem;padding-inline:1rem}
main:focus{outline:none}
h1,h2,h3,h4{line-height:1.25;margin-block:1.5em .5em}
h1{font-size:2rem;margin-block-start:.5em}
h2{font-size:1.5rem;padding-block-start:.5em;border-block-start:2px solid #1a1a1a}
h3{font-size:1.25rem}
h4{font-size:1.05rem}
a{color:#00398a;text-decoration-thickness:.08em;text-underline-offset:.15em}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
p,li,dd,td,th,caption{overflow-wrap:break-word}
ul.inline{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
ul.inline a{display:inline-block;min-block-size:1.5rem;padding-block:.125rem}
dl.facts{margin-block:1rem}
dl.facts>div{display:flex;flex-wrap:wrap;column-gap:1rem;padding-block:.125rem}
dl.facts dt{flex:0 1 15rem;font-weight:700}
dl.facts dd{flex:1 1 12rem;min-inline-size:0;margin:0}
.subtitle{font-size:1.125rem;color:#444;margin-block:0 1rem}
.scroll{max-inline-size:100%;overflow:auto;margin-block:1rem}
table{border-collapse:collapse}
caption{text-align:start;font-weight:700;padding-block-end:.5rem}
th,td{text-align:start;vertical-align:top;padding-block:.375rem;padding-inline:.5rem;border-block-end:1px solid #767676}
thead th{border-block-end:2px solid #1a1a1a}
tfoot th,tfoot td{border-block-start:2px solid #1a1a1a;font-weight:700}
td.num{font-variant-numeric:tabular-nums}
.note,.disclaimer{color:#444}
.disclaimer{border-inline-start:4px solid #767676;padding-inline-start:.75rem}
.transcript p{margin-block:.25rem}
.transcript .turn{margin-block-start:1rem}
.transcript time{color:#444;font-variant-numeric:tabular-nums;margin-inline-end:.5rem}
.speaker{font-weight:700}
.statement blockquote{margin-block:.5rem;margin-inline:0;padding-inline-start:.75rem;border-inline-start:4px solid #767676}
figure.speech-audio.audio-withheld{border-inline-start-color:#767676}
figure.speech-audio,figure.topic-audio{margin-block:.75rem;margin-inline:0;padding-block:.5rem;padding-inline:.75rem;border-inline-start:4px solid #00398a}
figure figcaption{font-weight:700}
figure audio{display:block;inline-size:100%;max-inline-size:32rem;min-block-size:2.5rem;margin-block:.25rem}
figure video{display:block;inline-size:100%;max-inline-size:48rem;block-size:8rem;background:#1a1a1a;margin-block:.25rem}
.audio-downloads{margin-block:.25rem;font-size:.9rem}
@media screen{.scroll{container-type:inline-size}.scroll caption{position:sticky;inset-inline-start:0;max-inline-size:100cqi}}
@page{size:A4;margin:18mm 16mm}
@media print{.skip,header{display:none}.scroll{overflow:visible}h2,h3,h4{break-after:avoid}tr,.transcript p{break-inside:avoid}}
@media screen and (prefers-color-scheme:dark){body{color:#f2f2f2;background:#121212}a,.skip{color:#9cc3ff}.skip{background:#121212}.subtitle,.note,.disclaimer,.transcript time{color:#c8c8c8}h2,thead th,tfoot th,tfoot td{border-color:#f2f2f2}a:focus-visible,[tabindex]:focus-visible{outline-color:#f2f2f2}}
`
  .trim()
  .replace(/\n/g, '');

interface Context {
  record: ArchiveRecord;
  language: Language;
  labels: ExportLabels;
  /** Time display: just the time when the meeting sat on one day, else date and time. */
  clock: (timestamp: number) => string;
}

const time = (timestamp: number, display: string) => `<time datetime="${isoInstant(timestamp)}">${escapeHtml(display)}</time>`;

/** The record pages' one inline style sheet, allowed by hash in their Content-Security-Policy. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** A table in a focusable, labelled scroll container, so it reflows at 200% zoom and scrolls by keyboard. */
function table(id: string, caption: string, head: string[], rows: string[], foot = ''): string {
  return [
    `<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0">`,
    `<table><caption id="${id}">${caption}</caption>`,
    `<thead><tr>${head.map((cell) => `<th scope="col">${cell}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    foot === '' ? '' : `<tfoot>${foot}</tfoot>`,
    `</table></div>`,
  ].join('');
}

function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.split(/\r?\n/).map(oneLine).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => `<p dir="auto">${lines.map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

function details({ record, language, labels }: Context): string {
  const { meeting } = record;
  const zone = meeting.timeZone;
  const at = (timestamp: number) => time(timestamp, localDateTime(timestamp, zone, language));
  const facts: [string, string][] = [];
  if (oneLine(meeting.venue) !== '') facts.push([labels.venue, bdi(meeting.venue)]);
  facts.push(
    [
      labels.scheduled,
      `${at(meeting.scheduledStart)} – ${
        sameLocalDay(meeting.scheduledStart, meeting.scheduledEnd, zone)
          ? time(meeting.scheduledEnd, localTime(meeting.scheduledEnd, zone, language))
          : at(meeting.scheduledEnd)
      }`,
    ],
    [labels.opened, at(meeting.openedAt)],
    [labels.adjourned, at(meeting.adjournedAt)],
    [labels.timeZone, `<span dir="ltr">${escapeHtml(timeZoneDescription(zone, meeting.openedAt))}</span>`],
  );
  if (meeting.groupMeeting) {
    const startsOn = meeting.groupMeeting.startsOn;
    const display = localDate(Date.parse(`${startsOn}T00:00:00Z`), 'UTC', language);
    facts.push([labels.groupMeeting, `${bdi(meeting.groupMeeting.name)}${labels.comma}<time datetime="${escapeHtml(startsOn)}">${escapeHtml(display)}</time>`]);
  }
  facts.push([labels.archived, at(meeting.archivedAt)]);
  if (record.corrections > 0) facts.push([labels.corrections, `<span class="num">${record.corrections}</span>`]);
  const list = `<dl class="facts" aria-label="${escapeHtml(labels.meetingDetails)}">${facts
    .map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${value}</dd></div>`)
    .join('')}</dl>`;
  const recording = recordingHtml(record, language, (timestamp) => localTime(timestamp, zone, language), escapeHtml);
  return (record.corrections > 0 ? `${list}<p class="note corrections">${escapeHtml(labels.correctionsNote)}</p>` : list) + recording;
}

function speechRow(speech: ArchivedSpeech, inWriting: boolean, { labels, clock }: Context): string {
  const kind =
    escapeHtml(labels.speechKinds[speech.kind] + (inWriting ? ` (${labels.inWriting})` : '')) +
    (speech.replyTo === null ? '' : `<br>${escapeHtml(labels.inReplyTo)}: ${bdi(speech.replyTo)}`);
  const cells = [
    bdi(speech.affiliation),
    bdi(speech.country),
    escapeHtml(labels.stakeholderGroups[speech.stakeholderGroup]),
    escapeHtml(labels.attendanceModes[speech.attendance]),
    kind,
    time(speech.startedAt, clock(speech.startedAt)),
    time(speech.endedAt, clock(speech.endedAt)),
    `<time datetime="PT${Math.round(speech.durationMs / 1000)}S">${duration(speech.durationMs)}</time>`,
  ];
  return `<tr><th scope="row">${speakerName(speech.name) === null ? escapeHtml(labels.unknownSpeaker) : bdi(speech.name)}</th>${cells
    .map((cell, i) => `<td${i >= 5 ? ' class="num"' : ''}>${cell}</td>`)
    .join('')}</tr>`;
}

/** Who sent it, when, whether it was read out, and its text in the writer's paragraphs. */
function statementItem(statement: ArchivedStatement, topic: ArchivedTopic, { labels, clock }: Context): string {
  const where = [statement.affiliation, statement.country].filter((part) => oneLine(part) !== '').map(bdi);
  const speech = topic.speeches.find((candidate) => candidate.id === statement.speechId);
  const read = speech
    ? `${escapeHtml(labels.statementReadOut)} ${time(speech.startedAt, clock(speech.startedAt))}.`
    : escapeHtml(labels.statementNotReadOut);
  return [
    `<li class="statement"><p><strong>${speakerName(statement.name) === null ? escapeHtml(labels.unknownSpeaker) : bdi(statement.name)}</strong>`,
    where.length > 0 ? ` (${where.join(escapeHtml(labels.comma))})` : '',
    ` — ${escapeHtml(labels.stakeholderGroups[statement.stakeholderGroup])}</p>`,
    `<p class="note">${escapeHtml(labels.statementSent)} ${time(statement.submittedAt, clock(statement.submittedAt))}. ${read}${
      statement.enteredByChair ? ` ${escapeHtml(labels.statementEnteredByChair)}` : ''
    }</p>`,
    `<blockquote>${paragraphs(statement.text)}</blockquote></li>`,
  ].join('');
}

function topicSection(topic: ArchivedTopic, index: number, context: Context): string {
  const { labels } = context;
  const id = `topic-${topic.id}`;
  const title = titleIn(topic, context.language);
  const out = [`<section aria-labelledby="${id}">`, `<h3 id="${id}">${escapeHtml(labels.topic)} ${index + 1}: ${bdi(title)}</h3>`];
  out.push(paragraphs(descriptionIn(topic, context.language)));
  if (oneLine(topic.proposedBy) !== '') out.push(`<p>${escapeHtml(labels.proposedBy)}: ${bdi(topic.proposedBy)}</p>`);
  if (topic.channels.length > 0) {
    const spans = topic.channels.map(
      (span) => `${escapeHtml(labels.languages[span.language])} ${time(span.from, context.clock(span.from))}–${time(span.to, context.clock(span.to))}`,
    );
    out.push(`<p>${escapeHtml(labels.interpretation)}: ${spans.join(escapeHtml(labels.comma))}</p>`);
  }

  out.push(`<h4>${escapeHtml(labels.consultationInputs)}</h4>`);
  if (topic.inputs.length === 0) out.push(`<p>${escapeHtml(labels.noInputs)}</p>`);
  else
    out.push(
      `<ul>${topic.inputs
        .map(
          (input) =>
            `<li>${link(safeHref(input.url, false), bdi(input.title))} — ${bdi(input.author)} (${escapeHtml(
              labels.stakeholderGroups[input.stakeholderGroup],
            )})</li>`,
        )
        .join('')}</ul>`,
    );
  if (topic.compilationReportUrl !== null) {
    const href = safeHref(topic.compilationReportUrl, false);
    out.push(`<p>${link(href, escapeHtml(labels.compilationReport))}${href === null ? `: ${bdi(topic.compilationReportUrl)}` : ''}</p>`);
  }

  out.push(`<h4>${escapeHtml(labels.speakers)}</h4>`);
  const written = writtenSpeeches(topic);
  if (topic.speeches.length === 0) out.push(`<p>${escapeHtml(labels.noSpeakers)}</p>`);
  else {
    const head = [labels.name, labels.affiliation, labels.country, labels.stakeholderGroup, labels.participation, labels.kind, labels.began, labels.ended, labels.duration];
    out.push(
      table(
        `speakers-${topic.id}`,
        `${escapeHtml(labels.speakers)}: ${bdi(title)}`,
        head.map(escapeHtml),
        topic.speeches.map((speech) => speechRow(speech, written.has(speech.id), context)),
      ),
      `<p class="note">${escapeHtml(labels.durationNote)}</p>`,
    );
  }
  if (topic.statements.length > 0) {
    out.push(
      `<h4>${escapeHtml(labels.writtenStatements)}</h4>`,
      `<ol>${topic.statements.map((statement) => statementItem(statement, topic, context)).join('')}</ol>`,
    );
  }
  out.push('</section>');
  return out.join('');
}

function attendanceSection({ record, labels }: Context): string {
  const { attendance } = record;
  const facts: [string, number][] = [
    [labels.registered, attendance.registered],
    [labels.attended, attendance.attended],
    [labels.unnamedAttendees, attendance.unnamed],
    [labels.registeredInRoom, attendance.registeredInRoom],
    [labels.registeredRemote, attendance.registeredRemote],
    [labels.peakConcurrent, attendance.peakConcurrent],
  ];
  const rows = attendance.byStakeholderGroup.map(
    (row) =>
      `<tr><th scope="row">${escapeHtml(labels.stakeholderGroups[row.group])}</th><td class="num">${row.registered}</td><td class="num">${row.attended}</td></tr>`,
  );
  return [
    `<section aria-labelledby="attendance"><h2 id="attendance">${escapeHtml(labels.attendance)}</h2>`,
    `<dl class="facts">${facts.map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${value}</dd></div>`).join('')}</dl>`,
    table(
      'attendance-by-group',
      escapeHtml(labels.attendanceByGroup),
      [labels.stakeholderGroup, labels.registered, labels.attended].map(escapeHtml),
      rows,
    ),
    `<h3 id="attendees-heading">${escapeHtml(labels.attendees)}</h3>`,
    attendance.named.length === 0
      ? `<p>${escapeHtml(labels.noNamedAttendees)}</p>`
      : table(
        'attendees',
        escapeHtml(labels.attendees),
        [labels.name, labels.affiliation, labels.country, labels.stakeholderGroup, labels.participation].map(escapeHtml),
        attendance.named.map(
          (attendee) =>
            `<tr><th scope="row">${bdi(attendee.name)}</th><td>${bdi(attendee.affiliation)}</td><td>${bdi(attendee.country)}</td><td>${escapeHtml(
              labels.stakeholderGroups[attendee.stakeholderGroup],
            )}</td><td>${escapeHtml(labels.attendanceModes[attendee.attendance])}</td></tr>`,
        ),
      ),
    '</section>',
  ].join('');
}

function speakingTimeSection({ record, labels }: Context): string {
  const { byStakeholderGroup, byAttendance } = record.speakingTime;
  const row = (label: string, tally: { speeches: number; speakingMs: number }) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${tally.speeches}</td><td class="num"><time datetime="PT${Math.round(
      tally.speakingMs / 1000,
    )}S">${duration(tally.speakingMs)}</time></td></tr>`;
  const total = (tallies: { speeches: number; speakingMs: number }[]) =>
    row(
      labels.total,
      tallies.reduce((sum, tally) => ({ speeches: sum.speeches + tally.speeches, speakingMs: sum.speakingMs + tally.speakingMs }), {
        speeches: 0,
        speakingMs: 0,
      }),
    );
  const head = [labels.stakeholderGroup, labels.speeches, labels.speakingTime].map(escapeHtml);
  const headByAttendance = [labels.participation, labels.speeches, labels.speakingTime].map(escapeHtml);
  return [
    `<section aria-labelledby="speaking-time"><h2 id="speaking-time">${escapeHtml(labels.speakingTime)}</h2>`,
    table(
      'speaking-time-by-group',
      escapeHtml(labels.byStakeholderGroup),
      head,
      byStakeholderGroup.map((tally) => row(labels.stakeholderGroups[tally.group], tally)),
      total(byStakeholderGroup),
    ),
    table(
      'speaking-time-by-participation',
      escapeHtml(labels.byParticipation),
      headByAttendance,
      byAttendance.map((tally) => row(labels.attendanceModes[tally.attendance], tally)),
      total(byAttendance),
    ),
    `<p class="note">${escapeHtml(labels.durationNote)}</p>`,
    '</section>',
  ].join('');
}

/**
 * A topic's transcript lines, each speech's player before its first line (a speech is placed
 * before the first line written after it began), so its audio sits beside its own words.
 */
function transcriptLines(cues: readonly Cue[], context: Context, speeches: readonly ArchivedSpeech[] = []): string {
  const { labels, clock, language } = context;
  const out: string[] = [];
  let previous: Cue | undefined;
  const players = [...speeches].sort((a, b) => a.startedAt - b.startedAt);
  const playersUntil = (at: number) => {
    let html = '';
    while (players.length > 0 && players[0]!.startedAt <= at) html += speechAudioHtml(players.shift()!, language, clock, escapeHtml);
    return html;
  };
  for (const cue of cues) {
    const player = playersUntil(cue.line.startedAt);
    if (player !== '') {
      if (previous !== undefined) out.push('</div>');
      out.push(player);
      previous = undefined;
    }
    const change = startsTurn(cue, previous);
    if (change) {
      if (previous !== undefined) out.push('</div>');
      out.push('<div class="turn">');
    }
    const speaker =
      !change || cue.sound ? '' : `<span class="speaker">${cue.speaker === null ? escapeHtml(labels.unknownSpeaker) : bdi(cue.speaker)}:</span> `;
    const text = cue.sound ? `<i class="sound">${escapeHtml(cue.text)}</i>` : escapeHtml(cue.text);
    out.push(`<p>${time(cue.line.startedAt, clock(cue.line.startedAt))}${speaker}${text}</p>`);
    previous = cue;
  }
  if (previous !== undefined) out.push('</div>');
  out.push(playersUntil(Infinity));
  return out.join('');
}

function transcriptSection(context: Context): string {
  const { record, language, labels } = context;
  const out = [`<section aria-labelledby="transcript"><h2 id="transcript">${escapeHtml(labels.transcript)}</h2>`];
  out.push(`<p class="disclaimer">${escapeHtml(labels.disclaimer)}</p>`);
  const captioners = record.captioners.map((captioner) => oneLine(captioner.label)).filter((label) => label !== '');
  if (captioners.length > 0) out.push(`<p>${escapeHtml(labels.captioners)}: ${captioners.map(bdi).join(labels.comma)}</p>`);
  const cues = cuesOf(record, language);
  const heard = (topic: ArchivedTopic | null) => (topic?.speeches ?? []).filter((speech) => speech.audio !== null || speech.audioWithheld);
  if (cues.length === 0 && !record.topics.some((topic) => heard(topic).length > 0)) out.push(`<p>${escapeHtml(labels.noTranscript)}</p>`);
  else
    for (const [index, section] of sectionsByTopic(record, cues).entries()) {
      const speeches = heard(section.topic);
      if (section.items.length === 0 && speeches.length === 0) continue;
      const id = section.topic ? `transcript-${section.topic.id}` : 'transcript-outside-topics';
      const heading = section.topic
        ? `${escapeHtml(labels.topic)} ${index + 1}: ${bdi(titleIn(section.topic, language))}`
        : escapeHtml(labels.otherProceedings);
      const topicAudio = section.topic ? topicAudioHtml(section.topic, language, escapeHtml) : '';
      out.push(
        `<section aria-labelledby="${id}" class="transcript"><h3 id="${id}">${heading}</h3>${topicAudio}${transcriptLines(section.items, context, speeches)}</section>`,
      );
    }
  out.push('</section>');
  return out.join('');
}

/**
 * The public record of an archived meeting in one language, as one complete, self-contained,
 * accessible HTML document (inline CSS with logical properties only, no script).
 *
 * - `<html lang dir>` from the language (Arabic right-to-left); labels from labels.ts.
 * - A skip link to `<main>`; headings h1 (meeting) then h2: Topics, Attendance, Speaking
 *   time, Transcript, Downloads (h3/h4 below them).
 * - Tables with `<caption>`, `<th scope="col">` and a `<th scope="row">` per row, each in a
 *   focusable scroll region so the page reflows at 200% zoom / 320 CSS px.
 * - Times as `<time datetime="…Z">` shown in the meeting's time zone (date added when the
 *   meeting ran over more than one day).
 * - All user text (names, titles, descriptions, transcript, link labels) is escaped
 *   (`& < > " '`) and names/titles are isolated in `<bdi>` (descriptions `dir="auto"`).
 * - Consultation inputs and the compilation report are links only for absolute http(s) URLs;
 *   the export and language links given in `options` only for http(s) or relative hrefs.
 */
export function recordHtml(record: ArchiveRecord, language: Language, options: RecordHtmlOptions): string {
  const labels = labelsFor(language);
  const { meeting } = record;
  const zone = meeting.timeZone;
  const oneDay = sameLocalDay(meeting.openedAt, meeting.adjournedAt, zone);
  const context: Context = {
    record,
    language,
    labels,
    clock: (timestamp) => (oneDay ? localTime(timestamp, zone, language) : localDateTime(timestamp, zone, language)),
  };

  // `download`: save the file rather than open it (a .vtt or .json shown as text helps no one).
  const downloads =
    options.exportLinks.length === 0
      ? ''
      : [
        `<section aria-labelledby="downloads"><h2 id="downloads">${escapeHtml(labels.downloads)}</h2><ul>`,
        ...options.exportLinks.map((exportLink) => `<li>${link(safeHref(exportLink.href, true), bdi(exportLink.label), ' download')}</li>`),
        '</ul></section>',
      ].join('');

  return page(language, recordTitle(record, language), languageNav(labels, language, options.otherLanguages), [
    `<h1>${bdi(meeting.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(labels.recordTitle)}</p>`,
    details(context),
    `<section aria-labelledby="topics"><h2 id="topics">${escapeHtml(labels.topics)}</h2>`,
    record.topics.length === 0 ? '' : record.topics.map((topic, index) => topicSection(topic, index, context)).join(''),
    '</section>',
    attendanceSection(context),
    speakingTimeSection(context),
    transcriptSection(context),
    downloads,
  ]);
}

/** The record's title in `language`: the page's <title>, and its PDF's. */
const recordTitle = (record: ArchiveRecord, language: Language): string =>
  `${oneLine(record.meeting.title)} — ${labelsFor(language).recordTitle}`;

/**
 * What the record printed in `language` says about itself (PDF Info and XMP): its title, the
 * secretariat that sealed it as author, where and when the meeting was held as subject, and
 * the sealing time as its date, so a reprint of the same record carries the same metadata.
 */
export function recordPdfMetadata(record: ArchiveRecord, language: Language): PdfAInput {
  const { meeting } = record;
  const labels = labelsFor(language);
  const where = [oneLine(meeting.venue), localDate(meeting.openedAt, meeting.timeZone, language)].filter((part) => part !== '');
  return {
    title: recordTitle(record, language),
    author: labels.secretariat,
    subject: `${labels.recordTitle}: ${oneLine(meeting.title)}${labels.comma}${where.join(labels.comma)}`,
    language,
    creatorTool: 'OpenFloor',
    date: new Date(meeting.archivedAt),
  };
}

/** Links to the same page in the other languages, each named in its own language. */
function languageNav(labels: ExportLabels, language: Language, others: readonly { language: Language; href: string }[]): string {
  const languages = others.filter((other) => other.language !== language);
  if (languages.length === 0) return '';
  const items = languages.map((other) => {
    const attrs = ` lang="${other.language}" dir="${dirOf(other.language)}"`;
    const href = safeHref(other.href, true);
    const name = escapeHtml(languageNames[other.language]);
    return `<li>${href === null ? `<span${attrs}>${name}</span>` : link(href, name, `${attrs} hreflang="${other.language}"`)}</li>`;
  });
  return `<header><nav aria-label="${escapeHtml(labels.otherLanguages)}"><ul class="inline">${items.join('')}</ul></nav></header>`;
}

/** The document around a page's main content: language, title, styles, skip link. */
function page(language: Language, title: string, nav: string, main: readonly string[]): string {
  const labels = labelsFor(language);
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${dirOf(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<a class="skip" href="#main">${escapeHtml(labels.skipToContent)}</a>`,
    nav,
    '<main id="main" tabindex="-1">',
    ...main,
    '</main>',
    '</body>',
    '</html>',
  ]
    .filter((part) => part !== '')
    .join('\n')
    .concat('\n');
}

/** One archived meeting in the public index. */
export interface ArchiveIndexEntry {
  record: ArchiveIndexCard;
  href: string;
}

/**
 * The public index of archived meetings, newest first, each with its dates, venue and topics
 * and a link to its record page. Same shell, escaping and language rules as the record page.
 */
export function archiveIndexHtml(
  entries: readonly ArchiveIndexEntry[],
  language: Language,
  otherLanguages: { language: Language; href: string }[],
): string {
  const labels = labelsFor(language);
  // Years of meetings: grouped by the year each opened in (in its own time zone), newest first as given.
  const years = new Map<string, { text: string; items: string[] }>();
  for (const { record, href } of entries) {
    const { meeting } = record;
    const year = localYear(meeting.openedAt, meeting.timeZone, language);
    const when = `<time datetime="${isoInstant(meeting.openedAt)}">${escapeHtml(localDate(meeting.openedAt, meeting.timeZone, language))}</time>`;
    const topics = record.topics.map((topic) => `<li>${bdi(titleIn(topic, language))}</li>`).join('');
    const item = [
      `<li><h3>${link(safeHref(href, true), bdi(meeting.title))}</h3>`,
      `<p>${when}${meeting.venue ? `${escapeHtml(labels.comma)}${bdi(meeting.venue)}` : ''}</p>`,
      topics ? `<h4>${escapeHtml(labels.topics)}</h4><ul>${topics}</ul>` : '',
      '</li>',
    ].join('');
    const group = years.get(year.digits) ?? { text: year.text, items: [] };
    group.items.push(item);
    years.set(year.digits, group);
  }
  const yearNav =
    years.size > 1
      ? `<nav aria-label="${escapeHtml(labels.archiveYears)}"><ul class="inline">${[...years]
          .map(([digits, { text }]) => `<li>${link(`#year-${digits}`, escapeHtml(text))}</li>`)
          .join('')}</ul></nav>`
      : '';
  const groups = [...years].map(
    ([digits, { text, items }]) => `<section aria-labelledby="year-${digits}"><h2 id="year-${digits}">${escapeHtml(text)}</h2><ul class="archive-index">${items.join('')}</ul></section>`,
  );
  return page(language, labels.archiveTitle, languageNav(labels, language, otherLanguages), [
    `<h1>${escapeHtml(labels.archiveTitle)}</h1>`,
    `<p>${escapeHtml(labels.archiveIntro)}</p>`,
    yearNav,
    entries.length === 0 ? `<p>${escapeHtml(labels.noArchivedMeetings)}</p>` : groups.join(''),
  ]);
}
