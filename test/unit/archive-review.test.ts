import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import { buildArchive, previewArchive } from '../../shared/archive/build.js';
import { ArchivedTopic } from '../../shared/archive/record.js';
import { lineEditVerdict, reviewedLines } from '../../shared/archive/corrections.js';
import type { CaptionLine, CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, isSoundTag } from '../../shared/captions/stream.js';
import { attendanceModes, languages, speechKinds, stakeholderGroups, type RecordCorrection } from '../../shared/meeting/model.js';
import { csvField, exportLabels, recordHtml, speechesCsv } from '../../server/archive/exports/index.js';
import { buildMeeting, MIN, participantDetails, SEC, T0 } from './fixtures.js';

function captionLine(n: number, text: string, participantId: string | null = 'p1'): CaptionLine {
  return {
    n,
    text,
    language: 'en',
    startedAt: T0 + n * SEC,
    committedAt: T0 + n * SEC + 500,
    writer: 'l1',
    topicId: 't1',
    speaker: { participantId, label: null },
  };
}

const correction = (id: string, edit: RecordCorrection['edit']): RecordCorrection => ({ id, at: T0, edit });

describe('sound tags', () => {
  it.each(['(Gavel)', '  >> (Applause)', '[applause]', '（掌声）', '(Laughter) (Applause)', '>> (Gavel)', '(تصفيق)', '  [ Inaudible ]  '])(
    '%s is only a sound',
    (text) => expect(isSoundTag(text)).toBe(true),
  );
  it.each(['The meeting is adjourned. (Gavel)', '(Gavel) We start.', 'Gavel', '()', '>> CHAIR: (Gavel) now'])('%s is words', (text) =>
    expect(isSoundTag(text)).toBe(false),
  );
});

describe('transcript corrections over the raw caption lines', () => {
  const lines = [captionLine(1, 'Kenya supports'), captionLine(2, 'the proposal.'), captionLine(3, 'Thank you.'), captionLine(4, 'Next.')];

  it('joins a line to the next, keeping the first start, the last commit and the first speaker', () => {
    const { lines: out, applied } = reviewedLines(lines, 'en', [correction('c1', { kind: 'mergeLines', language: 'en', line: 1 })]);
    expect(applied).toBe(1);
    expect(out.map((line) => [line.lines, line.text])).toEqual([
      [[1, 2], 'Kenya supports the proposal.'],
      [[3], 'Thank you.'],
      [[4], 'Next.'],
    ]);
    expect(out[0]).toMatchObject({ startedAt: lines[0]!.startedAt, committedAt: lines[1]!.committedAt });
  });

  it('a line whose speaker the secretariat named says so (a sound tag then keeps the name given); other lines do not', () => {
    const { lines: out } = reviewedLines(lines, 'en', [
      correction('c1', { kind: 'setSpeaker', language: 'en', line: 2, participantId: null, label: 'Chair' }),
    ]);
    expect(out.map((line) => line.speakerCorrected)).toEqual([false, true, false, false]);
  });

  it('chains merges of the same line, and names a speaker for a line inside a merged one', () => {
    const { lines: out } = reviewedLines(lines, 'en', [
      correction('c1', { kind: 'mergeLines', language: 'en', line: 1 }),
      correction('c2', { kind: 'mergeLines', language: 'en', line: 1 }),
      correction('c3', { kind: 'setSpeaker', language: 'en', line: 3, participantId: null, label: 'Chair' }),
    ]);
    expect(out.map((line) => [line.lines, line.speaker.label])).toEqual([
      [[1, 2, 3], 'Chair'],
      [[4], null],
    ]);
  });

  it('leaves the raw lines untouched, other languages alone, and skips an edit whose line is gone', () => {
    const before = structuredClone(lines);
    const { lines: out, applied } = reviewedLines(lines, 'en', [
      correction('c1', { kind: 'mergeLines', language: 'ar', line: 1 }),
      correction('c2', { kind: 'mergeLines', language: 'en', line: 4 }),
      correction('c3', { kind: 'mergeLines', language: 'en', line: 9 }),
    ]);
    expect(applied).toBe(0);
    expect(out).toHaveLength(4);
    expect(lines).toEqual(before);
  });

  it('says whether an edit applies now: not to the last line, nor to a line already joined to the one before', () => {
    const merged = [correction('c1', { kind: 'mergeLines', language: 'en', line: 1 })];
    expect(lineEditVerdict(lines, merged, { kind: 'mergeLines', language: 'en', line: 1 })).toBe('applies');
    expect(lineEditVerdict(lines, merged, { kind: 'mergeLines', language: 'en', line: 2 })).toBe('changed');
    expect(lineEditVerdict(lines, merged, { kind: 'mergeLines', language: 'en', line: 4 })).toBe('missing');
    expect(lineEditVerdict(lines, merged, { kind: 'mergeLines', language: 'en', line: 9 })).toBe('missing');
    expect(lineEditVerdict(lines, merged, { kind: 'setSpeaker', language: 'en', line: 2, participantId: null, label: null })).toBe('applies');
    expect(lineEditVerdict(lines, merged, { kind: 'setSpeaker', language: 'en', line: 9, participantId: null, label: null })).toBe('missing');
  });

  it('a join names the line after as its issuer saw it: pressed again on the same two lines by a second secretary it is refused as changed, where one secretary joining on joins the next line', () => {
    const joined = [correction('c1', { kind: 'mergeLines', language: 'en', line: 1, next: 2 })];
    expect(lineEditVerdict(lines, joined, { kind: 'mergeLines', language: 'en', line: 1, next: 2 })).toBe('changed');
    expect(lineEditVerdict(lines, joined, { kind: 'mergeLines', language: 'en', line: 1, next: 3 })).toBe('applies');
    // The line after it was joined to the one after that meanwhile: both joins stand, as each secretary meant them.
    const nextJoined = [correction('c1', { kind: 'mergeLines', language: 'en', line: 2, next: 3 })];
    expect(lineEditVerdict(lines, nextJoined, { kind: 'mergeLines', language: 'en', line: 1, next: 2 })).toBe('applies');
    // The same join of the last two lines, pressed twice: nothing is left after them to join.
    const toTheEnd = [correction('c1', { kind: 'mergeLines', language: 'en', line: 3, next: 4 })];
    expect(lineEditVerdict(lines, toTheEnd, { kind: 'mergeLines', language: 'en', line: 3, next: 4 })).toBe('changed');
    // Applied in order, the duplicate joins nothing more.
    const { lines: out } = reviewedLines(lines, 'en', [...joined, correction('c2', { kind: 'mergeLines', language: 'en', line: 1, next: 2 })]);
    expect(out.map((line) => line.lines)).toEqual([[1, 2], [3], [4]]);
  });
});

/** An adjourned meeting where the first participant had a rehearsal speech, then spoke for real. */
function reviewedMeeting() {
  const built = buildMeeting({ extraRoles: ['captioner'] });
  const { session, chair, participants } = built;
  const [amina, li] = participants;
  session.run(amina!.actor, { type: 'participant:update', participantId: amina!.id, details: { publishName: true } });
  const speak = (who: typeof amina, minutes: number) => {
    session.advance(MIN).run(chair, { type: 'queue:add', participantId: who!.id, kind: 'intervention' });
    session.run(chair, { type: 'floor:give' });
    session.advance(minutes * MIN).run(chair, { type: 'floor:end' });
  };
  speak(amina, 1);
  speak(amina, 3);
  speak(li, 2);
  session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
  const speeches = session.meeting.topics[0]!.history;
  const captioner = session.meeting.links.find((link) => link.role === 'captioner')!.id;
  let stream: CaptionStream = emptyStream('en', { topicId: built.topicIds[0]!, participantId: null });
  for (const text of ['(Gavel)\n', 'We support\n', 'the proposal.\n']) {
    const result = applyCaption(stream, { type: 'caption:write', erase: 0, text }, { actor: { kind: 'captioner', linkId: captioner }, now: session.now });
    if (!result.ok) throw new Error(result.error.code);
    stream = result.value.stream;
  }
  return { ...built, amina: amina!, li: li!, speeches, streams: [stream] };
}

describe('the record of a reviewed meeting', () => {
  it('refuses corrections outside review and from anyone but the secretariat', () => {
    const open = buildMeeting();
    expect(open.session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'mergeLines', language: 'en', line: 1 } })).toBe(
      'RECORD_NOT_IN_REVIEW',
    );
    const { session, chair, speeches } = reviewedMeeting();
    expect(session.refuse(chair, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: speeches[0]!.id } })).toBe('FORBIDDEN');
    expect(session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'mergeLines', language: 'zh', line: 1 } })).toBe(
      'UNKNOWN_LANGUAGE',
    );
    session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: speeches[0]!.id } });
    expect(session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: speeches[0]!.id } })).toBe(
      'SPEECH_NOT_FOUND',
    );
  });

  it('a second correction of the same group replaces the first, so the count is of things changed', () => {
    const { session, li } = reviewedMeeting();
    for (const group of ['civil_society', 'international'] as const) {
      session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'setGroup', participantId: li.id, stakeholderGroup: group } });
    }
    expect(session.meeting.corrections.map((correction) => correction.edit)).toEqual([
      { kind: 'setGroup', participantId: li.id, stakeholderGroup: 'international' },
    ]);
  });

  it('applies every correction, counts them, names consenting attendees only, and sounds are said by no one', () => {
    const { session, amina, li, speeches, streams, topicIds } = reviewedMeeting();
    const preview = previewArchive(session.meeting, streams, [], session.now);
    expect(preview.corrections).toBe(0);
    expect(preview.transcripts[0]!.lines.map((line) => [line.text, line.speaker, line.sound])).toEqual([
      ['(Gavel)', null, true],
      ['We support', null, false],
      ['the proposal.', null, false],
    ]);

    session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: speeches[0]!.id } });
    session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'setGroup', participantId: li.id, stakeholderGroup: 'civil_society' } });
    session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'mergeLines', language: 'en', line: 2 } });
    session.run(SECRETARIAT, {
      type: 'record:correct',
      edit: { kind: 'setSpeaker', language: 'en', line: 2, participantId: amina.id, label: null },
    });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, streams, []);

    expect(record.corrections).toBe(4);
    expect(record.topics[0]!.speeches.map((speech) => [speech.id, speech.name, speech.stakeholderGroup])).toEqual([
      [speeches[1]!.id, amina.name, 'government'],
      [speeches[2]!.id, li.name, 'civil_society'],
    ]);
    const byGroup = Object.fromEntries(record.speakingTime.byStakeholderGroup.map((row) => [row.group, row.speakingMs]));
    expect(byGroup).toMatchObject({ government: 3 * MIN, civil_society: 2 * MIN, private_sector: 0 });
    expect(record.transcripts[0]!.lines.map((line) => [line.lines, line.text, line.speaker])).toEqual([
      [[1], '(Gavel)', null],
      [[2, 3], 'We support the proposal.', amina.name],
    ]);
    expect(record.attendance.named.map((attendee) => attendee.name)).toEqual([amina.name]);
    expect(record.attendance.unnamed).toBe(1);
    expect(record.topics[0]!.id).toBe(topicIds[0]);
  });

  it('only an adjourned meeting can be previewed, as if archived at the moment of the preview', () => {
    expect(() => previewArchive(buildMeeting().session.meeting, [], [], T0)).toThrow(/not adjourned/);
    const { session, streams } = reviewedMeeting();
    expect(previewArchive(session.meeting, streams, [], session.now + MIN).meeting.archivedAt).toBe(session.now + MIN);
  });

  it('audio the secretariat withholds never reaches the record and counts as a correction; the rest keeps its files, and each topic recording its transcript tracks', () => {
    const { session, speeches, streams, topicIds } = reviewedMeeting();
    const recorded = (name: string) => ({
      files: [{ name, mediaType: 'audio/ogg; codecs=opus', bytes: 1, sha256: '0'.repeat(64) }],
      durationMs: MIN,
      gaps: [],
    });
    const audio = {
      speeches: { [speeches[0]!.id]: recorded('a.ogg'), [speeches[1]!.id]: recorded('b.ogg') },
      topics: { [topicIds[0]!]: recorded('t.ogg') },
      gaps: [],
    };
    session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'withholdAudio', speechId: speeches[0]!.id } });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    // A stream in a language the meeting does not have is no transcript (and no track).
    const record = buildArchive(session.meeting, [...streams, emptyStream('zh')], [], audio);
    expect(record.corrections).toBe(1);
    expect(record.topics[0]!.speeches.map((speech) => [speech.audio?.files[0]!.name ?? null, speech.audioWithheld])).toEqual([
      [null, true],
      ['b.ogg', false],
      [null, false],
    ]);
    expect(record.topics[0]!.audio).toMatchObject({
      files: [{ name: 't.ogg' }],
      captions: [{ language: 'en', name: `audio-topic-${topicIds[0]}-en.vtt` }],
    });
    expect(record.topics[1]!.audio).toBeNull();
    expect(record.transcripts.map((transcript) => transcript.language)).toEqual(['en']);
  });

  it('each transcript line names the captioner seat that wrote it by its label, and a sound has no speaker at all', () => {
    const { session, streams } = reviewedMeeting();
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const [gavel, line] = buildArchive(session.meeting, streams, []).transcripts[0]!.lines;
    expect(gavel).toMatchObject({ writer: 'captioner', speaker: null, participantId: null, sound: true });
    expect(line).toMatchObject({ writer: 'captioner', sound: false });
  });

  it('a revert takes a correction back', () => {
    const { session, speeches, streams } = reviewedMeeting();
    const id = session.run(SECRETARIAT, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: speeches[0]!.id } })!;
    session.run(SECRETARIAT, { type: 'record:revert', correctionId: id });
    expect(session.refuse(SECRETARIAT, { type: 'record:revert', correctionId: id })).toBe('CORRECTION_NOT_FOUND');
    expect(previewArchive(session.meeting, streams, [], session.now).topics[0]!.speeches).toHaveLength(3);
  });

  it('registrations logged before consent was asked replay as not consenting', () => {
    const { publishName, ...older } = participantDetails({ displayName: 'Old', stakeholderGroup: 'government', attendance: 'room' });
    expect(publishName).toBe(false);
    expect(participantDetails(older as never).publishName).toBe(false);
  });
});

describe('topic titles in each meeting language', () => {
  it('the record page uses the description given for its language, else the original', () => {
    const { session } = buildMeeting({ topics: ['Connectivity'] });
    const topicId = session.meeting.topics[0]!.id;
    session.run(SECRETARIAT, {
      type: 'topic:update',
      topicId,
      details: { description: 'Community networks.', descriptions: { ru: 'Сети местных сообществ.' } },
    });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    const page = (language: 'en' | 'ru' | 'zh') => recordHtml(record, language, { exportLinks: [], otherLanguages: [] });
    expect(page('ru')).toContain('Сети местных сообществ.');
    expect(page('ru')).not.toContain('Community networks.');
    expect(page('en')).toContain('Community networks.');
    expect(page('zh')).toContain('Community networks.');
    // A record sealed before descriptions per language existed still reads.
    const { descriptions: _, ...older } = record.topics[0]!;
    expect(ArchivedTopic.parse(older).descriptions).toEqual({});
  });

  it('the record page uses the title given for its language, else the original', () => {
    const { session } = buildMeeting({ topics: ['Connectivity'] });
    const topicId = session.meeting.topics[0]!.id;
    session.run(SECRETARIAT, { type: 'topic:update', topicId, details: { titles: { ar: 'الموصولية' } } });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    const page = (language: 'en' | 'ar' | 'fr') => recordHtml(record, language, { exportLinks: [], otherLanguages: [] });
    expect(page('ar')).toContain('<bdi lang="ar">الموصولية</bdi>');
    expect(page('en')).toContain('<bdi>Connectivity</bdi>');
    expect(page('fr')).toContain('<bdi>Connectivity</bdi>');
    expect(speechesCsv(record, 'ar')).not.toContain('Connectivity');
  });
});

describe('speakers list as CSV', () => {
  it('quotes per RFC 4180 and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    for (const attack of ['=HYPERLINK("http://evil")', '+1', '-2+3', '@SUM(A1)', '\t=1']) {
      expect(csvField(attack).replace(/^"/, '').startsWith("'"), attack).toBe(true);
    }
  });

  it('has a BOM, a header in the language, CRLF rows in topic order with local times and durations', () => {
    const { session, amina, li } = reviewedMeeting();
    session.run(SECRETARIAT, { type: 'participant:update', participantId: li.id, details: { displayName: '=cmd|calc', affiliation: 'A, "B"' } });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const csv = speechesCsv(buildArchive(session.meeting, [], []), 'en');
    expect(csv.startsWith('\uFEFFTopic,No.,Name,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows).toHaveLength(4);
    // 3 February 2017, Geneva is UTC+1: the first speech began at 10:01.
    expect(rows[1]).toBe(
      `Public policy issues pertaining to the Internet,1,${amina.name},,Senegal,Governments,In the room,Intervention,,2017-02-03 10:01:00,2017-02-03 10:02:00,0:01:00`,
    );
    expect(rows[3]).toContain(`,3,'=cmd|calc,"A, ""B""",China,Private sector,Remote,`);
  });
});

describe('the app and the archive use the same words', () => {
  it.each(languages)('for stakeholder groups, room/remote and kinds of speech in %s', (language) => {
    const app = JSON.parse(readFileSync(new URL(`../../shared/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const archive = exportLabels[language];
    for (const group of stakeholderGroups) expect(app.stakeholderGroup![group], group).toBe(archive.stakeholderGroups[group]);
    for (const mode of attendanceModes) expect(app.attendance![mode], mode).toBe(archive.attendanceModes[mode]);
    for (const kind of speechKinds) expect(app.speechKind![kind], kind).toBe(archive.speechKinds[kind]);
  });
});
