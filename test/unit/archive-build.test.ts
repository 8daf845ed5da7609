import { describe, expect, it } from 'vitest';
import type { AttendanceEntry } from '../../shared/archive/attendance.js';
import { buildArchive } from '../../shared/archive/build.js';
import { buildMeeting, DAY, HOUR, MIN, SEC, T0, type BuildOptions, type Person } from './fixtures.js';

/**
 * The archive record's rules, each from a scripted meeting with hand-written expected values:
 * a speech keeps the attendance it had when it was made; whoever spoke attended, connected or
 * not; a speech running at adjournment ends there; a reply names whom it answered.
 */
function scripted(options: BuildOptions = {}) {
  const built = buildMeeting(options);
  const [amina, liWei, olga] = built.participants as [Person, Person, Person];
  return { ...built, amina, liWei, olga };
}

function seal(built: ReturnType<typeof scripted>, attendance: AttendanceEntry[] = []) {
  const { session, chair, secretariat } = built;
  session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
  const adjournedAt = session.now;
  session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
  return { record: buildArchive(session.meeting, [], attendance), adjournedAt };
}

function speak(built: ReturnType<typeof scripted>, person: Person, durationMs: number, kind: 'intervention' | 'reply' = 'intervention') {
  const { session, chair } = built;
  const entryId = session.advance(SEC).run(person.actor, { type: 'queue:request', kind })!;
  session.advance(SEC).run(chair, { type: 'floor:give', entryId });
  session.advance(durationMs).run(chair, { type: 'floor:end' });
}

describe('archive record', () => {
  it('a speech keeps the room/remote attendance its speaker had when speaking, whatever they switch to later', () => {
    const built = scripted();
    speak(built, built.liWei, 2 * MIN); // Li Wei registered remote
    built.session.run(built.chair, { type: 'participant:update', participantId: built.liWei.id, details: { attendance: 'room' } });
    const { record } = seal(built);
    const [speech] = record.topics[0]!.speeches;
    expect(speech).toMatchObject({ name: 'Li Wei', attendance: 'remote', durationMs: 2 * MIN });
    expect(record.speakingTime.byAttendance).toEqual([
      { attendance: 'room', speeches: 0, speakingMs: 0 },
      { attendance: 'remote', speeches: 1, speakingMs: 2 * MIN },
    ]);
  });

  it('whoever spoke attended, even without a connection in the attendance log (the room microphone)', () => {
    const built = scripted();
    speak(built, built.amina, MIN);
    const connected: AttendanceEntry[] = [
      { seq: 1, at: built.session.now, connection: 'c1', participantId: built.olga.id, change: 'joined' },
    ];
    const { record } = seal(built, connected);
    expect(record.attendance.attended).toBe(2);
    expect(record.attendance.byStakeholderGroup.filter((group) => group.attended > 0)).toEqual([
      { group: 'government', registered: 1, attended: 1 },
      { group: 'civil_society', registered: 1, attended: 1 },
    ]);
  });

  it('attendance counts people, not devices: two devices of one participant count once, in the total and in the peak', () => {
    const built = scripted();
    const [amina, liWei] = [built.amina.id, built.liWei.id];
    const at = built.session.now;
    const log: AttendanceEntry[] = [
      { seq: 1, at, connection: 'phone', participantId: amina, change: 'joined' },
      { seq: 2, at: at + SEC, connection: 'laptop', participantId: amina, change: 'joined' },
      { seq: 3, at: at + 2 * SEC, connection: 'c3', participantId: liWei, change: 'joined' },
      // Amina closes one of her two devices: she is still there.
      { seq: 4, at: at + 3 * SEC, connection: 'phone', participantId: amina, change: 'left' },
      { seq: 5, at: at + 4 * SEC, connection: 'laptop', participantId: amina, change: 'left' },
    ];
    // Li Wei comes to the room after all: the registration counts say where people are registered now.
    built.session.run(built.chair, { type: 'participant:update', participantId: liWei, details: { attendance: 'room' } });
    const { record } = seal(built, log);
    expect(record.attendance).toMatchObject({ registered: 4, attended: 2, registeredInRoom: 3, registeredRemote: 1, peakConcurrent: 2 });
  });

  it('whoever left is no longer there: the peak counts those connected at the same time; attendees who agreed are named in alphabetical order, the others only counted', () => {
    const built = scripted();
    const carlos = built.participants[3]!;
    for (const person of [built.olga, built.amina, carlos]) {
      built.session.run(person.actor, { type: 'participant:update', participantId: person.id, details: { publishName: true } });
    }
    const at = built.session.now;
    const log: AttendanceEntry[] = [
      { seq: 1, at, connection: 'c1', participantId: built.olga.id, change: 'joined' },
      { seq: 2, at: at + SEC, connection: 'c1', participantId: built.olga.id, change: 'left' },
      { seq: 3, at: at + 2 * SEC, connection: 'c2', participantId: built.amina.id, change: 'joined' },
      { seq: 4, at: at + 3 * SEC, connection: 'c3', participantId: carlos.id, change: 'joined' },
      { seq: 5, at: at + 4 * SEC, connection: 'c2', participantId: built.amina.id, change: 'left' },
      { seq: 6, at: at + 5 * SEC, connection: 'c4', participantId: built.liWei.id, change: 'joined' },
    ];
    const { record } = seal(built, log);
    expect(record.attendance.peakConcurrent).toBe(2);
    expect(record.attendance.named.map((attendee) => attendee.name)).toEqual(['Amina Diallo', 'Carlos Ruiz', 'Olga Petrova']);
    expect(record.attendance.unnamed).toBe(1);
  });

  it('a "left" replayed for a connection already gone takes nobody below zero: their next connection counts', () => {
    const built = scripted();
    const [liWei, olga] = [built.liWei.id, built.olga.id];
    const at = built.session.now;
    const log: AttendanceEntry[] = [
      { seq: 1, at, connection: 'c1', participantId: liWei, change: 'joined' },
      { seq: 2, at: at + SEC, connection: 'c1', participantId: liWei, change: 'left' },
      { seq: 3, at: at + 2 * SEC, connection: 'c1', participantId: liWei, change: 'left' },
      { seq: 4, at: at + 3 * SEC, connection: 'c2', participantId: liWei, change: 'joined' },
      { seq: 5, at: at + 4 * SEC, connection: 'c3', participantId: olga, change: 'joined' },
    ];
    const { record } = seal(built, log);
    expect(record.attendance).toMatchObject({ attended: 2, peakConcurrent: 2 });
  });

  it('a connection made after the meeting was archived is not attendance', () => {
    const built = scripted();
    const { session, chair, secretariat, carlos } = { ...built, carlos: built.participants[3]! };
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const archivedAt = session.now;
    const log: AttendanceEntry[] = [
      { seq: 1, at: archivedAt - MIN, connection: 'c1', participantId: built.amina.id, change: 'joined' },
      { seq: 2, at: archivedAt, connection: 'c2', participantId: built.olga.id, change: 'joined' },
      { seq: 3, at: archivedAt + 1, connection: 'c3', participantId: carlos.id, change: 'joined' },
    ];
    const record = buildArchive(session.meeting, [], log);
    expect(record.attendance).toMatchObject({ attended: 2, peakConcurrent: 2 });
    expect(record.attendance.named.map((attendee) => attendee.name)).not.toContain('Carlos Ruiz');
  });

  it('a speech still running at adjournment ends at the adjournment, its time counted up to there', () => {
    const built = scripted();
    const entryId = built.session.advance(SEC).run(built.olga.actor, { type: 'queue:request', kind: 'intervention' })!;
    built.session.advance(SEC).run(built.chair, { type: 'floor:give', entryId });
    const startedAt = built.session.now;
    built.session.advance(30 * SEC).run(built.chair, { type: 'floor:pause' });
    built.session.advance(10 * SEC).run(built.chair, { type: 'floor:resume' });
    const { record, adjournedAt } = seal(built);
    const [speech] = record.topics[0]!.speeches;
    expect(adjournedAt - startedAt).toBe(40 * SEC + MIN);
    expect(speech).toMatchObject({ startedAt, endedAt: adjournedAt, durationMs: 30 * SEC + MIN });
    expect(speech!.pauses).toEqual([{ startedAt: startedAt + 30 * SEC, endedAt: startedAt + 40 * SEC }]);
  });

  it('a reply names the speaker it replies to', () => {
    const built = scripted();
    const { session, chair } = built;
    const first = session.advance(SEC).run(built.amina.actor, { type: 'queue:request', kind: 'intervention' })!;
    session.run(chair, { type: 'floor:give', entryId: first });
    const reply = session.advance(SEC).run(built.liWei.actor, { type: 'queue:request', kind: 'reply' })!;
    session.advance(MIN).run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'floor:give', entryId: reply });
    session.advance(30 * SEC).run(chair, { type: 'floor:end' });
    const { record } = seal(built);
    expect(record.topics[0]!.speeches.map((speech) => [speech.name, speech.kind, speech.replyTo])).toEqual([
      ['Amina Diallo', 'intervention', null],
      ['Li Wei', 'reply', 'Amina Diallo'],
    ]);
  });

  it('the consultation cycle recorded with the meeting goes into its record', () => {
    const built = scripted();
    const cycle = {
      settings: { launchWithinDays: 20, responsesDueDaysBefore: 30, compilationDaysBefore: 15, physicalWithinDaysBefore: 3 },
      previousGroupMeetingEnd: '2016-10-07',
      consultationLaunchedOn: '2016-10-20',
    };
    built.session.run(built.secretariat, { type: 'meeting:update', details: { cycle } });
    const { record } = seal(built);
    expect(record.meeting.cycle).toEqual(cycle);
  });

  it('the record dates the meeting from its first opening to its last adjournment, even when it was resumed in between', () => {
    // Scheduled for 08:45, opened at 09:00: the record says when it really opened.
    const built = scripted({ details: { startsAt: T0 - 15 * MIN } });
    const { session, chair, secretariat } = built;
    session.advance(HOUR).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(HOUR).run(chair, { type: 'meeting:transition', to: 'open' });
    speak(built, built.amina, MIN);
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const lastAdjournment = session.now;
    session.advance(DAY).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    expect(record.meeting).toMatchObject({
      id: session.meeting.id,
      title: 'Open consultation of CWG-Internet',
      venue: 'ITU headquarters, Geneva',
      scheduledStart: T0 - 15 * MIN,
      openedAt: T0,
      adjournedAt: lastAdjournment,
      archivedAt: lastAdjournment + DAY,
    });
  });

  it('the record names each captioner seat by its label and says whether the meeting was recorded and where the recording has gaps', () => {
    const built = buildMeeting({ extraRoles: ['captioner', 'viewer'] });
    const { session, chair, secretariat } = built;
    const captioner = session.meeting.links.find((link) => link.role === 'captioner')!;
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const unrecorded = buildArchive(session.meeting, [], []);
    expect(unrecorded.captioners).toEqual([{ id: captioner.id, label: 'captioner' }]);
    expect(unrecorded.recording).toEqual({ recorded: false, gaps: [] });
    const gaps = [{ startedAt: T0 + MIN, endedAt: T0 + 2 * MIN }];
    const recorded = buildArchive(session.meeting, [], [], { speeches: {}, topics: {}, gaps });
    expect(recorded.recording).toEqual({ recorded: true, gaps });
  });

  it('an interpretation channel is filed under the topic it was on air for, and one still on air is counted to the adjournment', () => {
    const built = buildMeeting({ extraRoles: ['interpreter'] });
    const { session, chair, secretariat } = built;
    const interpreter = built.extra[0]!;
    const first = session.advance(MIN).now;
    session.run(interpreter, { type: 'booth:take', language: 'fr' });
    const released = session.advance(MIN).now;
    session.run(interpreter, { type: 'booth:release', language: 'fr' });
    const second = session.advance(MIN).now;
    session.run(interpreter, { type: 'booth:take', language: 'fr' });
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const adjournedAt = session.now;
    session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    expect(record.topics.map((topic) => topic.channels)).toEqual([
      [
        { language: 'fr', from: first, to: released },
        { language: 'fr', from: second, to: adjournedAt },
      ],
      [],
      [],
    ]);
  });

  it('only an archived meeting has a record', () => {
    const built = scripted();
    expect(() => buildArchive(built.session.meeting, [], [])).toThrow(/not archived/);
  });
});
