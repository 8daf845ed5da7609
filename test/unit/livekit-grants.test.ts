import { describe, expect, it } from 'vitest';
import { identityOf, parseIdentity, permissionFor, remotePublisher, samePermission } from '../../server/livekit/grants.js';
import { buildMeeting, MIN, SEC } from './fixtures.js';

/**
 * Who may publish on LiveKit, from the meeting alone: the remote floor holder while the speech
 * runs (not while it is paused, not after it ends), the venue station always, nobody else.
 * Expected values are written out here, not derived from the code under test.
 */
const LISTEN: { canPublish: boolean; canPublishSources: string[] } = { canPublish: false, canPublishSources: [] };

function meetingWithRemoteSpeaker(allowRemoteCamera = false) {
  const built = buildMeeting({ details: { allowRemoteCamera } });
  const [room, remote, otherRemote] = built.participants as [typeof built.participants[0], typeof built.participants[0], typeof built.participants[0]];
  const { session, chair } = built;
  const entryId = session.advance(MIN).run(remote.actor, { type: 'queue:request', kind: 'intervention' })!;
  session.run(otherRemote.actor, { type: 'queue:request', kind: 'intervention' });
  session.advance(SEC).run(chair, { type: 'floor:give', entryId });
  return { ...built, room, remote, otherRemote, session, chair };
}

describe('LiveKit publishing follows the floor', () => {
  it('the remote floor holder may publish the microphone while the speech runs; others only listen', () => {
    const { session, remote, otherRemote, room } = meetingWithRemoteSpeaker();
    expect(remotePublisher(session.meeting)).toBe(remote.id);
    expect(permissionFor(session.meeting, 'participant', remote.id)).toMatchObject({
      canPublish: true,
      canPublishSources: ['microphone'],
      canSubscribe: true,
    });
    expect(permissionFor(session.meeting, 'participant', otherRemote.id)).toMatchObject(LISTEN);
    expect(permissionFor(session.meeting, 'participant', room.id)).toMatchObject(LISTEN);
  });

  it('the camera is granted with the microphone only when the meeting allows remote cameras', () => {
    const { session, remote } = meetingWithRemoteSpeaker(true);
    expect(permissionFor(session.meeting, 'participant', remote.id).canPublishSources.sort()).toEqual(['camera', 'microphone']);
  });

  it('pausing the speech takes publishing away; resuming gives it back', () => {
    const { session, chair, remote } = meetingWithRemoteSpeaker();
    session.advance(10 * SEC).run(chair, { type: 'floor:pause' });
    expect(remotePublisher(session.meeting)).toBeNull();
    expect(permissionFor(session.meeting, 'participant', remote.id)).toMatchObject(LISTEN);
    session.advance(10 * SEC).run(chair, { type: 'floor:resume' });
    expect(remotePublisher(session.meeting)).toBe(remote.id);
    expect(permissionFor(session.meeting, 'participant', remote.id)).toMatchObject({ canPublish: true });
  });

  it('ending the speech, adjourning, or the speaker withdrawing takes publishing away', () => {
    const ended = meetingWithRemoteSpeaker();
    ended.session.advance(SEC).run(ended.chair, { type: 'floor:end' });
    expect(permissionFor(ended.session.meeting, 'participant', ended.remote.id)).toMatchObject(LISTEN);

    const adjourned = meetingWithRemoteSpeaker();
    adjourned.session.advance(SEC).run(adjourned.chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(permissionFor(adjourned.session.meeting, 'participant', adjourned.remote.id)).toMatchObject(LISTEN);
  });

  it('a participant connection that names no participant never publishes, even with nobody remote on the floor', () => {
    const built = buildMeeting();
    expect(remotePublisher(built.session.meeting)).toBeNull();
    expect(permissionFor(built.session.meeting, 'participant', null)).toMatchObject(LISTEN);
  });

  it('an in-room floor holder publishes nothing on LiveKit: the room microphone carries them', () => {
    const built = buildMeeting();
    const room = built.participants[0]!;
    const entryId = built.session.advance(MIN).run(room.actor, { type: 'queue:request', kind: 'intervention' })!;
    built.session.run(built.chair, { type: 'floor:give', entryId });
    expect(remotePublisher(built.session.meeting)).toBeNull();
    expect(permissionFor(built.session.meeting, 'participant', room.id)).toMatchObject(LISTEN);
  });

  it('the venue station always publishes; chair, moderator, captioner, screen and viewer listen hidden', () => {
    const { session } = meetingWithRemoteSpeaker();
    expect(permissionFor(session.meeting, 'venue', null)).toMatchObject({
      canPublish: true,
      canPublishSources: ['microphone', 'camera'],
      hidden: false,
    });
    for (const role of ['chair', 'moderator', 'captioner', 'screen', 'viewer'] as const) {
      expect(permissionFor(session.meeting, role, null), role).toMatchObject({ ...LISTEN, hidden: true, canSubscribe: true });
    }
  });

  it('permissions compare as sets of sources', () => {
    const base = { canSubscribe: true, canPublish: true, canPublishData: false, hidden: false };
    expect(samePermission({ ...base, canPublishSources: ['microphone', 'camera'] }, { ...base, canPublishSources: ['camera', 'microphone'] })).toBe(true);
    expect(samePermission({ ...base, canPublishSources: ['camera', 'microphone'] }, { ...base, canPublishSources: ['microphone', 'camera'] })).toBe(true);
    expect(samePermission({ ...base, canPublishSources: ['microphone'] }, { ...base, canPublishSources: ['camera', 'microphone'] })).toBe(false);
  });

  it('permissions that differ in any one right are not the same (the update must reach LiveKit)', () => {
    const base = { canSubscribe: true, canPublish: true, canPublishData: false, hidden: false, canPublishSources: ['microphone' as const] };
    for (const change of [{ canSubscribe: false }, { canPublish: false }, { canPublishData: true }, { hidden: true }]) {
      expect(samePermission(base, { ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
    expect(samePermission(base, { ...base, canPublishSources: ['microphone'] })).toBe(true);
  });
});

describe('LiveKit identities', () => {
  it('a participant has one identity whatever the device; other roles one per connection', () => {
    expect(identityOf({ kind: 'link', linkId: 'l9', role: 'participant', participantId: 'p3' }, 'n1')).toBe('participant.p3');
    expect(identityOf({ kind: 'link', linkId: 'l9', role: 'participant', participantId: 'p3' }, 'n2')).toBe('participant.p3');
    expect(identityOf({ kind: 'link', linkId: 'l4', role: 'venue', participantId: null }, 'n1')).toBe('venue.l4.n1');
    // A participant role link that names nobody is one connection like the others, never "participant.null".
    expect(identityOf({ kind: 'link', linkId: 'l5', role: 'participant', participantId: null }, 'n1')).toBe('participant.l5.n1');
    expect(parseIdentity('participant.p3')).toEqual({ role: 'participant', participantId: 'p3', linkId: null });
    expect(parseIdentity('venue.l4.n1')).toEqual({ role: 'venue', participantId: null, linkId: 'l4' });
    expect(parseIdentity('interpreter.l6.n1')).toEqual({ role: 'interpreter', participantId: null, linkId: 'l6' });
    expect(parseIdentity('intruder.x')).toBeNull();
    expect(parseIdentity('participant')).toBeNull();
  });
});
