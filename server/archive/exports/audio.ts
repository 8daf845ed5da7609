import { concatenated, offsetIn, spokenIntervals, type AudioFile, type Interval } from '../../../shared/archive/audio.js';
import type { ArchiveRecord, ArchivedSpeech, ArchivedTopic } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { audioLabelsFor, fillHtml } from './audio-labels.js';
import { clockTime, cuesOf, duration, MIN_CUE_MS, oneLine } from './format.js';
import { isRtl, labelsFor, languageNames } from './labels.js';
import { cueText } from './webvtt.js';

/** Every audio file the record publishes, each once: speeches, then topics. */
export function audioFilesOf(record: ArchiveRecord): AudioFile[] {
  const seen = new Map<string, AudioFile>();
  const all = [
    ...record.topics.flatMap((topic) => topic.speeches.flatMap((speech) => speech.audio?.files ?? [])),
    ...record.topics.flatMap((topic) => topic.audio?.files ?? []),
  ];
  for (const file of all) if (!seen.has(file.name)) seen.set(file.name, file);
  return [...seen.values()];
}

/** The wall-clock times a topic's audio is made of, in its order, as the server cut it. */
export function topicTimeline(topic: ArchivedTopic) {
  return concatenated(topic.speeches.filter((speech) => speech.audio !== null).flatMap((speech) => spokenIntervals(speech)));
}

/**
 * A topic's transcript in one language timed on the topic's audio, for the player's `<track>`:
 * each line placed where its words fall in the audio (a line captioned during a pause or after
 * the speech ended sits at the end of what was just said). Same cue text and spacing rules as
 * the meeting's WebVTT: starts a second apart at least, every cue at least a second long, no
 * overlap, nothing past the audio's end.
 */
export function topicCaptionsVtt(record: ArchiveRecord, topic: ArchivedTopic, language: Language): string {
  const timeline = topicTimeline(topic);
  const total = topic.audio?.durationMs ?? 0;
  const placed = cuesOf(record, language)
    .filter((cue) => cue.line.topicId === topic.id)
    .flatMap((cue) => {
      const start = offsetIn(timeline, cue.line.startedAt);
      return start === null ? [] : [{ cue, start, end: offsetIn(timeline, cue.line.committedAt) ?? start }];
    });
  const blocks = ['WEBVTT', ['NOTE', oneLine(record.meeting.title), `${labelsFor(language).language}: ${languageNames[language]} (${language})`].join('\n')];
  let previousStart = -Infinity;
  const starts = placed.map(({ start }) => (previousStart = Math.max(start, previousStart + MIN_CUE_MS)));
  placed.forEach(({ cue, end }, i) => {
    const start = starts[i]!;
    if (start >= total) return;
    let stop = Math.max(end, start + MIN_CUE_MS);
    const next = starts[i + 1];
    if (next !== undefined) stop = Math.min(stop, next);
    stop = Math.min(stop, total);
    if (stop <= start) return;
    blocks.push([String(i + 1), `${clockTime(start, '.')} --> ${clockTime(stop, '.')}`, cueText(cue, language)].join('\n'));
  });
  return `${blocks.join('\n\n')}\n`;
}

type Escape = (text: string) => string;

function sources(files: readonly AudioFile[], escape: Escape): string {
  return files.map((file) => `<source src="${escape(file.name)}" type="${escape(file.mediaType)}">`).join('');
}

function downloads(files: readonly AudioFile[], language: Language, escape: Escape): string {
  const labels = audioLabelsFor(language);
  return files
    .map((file) => `<a href="${escape(file.name)}" download>${escape(file.name.endsWith('.mp3') ? labels.downloadMp3 : labels.downloadOpus)}</a>`)
    .join(' · ');
}

/**
 * A speech's player, placed before its transcript lines: a labelled `<figure>` with the native
 * `<audio controls>` (keyboard-operable, announced by screen readers), its sources and
 * download links; or a note that its audio is withheld.
 */
export function speechAudioHtml(
  speech: ArchivedSpeech,
  language: Language,
  clock: (timestamp: number) => string,
  escape: Escape,
): string {
  const labels = audioLabelsFor(language);
  const id = `audio-${speech.id}`;
  const caption = (durationMs: number) =>
    fillHtml(labels.speechAudio, { name: oneLine(speech.name), time: clock(speech.startedAt), duration: duration(durationMs) }, escape);
  if (speech.audioWithheld) {
    return `<figure class="speech-audio audio-withheld" aria-labelledby="${id}" data-speech="${escape(speech.id)}"><figcaption id="${id}">${caption(
      speech.durationMs,
    )}</figcaption><p class="note">${escape(labels.withheld)}</p></figure>`;
  }
  if (!speech.audio) return '';
  const gaps = speech.audio.gaps.map(
    (gap) => `<p class="note">${fillHtml(labels.speechGap, { from: clock(gap.startedAt), to: clock(gap.endedAt) }, escape)}</p>`,
  );
  return [
    `<figure class="speech-audio" aria-labelledby="${id}" data-speech="${escape(speech.id)}">`,
    `<figcaption id="${id}">${caption(speech.audio.durationMs)}</figcaption>`,
    `<audio controls preload="none" aria-labelledby="${id}">${sources(speech.audio.files, escape)}`,
    `<p>${escape(labels.cannotPlay)} ${downloads(speech.audio.files, language, escape)}</p></audio>`,
    `<p class="audio-downloads">${downloads(speech.audio.files, language, escape)}</p>`,
    ...gaps,
    '</figure>',
  ].join('');
}

/**
 * A topic's audio with its captions: a `<video>` element, because browsers show a `<track>`'s
 * captions only on video; it holds just the audio and the caption area.
 */
export function topicAudioHtml(topic: ArchivedTopic, language: Language, escape: Escape): string {
  if (!topic.audio) return '';
  const labels = audioLabelsFor(language);
  const id = `topic-audio-${topic.id}`;
  const tracks = [...topic.audio.captions]
    .sort((a, b) => Number(b.language === language) - Number(a.language === language))
    .map(
      (caption, i) =>
        `<track kind="captions" src="${escape(caption.name)}" srclang="${caption.language}" label="${escape(languageNames[caption.language])}"${i === 0 && caption.language === language ? ' default' : ''}>`,
    )
    .join('');
  return [
    `<figure class="topic-audio" aria-labelledby="${id}">`,
    `<figcaption id="${id}">${escape(labels.topicAudio)} (${duration(topic.audio.durationMs)})</figcaption>`,
    `<video controls preload="none" aria-labelledby="${id}" aria-describedby="${id}-note"${isRtl(language) ? ' dir="rtl"' : ''}>`,
    sources(topic.audio.files, escape),
    tracks,
    `<p>${escape(labels.cannotPlay)} ${downloads(topic.audio.files, language, escape)}</p></video>`,
    `<p class="note" id="${id}-note">${escape(labels.topicAudioNote)}</p>`,
    `<p class="audio-downloads">${downloads(topic.audio.files, language, escape)}</p>`,
    '</figure>',
  ].join('');
}

/** The record's statement that the floor was recorded, with the times it was not. */
export function recordingHtml(record: ArchiveRecord, language: Language, clock: (timestamp: number) => string, escape: Escape): string {
  if (!record.recording.recorded) return '';
  const labels = audioLabelsFor(language);
  const gaps = record.recording.gaps.map(
    (gap: Interval) => `<li>${fillHtml(labels.gap, { from: clock(gap.startedAt), to: clock(gap.endedAt) }, escape)}</li>`,
  );
  return [
    `<p class="note recording">${escape(labels.recorded)}</p>`,
    gaps.length === 0 ? '' : `<h3 id="recording-gaps">${escape(labels.gaps)}</h3><ul aria-labelledby="recording-gaps">${gaps.join('')}</ul>`,
  ].join('');
}
