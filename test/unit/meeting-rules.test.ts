import { describe, expect, it } from 'vitest';
import { execute } from '../../shared/meeting/execute.js';
import { expiresBeforeMeetingEnds, interruptedSpeech, registrantKey } from '../../shared/meeting/selectors.js';
import { TimeZone, WebLink, type RecordEdit } from '../../shared/meeting/model.js';
import { buildMeeting, DAY, MEETING_ID, meetingDetails, MIN, SEC, Session, T0, topicDetails, type Person } from './fixtures.js';

/**
 * Meeting rules at their edges, one at a time: set-up limits, the chair's view checked when
 * the meeting changes state, the agenda, and the secretariat's corrections of the record.
 */
const SECRETARIAT = { kind: 'secretariat' } as const;

describe('set-up limits', () => {
  it('a meeting must end after it starts, and its warning fit within its speaking time; creating one is a change', () => {
    const create = (overrides: Parameters<typeof meetingDetails>[0]) =>
      execute(null, { type: 'meeting:create', meetingId: MEETING_ID, details: meetingDetails(overrides) }, { actor: SECRETARIAT, now: T0 - DAY });
    const codeOf = (result: ReturnType<typeof create>) => (result.ok ? 'accepted' : result.error.code);
    expect(codeOf(create({ endsAt: T0 }))).toBe('BAD_REQUEST');
    expect(codeOf(create({ speakingTimeLimitSec: 20, warningSec: 30 }))).toBe('WARNING_LONGER_THAN_LIMIT');
    const created = create({});
    expect(created.ok && created.value.unchanged).toBe(false);
  });

  it('an update may not make the meeting end when it starts, nor its limits shorter than the warning, its topics’ included', () => {
    const { session } = buildMeeting({ status: 'draft' });
    expect(session.refuse(SECRETARIAT, { type: 'meeting:update', details: { endsAt: T0 } })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'meeting:update', details: { speakingTimeLimitSec: 20 } })).toBe('WARNING_LONGER_THAN_LIMIT');
    session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Short statements', { speakingTimeLimitSec: 60 }) });
    expect(session.refuse(SECRETARIAT, { type: 'meeting:update', details: { warningSec: 90 } })).toBe('WARNING_LONGER_THAN_LIMIT');
    session.run(SECRETARIAT, { type: 'meeting:update', details: { warningSec: 45, endsAt: T0 + 1 } });
    expect(session.meeting).toMatchObject({ warningSec: 45, endsAt: T0 + 1 });
  });

  it('a topic’s own speaking time, added or changed, must also leave room for the warning', () => {
    const { session, topicIds } = buildMeeting({ status: 'draft' });
    expect(session.refuse(SECRETARIAT, { type: 'topic:add', details: topicDetails('Too short', { speakingTimeLimitSec: 20 }) })).toBe('WARNING_LONGER_THAN_LIMIT');
    expect(session.refuse(SECRETARIAT, { type: 'topic:update', topicId: topicIds[0]!, details: { speakingTimeLimitSec: 20 } })).toBe('WARNING_LONGER_THAN_LIMIT');
    const added = session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Long enough', { speakingTimeLimitSec: 60 }) })!;
    expect(added).toMatch(/^t\d+$/);
  });

  it('a link may be given an end only in the future', () => {
    const { session } = buildMeeting();
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: 'late', expiresAt: session.now })).toBe('BAD_REQUEST');
    expect(session.run(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: 'on time', expiresAt: session.now + 1 })).toMatch(/^l\d+$/);
  });
});

describe('the chair’s view when the meeting changes state', () => {
  function speaking() {
    const built = buildMeeting();
    const [a, b] = built.participants as [Person, Person];
    built.session.advance(SEC).run(a.actor, { type: 'queue:request', kind: 'intervention' });
    built.session.advance(SEC).run(built.chair, { type: 'floor:give' });
    return { ...built, a, b };
  }

  it('adjourning while someone else holds the floor than the chair saw is refused naming who holds it', () => {
    const { session, chair, a } = speaking();
    const refused = execute(session.meeting, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: null }, { actor: chair, now: session.now });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'FLOOR_CHANGED', detail: a.id });
    const { session: quiet, chair: quietChair } = buildMeeting();
    const none = execute(quiet.meeting, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: 'x9' }, { actor: quietChair, now: quiet.now });
    expect(none.ok ? null : none.error).toMatchObject({ code: 'FLOOR_CHANGED', detail: '' });
  });

  it('adjourning ends the speech in progress at that moment; reopening starts with nobody on the floor', () => {
    const { session, chair } = speaking();
    const speechId = session.topic.floor!.id;
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: speechId });
    expect(session.topic.floor).toBeNull();
    expect(session.topic.history.at(-1)).toMatchObject({ id: speechId, endedAt: session.now });
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'open' });
    expect(session.meeting.status).toBe('open');
    expect(session.topic.floor).toBeNull();
  });
});

describe('the agenda', () => {
  it('an unknown topic cannot be taken up, nor another while someone speaks', () => {
    const { session, chair, topicIds, participants } = buildMeeting();
    expect(session.refuse(chair, { type: 'topic:select', topicId: 't999' })).toBe('TOPIC_NOT_FOUND');
    session.advance(SEC).run(participants[0]!.actor, { type: 'queue:request', kind: 'intervention' });
    session.advance(SEC).run(chair, { type: 'floor:give' });
    expect(session.refuse(chair, { type: 'topic:select', topicId: topicIds[1]! })).toBe('FLOOR_IN_USE');
  });

  it('two consoles taking up two topics at once switch the meeting once: the later, which showed another topic under discussion, is refused (CURRENT_TOPIC_CHANGED); taking up the topic already under discussion is accepted as it stands', () => {
    const { session, chair, moderator, topicIds } = buildMeeting();
    const shown = session.meeting.currentTopicId;
    session.advance(SEC).run(chair, { type: 'topic:select', topicId: topicIds[1]!, expectedTopicId: shown });
    expect(session.refuse(moderator, { type: 'topic:select', topicId: topicIds[2]!, expectedTopicId: shown })).toBe('CURRENT_TOPIC_CHANGED');
    expect(session.meeting.currentTopicId).toBe(topicIds[1]);
    const same = session.advance(SEC).try(moderator, { type: 'topic:select', topicId: topicIds[1]!, expectedTopicId: shown });
    expect(same.ok && same.value.unchanged).toBe(true);
    // Having seen the change, the moderator moves on knowingly.
    session.advance(SEC).run(moderator, { type: 'topic:select', topicId: topicIds[2]!, expectedTopicId: topicIds[1]! });
    expect(session.meeting.currentTopicId).toBe(topicIds[2]);
  });

  it('a topic moved past the end goes last; removing a topic that is not current keeps the current one', () => {
    const { session, topicIds } = buildMeeting({ status: 'draft' });
    session.run(SECRETARIAT, { type: 'topic:select', topicId: topicIds[0]! });
    session.run(SECRETARIAT, { type: 'topic:move', topicId: topicIds[0]!, toIndex: 99 });
    expect(session.meeting.topics.map((topic) => topic.id)).toEqual([topicIds[1], topicIds[2], topicIds[0]]);
    session.run(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[1]! });
    expect(session.meeting.currentTopicId).toBe(topicIds[0]);
  });
});

describe('the secretariat’s corrections of the record', () => {
  /** Adjourned after two speeches, by the first two participants. */
  function review() {
    const built = buildMeeting();
    const [a, b] = built.participants as [Person, Person];
    const { session, chair } = built;
    for (const who of [a, b]) {
      session.advance(MIN).run(chair, { type: 'queue:add', participantId: who.id, kind: 'intervention' });
      session.run(chair, { type: 'floor:give' });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const [first, second] = session.topic.history.map((speech) => speech.id) as [string, string];
    return { session, a, b, first, second };
  }
  const correct = (session: Session, edit: RecordEdit) => session.run(SECRETARIAT, { type: 'record:correct', edit });
  const edits = (session: Session) => session.meeting.corrections.map((correction) => correction.edit);

  it('a correction replaces only an earlier one of the same thing', () => {
    const { session, a, b, first, second } = review();
    correct(session, { kind: 'removeSpeech', speechId: first });
    correct(session, { kind: 'removeSpeech', speechId: second });
    correct(session, { kind: 'withholdAudio', speechId: first });
    correct(session, { kind: 'withholdAudio', speechId: second });
    correct(session, { kind: 'setGroup', participantId: a.id, stakeholderGroup: 'civil_society' });
    correct(session, { kind: 'setGroup', participantId: b.id, stakeholderGroup: 'international' });
    correct(session, { kind: 'setSpeaker', language: 'en', line: 2, participantId: a.id, label: null });
    correct(session, { kind: 'setSpeaker', language: 'en', line: 3, participantId: null, label: 'Interpreter' });
    correct(session, { kind: 'setSpeaker', language: 'ar', line: 2, participantId: null, label: null });
    correct(session, { kind: 'mergeLines', language: 'en', line: 4 });
    correct(session, { kind: 'mergeLines', language: 'en', line: 4 });
    expect(edits(session)).toHaveLength(11);
    correct(session, { kind: 'setSpeaker', language: 'en', line: 2, participantId: b.id, label: null });
    correct(session, { kind: 'setGroup', participantId: a.id, stakeholderGroup: 'government' });
    expect(edits(session)).toHaveLength(11);
    expect(edits(session).slice(-2)).toEqual([
      { kind: 'setSpeaker', language: 'en', line: 2, participantId: b.id, label: null },
      { kind: 'setGroup', participantId: a.id, stakeholderGroup: 'government' },
    ]);
    expect(session.meeting.corrections.map((correction) => correction.id)).toEqual([...new Set(session.meeting.corrections.map((correction) => correction.id))]);
  });

  it('a speech is left out, or its audio withheld, once; an unknown speech is refused', () => {
    const { session, first } = review();
    correct(session, { kind: 'withholdAudio', speechId: first });
    expect(session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'withholdAudio', speechId: first } })).toBe('SPEECH_NOT_FOUND');
    expect(session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'removeSpeech', speechId: 's999' } })).toBe('SPEECH_NOT_FOUND');
    expect(session.refuse(SECRETARIAT, { type: 'record:correct', edit: { kind: 'withholdAudio', speechId: 's999' } })).toBe('SPEECH_NOT_FOUND');
    correct(session, { kind: 'removeSpeech', speechId: first });
  });

  it('a line’s speaker is a known participant, or a label, or no one, never both; in one of the meeting’s languages', () => {
    const { session, a } = review();
    const refuse = (edit: RecordEdit) => session.refuse(SECRETARIAT, { type: 'record:correct', edit });
    expect(refuse({ kind: 'setSpeaker', language: 'en', line: 1, participantId: a.id, label: 'Also a name' })).toBe('BAD_REQUEST');
    expect(refuse({ kind: 'setSpeaker', language: 'en', line: 1, participantId: 'p999', label: null })).toBe('PARTICIPANT_NOT_FOUND');
    expect(refuse({ kind: 'setSpeaker', language: 'zh', line: 1, participantId: null, label: 'Chair' })).toBe('UNKNOWN_LANGUAGE');
    expect(refuse({ kind: 'setGroup', participantId: 'p999', stakeholderGroup: 'government' })).toBe('PARTICIPANT_NOT_FOUND');
    correct(session, { kind: 'setSpeaker', language: 'fr', line: 1, participantId: null, label: 'Chair' });
  });

  it('a correction is reverted by its id, only during review; an unknown one is refused', () => {
    const { session, a, first } = review();
    correct(session, { kind: 'removeSpeech', speechId: first });
    const kept = correct(session, { kind: 'setGroup', participantId: a.id, stakeholderGroup: 'civil_society' })!;
    const [removal] = session.meeting.corrections;
    session.run(SECRETARIAT, { type: 'record:revert', correctionId: removal!.id });
    expect(session.meeting.corrections.map((correction) => correction.id)).toEqual([kept]);
    expect(session.refuse(SECRETARIAT, { type: 'record:revert', correctionId: 'c999' })).toBe('CORRECTION_NOT_FOUND');
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'open' });
    expect(session.refuse(SECRETARIAT, { type: 'record:revert', correctionId: kept })).toBe('RECORD_NOT_IN_REVIEW');
  });
});

describe('small rules the pages rely on', () => {
  it('a speaking time is set only on a topic that exists', () => {
    const { session, chair } = buildMeeting();
    expect(session.refuse(chair, { type: 'topic:setSpeakingTime', topicId: 't999', seconds: 120 })).toBe('TOPIC_NOT_FOUND');
  });

  it('the speech an adjournment cut short is offered back, the last one only; none when nobody was speaking or the meeting is open', () => {
    const built = buildMeeting();
    const [a, b] = built.participants as [Person, Person];
    const { session, chair } = built;
    for (const who of [a, b]) session.advance(SEC).run(chair, { type: 'queue:add', participantId: who.id, kind: 'intervention' });
    session.advance(SEC).run(chair, { type: 'floor:give' });
    session.advance(MIN).run(chair, { type: 'floor:give' });
    expect(interruptedSpeech(session.meeting)).toBeNull();
    const cut = session.topic.floor!.id;
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(interruptedSpeech(session.meeting)?.id).toBe(cut);
    expect(interruptedSpeech(session.meeting)?.participantId).toBe(b.id);
    const quiet = buildMeeting();
    quiet.session.advance(MIN).run(quiet.chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(interruptedSpeech(quiet.session.meeting)).toBeNull();
  });

  it('a link is flagged when it stops before the meeting ends, not when it stops at the end or was revoked', () => {
    const { session } = buildMeeting();
    const link = session.meeting.links[0]!;
    const endsAt = session.meeting.endsAt;
    expect(expiresBeforeMeetingEnds({ endsAt }, { ...link, expiresAt: endsAt - 1 })).toBe(true);
    expect(expiresBeforeMeetingEnds({ endsAt }, { ...link, expiresAt: endsAt })).toBe(false);
    expect(expiresBeforeMeetingEnds({ endsAt }, { ...link, expiresAt: endsAt - 1, revokedAt: T0 })).toBe(false);
  });

  it('a registrant is the same person whatever the case, Unicode form and spacing of their name and affiliation', () => {
    const key = registrantKey({ displayName: 'Amina  Diallo ', affiliation: 'ＩＴＵ' });
    expect(registrantKey({ displayName: 'amina diallo', affiliation: 'itu' })).toBe(key);
    expect(registrantKey({ displayName: 'Amina Diallo', affiliation: 'ESCWA' })).not.toBe(key);
    expect(registrantKey({ displayName: 'AminaDiallo', affiliation: 'ITU' })).not.toBe(key);
  });
});

describe('what the secretariat types in', () => {
  it('a web link is an http(s) address from its first character, nothing that only contains one', () => {
    expect(WebLink.safeParse('https://www.itu.int/council/groups/cwg-internet').success).toBe(true);
    expect(WebLink.safeParse('javascript:alert(1)//http://x.example').success).toBe(false);
    expect(WebLink.safeParse('ftp://files.example/http://x').success).toBe(false);
  });

  it('a time zone is one the clock knows', () => {
    expect(TimeZone.safeParse('Europe/Zurich').success).toBe(true);
    expect(TimeZone.safeParse('Mars/Olympus_Mons').success).toBe(false);
  });
});

describe('entries and booths that are not there', () => {
  it('withdrawing an entry nobody made is refused; releasing a booth nobody holds changes nothing', () => {
    const { session, chair } = buildMeeting();
    expect(session.refuse(chair, { type: 'queue:withdraw', entryId: 'e999' })).toBe('ENTRY_NOT_FOUND');
    const before = session.meeting;
    session.run(chair, { type: 'booth:release', language: 'fr' });
    expect(session.meeting).toBe(before);
  });

  it('revoking a link that holds no booth leaves every booth on the air', () => {
    const { session } = buildMeeting({ extraRoles: ['interpreter', 'viewer'] });
    const interpreter = session.meeting.links.find((link) => link.role === 'interpreter')!;
    const viewer = session.meeting.links.find((link) => link.role === 'viewer')!;
    session.run({ kind: 'link', linkId: interpreter.id, role: 'interpreter', participantId: null }, { type: 'booth:take', language: 'fr' });
    session.advance(MIN).run(SECRETARIAT, { type: 'link:revoke', linkId: viewer.id });
    expect(session.meeting.booths.map((booth) => booth.language)).toEqual(['fr']);
  });
});

describe('a meeting with no topic taken up', () => {
  it('is refused or moved as any other, not thrown on: the chair’s view of the floor, adjourning, speaking time for a speech', () => {
    const { session, chair } = buildMeeting({ topics: [] });
    expect(session.meeting.currentTopicId).toBeNull();
    const refused = execute(session.meeting, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: 's1' }, { actor: chair, now: session.now });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'FLOOR_CHANGED', detail: '' });
    expect(session.refuse(chair, { type: 'meeting:setSpeakingTime', seconds: 120, applyToSpeechId: 's1' })).toBe('NO_CURRENT_TOPIC');
    expect(session.refuse(chair, { type: 'queue:carryOver', fromTopicId: 't1', entryIds: ['e1'] })).toBe('NO_CURRENT_TOPIC');
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned', expectedSpeechId: null });
    expect(session.meeting.status).toBe('adjourned');
    expect(interruptedSpeech(session.meeting)).toBeNull();
  });
});
