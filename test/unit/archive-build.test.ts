import { describe, expect, it } from 'vitest';
import type { AttendanceEntry } from '../../shared/archive/attendance.js';
import { buildArchive } from '../../shared/archive/build.js';
import { buildMeeting, MIN, SEC, type Person } from './fixtures.js';

/**
 * The archive record's rules, each from a scripted meeting with hand-written expected values:
 * a speech keeps the attendance it had when it was made; whoever spoke attended, connected or
 * not; a speech running at adjournment ends there; a reply names whom it answered.
 */
function scripted() {
  const built = buildMeeting();
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
    const { record } = seal(built, log);
    expect(record.attendance).toMatchObject({ registered: 4, attended: 2, registeredInRoom: 2, registeredRemote: 2, peakConcurrent: 2 });
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

  it('only an archived meeting has a record', () => {
    const built = scripted();
    expect(() => buildArchive(built.session.meeting, [], [])).toThrow(/not archived/);
  });
});
