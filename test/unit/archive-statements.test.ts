import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../shared/archive/build.js';
import { ArchiveRecord, ArchivedTopic, TranscriptLine } from '../../shared/archive/record.js';
import { plainText, recordHtml, recordJson, speechesCsv } from '../../server/archive/exports/index.js';
import { buildMeeting, MIN, SEC, type Person } from './fixtures.js';

const LI_STATEMENT = 'China supports the draft.\n\nWe ask for multilingual domain names to be named.';
const AMINA_STATEMENT = 'Senegal would have said: the divide is also one of skills.';

/** The meeting of `sealed`, adjourned with its record under review. */
function inReview() {
  const built = buildMeeting();
  const [amina, li] = built.participants as [Person, Person];
  const { session, chair } = built;
  const liEntry = session.advance(SEC).run(li.actor, { type: 'queue:request', kind: 'intervention' })!;
  const aminaEntry = session.advance(SEC).run(amina.actor, { type: 'queue:request', kind: 'intervention' })!;
  session.run(li.actor, { type: 'statement:submit', requestId: liEntry, text: LI_STATEMENT });
  session.run(amina.actor, { type: 'statement:submit', requestId: aminaEntry, text: AMINA_STATEMENT });
  session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
  return { ...built, liEntry, aminaEntry };
}

/**
 * Li Wei (remote) sends a statement and it is read out when she is given the floor; Amina
 * Diallo's, e-mailed, is entered by the chair's table, which then removes her request before
 * the floor comes to her (the time ran out); Olga Petrova
 * sends one for a speech the secretariat then removes from the record.
 */
function sealed() {
  const built = buildMeeting();
  const [amina, li, olga] = built.participants as [Person, Person, Person];
  const { session, chair, secretariat } = built;
  const liEntry = session.advance(SEC).run(li.actor, { type: 'queue:request', kind: 'intervention' })!;
  const aminaEntry = session.advance(SEC).run(amina.actor, { type: 'queue:request', kind: 'intervention' })!;
  session.advance(SEC).run(li.actor, { type: 'statement:submit', requestId: liEntry, text: LI_STATEMENT });
  const liSent = session.now;
  // Her connection failed: she e-mailed it, and the chair's table entered it.
  session.advance(SEC).run(chair, { type: 'statement:submit', requestId: aminaEntry, text: AMINA_STATEMENT });
  session.advance(SEC).run(chair, { type: 'queue:withdraw', entryId: aminaEntry });
  session.advance(MIN).run(chair, { type: 'floor:give', entryId: liEntry });
  const liSpoke = session.now;
  session.advance(2 * MIN).run(chair, { type: 'floor:end' });
  const olgaEntry = session.advance(SEC).run(olga.actor, { type: 'queue:request', kind: 'intervention' })!;
  session.advance(SEC).run(olga.actor, { type: 'statement:submit', requestId: olgaEntry, text: 'Given by mistake' });
  session.advance(SEC).run(chair, { type: 'floor:give', entryId: olgaEntry });
  session.advance(SEC).run(chair, { type: 'floor:end' });
  session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
  session.run(secretariat, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: olgaEntry } });
  session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
  return { record: buildArchive(session.meeting, [], []), li, amina, olga, liEntry, liSent, liSpoke };
}

describe('written statements in the archived record', () => {
  it('each statement is filed under its topic with its author and time, and says which speech read it out, if any', () => {
    const { record, li, amina, olga, liEntry, liSent } = sealed();
    expect(record.topics[0]!.statements).toEqual([
      {
        requestId: liEntry,
        participantId: li.id,
        name: 'Li Wei',
        affiliation: '',
        country: 'China',
        stakeholderGroup: 'private_sector',
        submittedAt: liSent,
        speechId: liEntry,
        text: LI_STATEMENT,
        enteredByChair: false,
      },
      expect.objectContaining({ participantId: amina.id, speechId: null, text: AMINA_STATEMENT, enteredByChair: true }),
      // The speech it stood for was removed from the record: it was not read out there.
      expect.objectContaining({ participantId: olga.id, speechId: null, text: 'Given by mistake' }),
    ]);
    // Amina never spoke, yet she took part: the statement counts her as attending.
    expect(record.attendance.attended).toBe(3);
    expect(ArchiveRecord.parse(JSON.parse(recordJson(record)))).toEqual(record);
  });

  it('the HTML record, the text transcript and the speakers CSV mark the speech read out in writing and give every statement', () => {
    const { record } = sealed();
    const html = recordHtml(record, 'en', { exportLinks: [], otherLanguages: [] });
    expect(html).toContain('<h4>Written statements</h4>');
    expect(html).toContain('<td>Intervention (in writing)</td>');
    expect(html).toContain('<p dir="auto">China supports the draft.</p><p dir="auto">We ask for multilingual domain names to be named.</p>');
    expect(html).toMatch(/Read out for the speech that began <time datetime="[^"]+">[^<]+<\/time>\./);
    expect(html.match(/Not read out: the floor did not come to it\./g)).toHaveLength(2);
    expect(html.match(/Entered at the chair’s table: the speaker sent it another way\./g)).toHaveLength(1);

    const text = plainText(record, 'en');
    expect(text).toMatch(/1\. Li Wei \(China\) \| Private sector \| Remote \| Intervention \(in writing\) \|/);
    expect(text).toContain('Written statements:\n1. Li Wei (China) | Private sector | Sent ');
    expect(text).toContain('    China supports the draft.\n\n    We ask for multilingual domain names to be named.\n');

    const csv = speechesCsv(record, 'en');
    expect(csv).toContain(',Intervention (in writing),');

    const arabic = recordHtml(record, 'ar', { exportLinks: [], otherLanguages: [] });
    expect(arabic).toContain('<h4>البيانات المكتوبة</h4>');
  });

  it('the secretariat leaves a statement out of the record in review, once; undone, it is back', () => {
    const { session, secretariat, liEntry, aminaEntry } = inReview();
    const correctionId = session.run(secretariat, { type: 'record:correct', edit: { kind: 'removeStatement', requestId: aminaEntry } })!;
    expect(session.refuse(secretariat, { type: 'record:correct', edit: { kind: 'removeStatement', requestId: aminaEntry } })).toBe('STATEMENT_NOT_FOUND');
    expect(session.refuse(secretariat, { type: 'record:correct', edit: { kind: 'removeStatement', requestId: 'e999' } })).toBe('STATEMENT_NOT_FOUND');
    const archived = (state: typeof session.meeting) => {
      const sealedCopy = { ...state, status: 'archived' as const, statusHistory: [...state.statusHistory, { status: 'archived' as const, at: session.now }] };
      return buildArchive(sealedCopy, [], []);
    };
    const record = archived(session.meeting);
    expect(record.topics[0]!.statements.map((statement) => statement.requestId)).toEqual([liEntry]);
    expect(record.corrections).toBe(1);
    session.run(secretariat, { type: 'record:revert', correctionId });
    expect(archived(session.meeting).topics[0]!.statements.map((statement) => statement.requestId)).toEqual([liEntry, aminaEntry]);
  });
});

describe('records read back from the shelf', () => {
  it('one sealed before statements were entered at the chair’s table, or audio withheld, reads as neither', () => {
    const { record } = sealed();
    const topic = record.topics[0]!;
    const olderStatements = topic.statements.map(({ enteredByChair: _, ...older }) => older);
    const olderSpeeches = topic.speeches.map(({ audioWithheld: _, ...older }) => older);
    const read = ArchivedTopic.parse({ ...topic, statements: olderStatements, speeches: olderSpeeches });
    expect(read.statements.map((statement) => statement.enteredByChair)).toEqual(olderStatements.map(() => false));
    expect(read.speeches.map((speech) => speech.audioWithheld)).toEqual(olderSpeeches.map(() => false));
  });

  it("keeps a topic's audio with its caption files, and a transcript line joined from several caption lines with all of them", () => {
    const { record } = sealed();
    const audio = {
      files: [{ name: 'topic-1.ogg', mediaType: 'audio/ogg; codecs=opus', bytes: 1024, sha256: 'a'.repeat(64) }],
      durationMs: 60_000,
      gaps: [],
      captions: [{ language: 'en' as const, name: 'topic-1.en.vtt' }],
    };
    expect(ArchivedTopic.parse({ ...record.topics[0]!, audio }).audio?.captions).toEqual(audio.captions);
    const joined = { lines: [3, 4, 5], startedAt: 1, committedAt: 2, text: 'Joined.', speaker: null, participantId: null, topicId: null, writer: 'l7', sound: false };
    expect(TranscriptLine.parse(joined).lines).toEqual([3, 4, 5]);
    expect(TranscriptLine.safeParse({ ...joined, lines: [] }).success, 'a line made of no caption line').toBe(false);
  });
});
