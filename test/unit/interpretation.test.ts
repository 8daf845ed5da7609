import { describe, expect, it } from 'vitest';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import { buildArchive } from '../../shared/archive/build.js';
import { liveChannels } from '../../shared/interpretation/booths.js';
import { replay } from '../../shared/meeting/execute.js';
import type { BoothLanguage } from '../../shared/meeting/model.js';
import { recordHtml } from '../../server/archive/exports/index.js';
import { permissionFor } from '../../server/livekit/grants.js';
import { buildMeeting, linkActor, MIN, SEC } from './fixtures.js';

type LinkActor = Extract<Actor, { kind: 'link' }>;

/** An open meeting (en, ar, fr) with two interpreters in the French booth and one in the Arabic booth. */
function withBooths() {
  const built = buildMeeting();
  const { session } = built;
  const issue = (booth: BoothLanguage, label: string) => {
    const linkId = session.run(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label, booth })!;
    return linkActor(session.meeting, linkId) as LinkActor;
  };
  return {
    ...built,
    french1: issue('fr', 'French booth 1'),
    french2: issue('fr', 'French booth 2'),
    arabic: issue('ar', 'Arabic booth'),
    signer1: issue('sgn', 'International Sign 1'),
    signer2: issue('sgn', 'International Sign 2'),
  };
}

describe('interpreter links', () => {
  it('name their booth, one of the meeting languages; no other link names one', () => {
    const { session } = buildMeeting();
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'No booth' })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: 'Viewer', booth: 'fr' })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'Chinese', booth: 'zh' })).toBe(
      'UNKNOWN_LANGUAGE',
    );
    const linkId = session.run(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'French', booth: 'fr' })!;
    expect(session.meeting.links.find((link) => link.id === linkId)?.booth).toBe('fr');
  });

  it('a sign-language booth is not one of the meeting languages: any meeting may have one, and no other link names it', () => {
    const { session } = buildMeeting();
    expect(session.meeting.languages).not.toContain('sgn');
    const linkId = session.run(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'International Sign', booth: 'sgn' })!;
    expect(session.meeting.links.find((link) => link.id === linkId)?.booth).toBe('sgn');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'screen', label: 'Screen', booth: 'sgn' })).toBe('BAD_REQUEST');
    expect(session.refuse(SECRETARIAT, { type: 'link:issue', role: 'interpreter', label: 'Sign', booth: 'ase' as BoothLanguage })).toBe('UNKNOWN_LANGUAGE');
  });
});

describe('booths', () => {
  it('an interpreter takes their booth and the channel goes live under the current topic', () => {
    const { session, french1, topicIds } = withBooths();
    session.advance(MIN).run(french1, { type: 'booth:take', language: 'fr' });
    expect(session.meeting.booths).toEqual([{ language: 'fr', linkId: french1.linkId, since: session.now }]);
    expect(session.meeting.channelLog).toEqual([{ language: 'fr', topicId: topicIds[0], from: session.now, to: null }]);
    expect(liveChannels(session.meeting)).toEqual(['fr']);
  });

  it('a colleague takes the booth over: the holder changes, the channel stays live without a break', () => {
    const { session, french1, french2 } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    const liveFrom = session.now;
    session.advance(30 * MIN).run(french2, { type: 'booth:take', language: 'fr' });
    expect(session.meeting.booths).toEqual([{ language: 'fr', linkId: french2.linkId, since: session.now }]);
    expect(session.meeting.channelLog).toHaveLength(1);
    expect(session.meeting.channelLog[0]).toMatchObject({ from: liveFrom, to: null });
    // The one who handed over no longer holds it and cannot take the channel off the air.
    expect(session.refuse(french1, { type: 'booth:release', language: 'fr' })).toBe('BOOTH_NOT_HELD');
  });

  it('a console takes a colleague off the air only if it showed them on air: one that saw the booth free, or another colleague, is refused (BOOTH_CHANGED, naming who is on air); a booth left meanwhile is taken whatever was seen', () => {
    const { session, french1, french2 } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr', expectedHolder: null });
    const refused = session.advance(SEC).try(french2, { type: 'booth:take', language: 'fr', expectedHolder: null });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'BOOTH_CHANGED', detail: french1.linkId });
    expect(session.meeting.booths).toEqual([expect.objectContaining({ linkId: french1.linkId })]);
    expect(session.refuse(french2, { type: 'booth:take', language: 'fr', expectedHolder: 'l999' })).toBe('BOOTH_CHANGED');
    // Knowingly: the hand-over.
    session.advance(SEC).run(french2, { type: 'booth:take', language: 'fr', expectedHolder: french1.linkId });
    expect(session.meeting.booths).toEqual([expect.objectContaining({ linkId: french2.linkId })]);
    // The holder pressing again is no hand-over, whatever its console showed.
    expect(session.advance(SEC).try(french2, { type: 'booth:take', language: 'fr', expectedHolder: null }).ok).toBe(true);
    // Free again: taking it cuts nobody off.
    session.run(french2, { type: 'booth:release', language: 'fr' });
    session.advance(SEC).run(french1, { type: 'booth:take', language: 'fr', expectedHolder: french2.linkId });
    expect(session.meeting.booths).toEqual([expect.objectContaining({ linkId: french1.linkId })]);
  });

  it('the holder taking their own booth again changes nothing: the booth keeps the time it was taken', () => {
    const { session, french1 } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    const takenAt = session.now;
    const before = session.meeting;
    session.advance(MIN).run(french1, { type: 'booth:take', language: 'fr' });
    expect(session.meeting.booths).toEqual([{ language: 'fr', linkId: french1.linkId, since: takenAt }]);
    expect(session.meeting).toBe(before);
  });

  it('an interpreter cannot take another booth', () => {
    const { session, arabic } = withBooths();
    expect(session.refuse(arabic, { type: 'booth:take', language: 'fr' })).toBe('NOT_YOUR_BOOTH');
  });

  it('a booth is taken only while the meeting is open', () => {
    const { session, french1, chair } = withBooths();
    session.run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(session.refuse(french1, { type: 'booth:take', language: 'fr' })).toBe('MEETING_NOT_OPEN');
  });

  it('the holder leaves the booth, or the chair frees it: the channel goes off the air', () => {
    const { session, french1, arabic, chair } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    session.run(arabic, { type: 'booth:take', language: 'ar' });
    session.advance(MIN).run(french1, { type: 'booth:release', language: 'fr' });
    session.advance(MIN).run(chair, { type: 'booth:release', language: 'ar' });
    expect(session.meeting.booths).toEqual([]);
    expect(session.meeting.channelLog.map((span) => [span.language, span.to])).toEqual([
      ['fr', session.now - MIN],
      ['ar', session.now],
    ]);
    // Leaving an empty booth changes nothing.
    const before = session.meeting;
    session.run(chair, { type: 'booth:release', language: 'fr' });
    expect(session.meeting).toBe(before);
  });

  it('leaving an empty booth changes nothing while another channel is live', () => {
    const { session, arabic, chair } = withBooths();
    session.run(arabic, { type: 'booth:take', language: 'ar' });
    const before = session.meeting;
    session.advance(MIN).run(chair, { type: 'booth:release', language: 'fr' });
    expect(session.meeting).toBe(before);
  });

  it('taking up another topic leaves the end of a channel already off the air where it was', () => {
    const { session, french1, arabic, chair, topicIds } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    session.run(arabic, { type: 'booth:take', language: 'ar' });
    const start = session.now;
    session.advance(5 * MIN).run(french1, { type: 'booth:release', language: 'fr' });
    session.advance(5 * MIN).run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    expect(session.meeting.channelLog).toEqual([
      { language: 'fr', topicId: topicIds[0], from: start, to: start + 5 * MIN },
      { language: 'ar', topicId: topicIds[0], from: start, to: start + 10 * MIN },
      { language: 'ar', topicId: topicIds[1], from: start + 10 * MIN, to: null },
    ]);
  });

  it('the archive log counts each live channel under each topic taken up', () => {
    const { session, french1, chair, topicIds } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    const start = session.now;
    session.advance(10 * MIN).run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.advance(5 * MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(session.meeting.channelLog).toEqual([
      { language: 'fr', topicId: topicIds[0], from: start, to: start + 10 * MIN },
      { language: 'fr', topicId: topicIds[1], from: start + 10 * MIN, to: start + 15 * MIN },
    ]);
    expect(session.meeting.booths).toEqual([]);
  });

  it('revoking the holder’s link takes the channel off the air', () => {
    const { session, french1 } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    session.advance(SEC).run(SECRETARIAT, { type: 'link:revoke', linkId: french1.linkId });
    expect(session.meeting.booths).toEqual([]);
    expect(session.meeting.channelLog[0]?.to).toBe(session.now);
  });

  it('replaying the log rebuilds the booths and their log', () => {
    const { session, french1, french2 } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    session.advance(MIN).run(french2, { type: 'booth:take', language: 'fr' });
    const rebuilt = replay(session.log)!;
    expect(rebuilt.booths).toEqual(session.meeting.booths);
    expect(rebuilt.channelLog).toEqual(session.meeting.channelLog);
  });
});

describe('LiveKit grants of interpreters', () => {
  it('only the interpreter holding the booth may publish, a microphone only', () => {
    const { session, french1, french2, arabic } = withBooths();
    const grant = (who: LinkActor) => permissionFor(session.meeting, 'interpreter', null, who.linkId);
    expect(grant(french1).canPublish).toBe(false);
    session.run(french1, { type: 'booth:take', language: 'fr' });
    expect(grant(french1)).toMatchObject({ canPublish: true, canPublishSources: ['microphone'], canSubscribe: true });
    expect(grant(french2).canPublish).toBe(false);
    expect(grant(arabic).canPublish).toBe(false);
    session.advance(MIN).run(french2, { type: 'booth:take', language: 'fr' });
    expect(grant(french1).canPublish).toBe(false);
    expect(grant(french2).canPublish).toBe(true);
  });
});

describe('the sign-language booth', () => {
  it('works as a spoken booth: one signer on air, a colleague takes over without a break, the chair frees it; a spoken interpreter cannot take it', () => {
    const { session, signer1, signer2, arabic, chair } = withBooths();
    expect(session.refuse(arabic, { type: 'booth:take', language: 'sgn' })).toBe('NOT_YOUR_BOOTH');
    expect(session.refuse(signer1, { type: 'booth:take', language: 'ar' })).toBe('NOT_YOUR_BOOTH');
    session.run(signer1, { type: 'booth:take', language: 'sgn' });
    const liveFrom = session.now;
    session.advance(20 * MIN).run(signer2, { type: 'booth:take', language: 'sgn' });
    expect(session.meeting.booths).toEqual([{ language: 'sgn', linkId: signer2.linkId, since: session.now }]);
    expect(session.refuse(signer1, { type: 'booth:release', language: 'sgn' })).toBe('BOOTH_NOT_HELD');
    session.advance(MIN).run(chair, { type: 'booth:release', language: 'sgn' });
    expect(session.meeting.booths).toEqual([]);
    expect(session.meeting.channelLog).toEqual([{ language: 'sgn', topicId: expect.any(String), from: liveFrom, to: session.now }]);
  });

  it('its holder may publish a camera and no microphone: the signer is seen, not heard', () => {
    const { session, signer1, signer2 } = withBooths();
    const grant = (who: LinkActor) => permissionFor(session.meeting, 'interpreter', null, who.linkId);
    expect(grant(signer1).canPublish).toBe(false);
    session.run(signer1, { type: 'booth:take', language: 'sgn' });
    expect(grant(signer1)).toMatchObject({ canPublish: true, canPublishSources: ['camera'], canSubscribe: true, hidden: false });
    expect(grant(signer2).canPublish).toBe(false);
    session.advance(MIN).run(signer2, { type: 'booth:take', language: 'sgn' });
    expect(grant(signer1).canPublish).toBe(false);
    expect(grant(signer2).canPublishSources).toEqual(['camera']);
  });

  it('the record names the sign-language interpretation among the channels live, in each language of the record', () => {
    const { session, signer1, chair } = withBooths();
    session.run(signer1, { type: 'booth:take', language: 'sgn' });
    session.advance(30 * MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    expect(record.topics[0]!.channels.map((span) => span.language)).toEqual(['sgn']);
    expect(recordHtml(record, 'en', { exportLinks: [], otherLanguages: [] })).toMatch(/Interpretation channels live: Sign language <time/);
    expect(recordHtml(record, 'fr', { exportLinks: [], otherLanguages: [] })).toContain('Canaux d’interprétation à l’antenne: langue des signes <time');
  });
});

describe('the archive of interpretation', () => {
  it('records which channels were live under each topic, and when, in every language of the record', () => {
    const { session, french1, arabic, chair, topicIds } = withBooths();
    session.run(french1, { type: 'booth:take', language: 'fr' });
    const frenchFrom = session.now;
    session.advance(5 * MIN).run(arabic, { type: 'booth:take', language: 'ar' });
    session.advance(5 * MIN).run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    const switched = session.now;
    session.advance(20 * MIN).run(arabic, { type: 'booth:release', language: 'ar' });
    const arabicTo = session.now;
    session.advance(10 * MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const adjourned = session.now;
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    const record = buildArchive(session.meeting, [], []);
    expect(record.topics[0]!.channels).toEqual([
      { language: 'fr', from: frenchFrom, to: switched },
      { language: 'ar', from: frenchFrom + 5 * MIN, to: switched },
    ]);
    expect(record.topics[1]!.channels).toEqual([
      { language: 'fr', from: switched, to: adjourned },
      { language: 'ar', from: switched, to: arabicTo },
    ]);
    expect(record.topics[2]?.channels ?? []).toEqual([]);
    const french = recordHtml(record, 'fr', { exportLinks: [], otherLanguages: [] });
    expect(french).toContain('Canaux d’interprétation à l’antenne: français <time');
    expect(recordHtml(record, 'en', { exportLinks: [], otherLanguages: [] })).toMatch(/Interpretation channels live: French <time[^>]*>[^<]+<\/time>–<time/);
  });
});
