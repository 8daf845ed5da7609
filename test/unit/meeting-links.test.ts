import { describe, expect, it } from 'vitest';
import { isCommandType } from '../../shared/meeting/commands.js';
import { isFloorRecorded } from '../../shared/meeting/recording.js';
import { buildMeeting, DAY, T0 } from './fixtures.js';

/**
 * Links as the secretariat issues them (who leads the captioners, which booth an interpreter
 * works in), and two small rules every page relies on: which names are meeting commands, and
 * when the floor is being recorded.
 */
describe('the lead captioner and the booths', () => {
  it('only a captioner link can lead the captioners; setting what it already is changes nothing', () => {
    const { session, secretariat: SECRETARIAT } = buildMeeting({ extraRoles: ['captioner', 'viewer'] });
    const captioner = session.meeting.links.find((link) => link.role === 'captioner')!;
    const viewer = session.meeting.links.find((link) => link.role === 'viewer')!;
    session.run(SECRETARIAT, { type: 'link:setLead', linkId: captioner.id, lead: true });
    expect(session.meeting.links.find((link) => link.id === captioner.id)!.lead).toBe(true);
    expect(session.meeting.links.filter((link) => link.id !== captioner.id).every((link) => !link.lead)).toBe(true);
    const before = session.meeting;
    session.run(SECRETARIAT, { type: 'link:setLead', linkId: captioner.id, lead: true });
    expect(session.meeting).toBe(before);
    session.run(SECRETARIAT, { type: 'link:setLead', linkId: captioner.id, lead: false });
    expect(session.meeting.links.find((link) => link.id === captioner.id)!.lead).toBe(false);
    expect(session.refuse(SECRETARIAT, { type: 'link:setLead', linkId: viewer.id, lead: true })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:setLead', linkId: 'l999', lead: true })).toBe('LINK_NOT_FOUND');
  });

  it('a link issued as lead must be a captioner’s; an interpreter link names a booth of the meeting’s languages, and no other link does', () => {
    const { session, secretariat: SECRETARIAT } = buildMeeting();
    const expiresAt = T0 + DAY;
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: 'v', expiresAt, lead: true })).toBe('BAD_REQUEST');
    const lead = session.run(SECRETARIAT, { type: 'link:issue', role: 'captioner', label: 'CART lead', expiresAt, lead: true })!;
    expect(session.meeting.links.find((link) => link.id === lead)).toMatchObject({ role: 'captioner', lead: true, booth: null });
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'booth?', expiresAt })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: 'v', expiresAt, booth: 'fr' })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'de', expiresAt, booth: 'de' as 'fr' })).toBe('UNKNOWN_LANGUAGE');
    const interpreter = session.run(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'French booth', expiresAt, booth: 'fr' })!;
    expect(session.meeting.links.find((link) => link.id === interpreter)).toMatchObject({ role: 'interpreter', lead: false, booth: 'fr' });
  });
});

describe('names and states every page relies on', () => {
  it('a meeting command type is one of the commands’ own names, not an inherited property', () => {
    expect(isCommandType('floor:give')).toBe(true);
    expect(isCommandType('link:setLead')).toBe(true);
    expect(isCommandType('floor:take')).toBe(false);
    expect(isCommandType('toString')).toBe(false);
    expect(isCommandType('__proto__')).toBe(false);
    expect(isCommandType(['floor:give'])).toBe(false);
    expect(isCommandType(undefined)).toBe(false);
  });

  it('the floor is recorded exactly while the meeting is open and its set-up asks for it', () => {
    expect(isFloorRecorded({ status: 'open', recordFloor: true })).toBe(true);
    expect(isFloorRecorded({ status: 'open', recordFloor: false })).toBe(false);
    for (const status of ['draft', 'scheduled', 'adjourned', 'archived'] as const) {
      expect(isFloorRecorded({ status, recordFloor: true }), status).toBe(false);
    }
  });
});
