import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAgainst, ingestUrl, LinkSigner, linkUrl, pageUrl, type VerifiedLink } from '../../server/access/links.js';
import { SECRETARIAT } from '../../shared/access/actor.js';
import { pageOfRole } from '../../shared/protocol/socket.js';
import { buildMeeting, MEETING_ID } from './fixtures.js';
import type { IssuedLink } from '../../shared/meeting/model.js';

const SECRET = 'unit-link-secret-0123456789abcdef0123456789';
const link: IssuedLink = {
  id: 'l7',
  role: 'captioner',
  label: 'CART',
  participantId: null,
  issuedAt: 1,
  expiresAt: 1000,
  followsMeetingSince: 1,
  revokedAt: null,
  booth: null,
  captions: [],
  lead: false,
};

describe('link tokens', () => {
  it('a token does not change when its link is renewed or the meeting moves', () => {
    const signer = new LinkSigner(SECRET);
    expect(signer.tokenFor('m1', { ...link, expiresAt: 999_999 })).toBe(signer.tokenFor('m1', link));
  });

  it('tokens issued with an expiry claim, before links followed the meeting, still verify', () => {
    const body = Buffer.from(JSON.stringify({ m: 'm1', l: 'l7', r: 'captioner', p: null, e: 1000 })).toString('base64url');
    const token = `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    const verified = new LinkSigner(SECRET).verify(token);
    expect(verified).toEqual({
      ok: true,
      value: { meetingId: 'm1', actor: { kind: 'link', linkId: 'l7', role: 'captioner', participantId: null } },
    });
    expect(new LinkSigner(`${SECRET}x`).verify(token).ok).toBe(false);
  });

  it('only a token the server signed, in exactly its form, verifies: a bad, missing or extra signature part, or signed claims that are not a link, are refused', () => {
    const signer = new LinkSigner(SECRET);
    const token = signer.tokenFor('m1', link);
    expect(signer.verify(token).ok).toBe(true);
    const [body, signature] = token.split('.') as [string, string];
    const signed = (claims: unknown) => {
      const encoded = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
    };
    const refused = [
      body,
      `${body}.`,
      `.${signature}`,
      `${token}.${signature}`,
      `${body}.${signature.slice(0, -1)}`,
      `${body}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      // Claims the server never issues, however well signed: another role, no meeting.
      signed({ m: 'm1', l: 'l7', r: 'superuser', p: null }),
      signed({ l: 'l7', r: 'captioner', p: null }),
      `${Buffer.from('not json').toString('base64url')}.${createHmac('sha256', SECRET).update(Buffer.from('not json').toString('base64url')).digest('base64url')}`,
    ];
    for (const forged of refused) expect(signer.verify(forged), forged).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
  });
});

describe('a verified link at the door', () => {
  it('a personal participant link opens the meeting only once its registration is admitted; a revoked or expired link never', () => {
    const { session, participants } = buildMeeting({ details: { registrationApproval: true } });
    const amina = participants[0]!;
    const door = () => checkAgainst(session.meeting, { meetingId: MEETING_ID, actor: amina.actor as VerifiedLink['actor'] }, session.now)?.code ?? null;
    expect(door()).toBe('REGISTRATION_PENDING');
    // Each link answers for its own registration: admitting Li Wei admits nobody else.
    const liWei = participants[1]!;
    session.run(SECRETARIAT, { type: 'participant:review', participantId: liWei.id, decision: 'approved' });
    expect(checkAgainst(session.meeting, { meetingId: MEETING_ID, actor: liWei.actor as VerifiedLink['actor'] }, session.now)).toBeNull();
    expect(door()).toBe('REGISTRATION_PENDING');
    session.run(SECRETARIAT, { type: 'participant:review', participantId: amina.id, decision: 'declined' });
    expect(door()).toBe('REGISTRATION_DECLINED');
    session.run(SECRETARIAT, { type: 'participant:review', participantId: amina.id, decision: 'approved' });
    expect(door()).toBeNull();
    const linkId = (amina.actor as VerifiedLink['actor']).linkId;
    const expiresAt = session.meeting.links.find((candidate) => candidate.id === linkId)!.expiresAt;
    expect(checkAgainst(session.meeting, { meetingId: MEETING_ID, actor: amina.actor as VerifiedLink['actor'] }, expiresAt)?.code).toBe('LINK_EXPIRED');
    session.run(SECRETARIAT, { type: 'link:revoke', linkId });
    expect(door()).toBe('LINK_REVOKED');
  });

  it('an address carries the token in its fragment, which browsers never send, and a screen\'s caption languages in its query', () => {
    const signer = new LinkSigner(SECRET);
    const screen: IssuedLink = { ...link, id: 'l8', role: 'screen', captions: ['en', 'ar'] };
    expect(linkUrl('https://floor.example.org', signer, 'm 1', screen)).toBe(
      `https://floor.example.org/m/m%201/screen?captions=en,ar#token=${signer.tokenFor('m 1', screen)}`,
    );
    expect(linkUrl('https://floor.example.org', signer, 'm1', link)).toBe(`https://floor.example.org/m/m1/${pageOfRole.captioner}#token=${signer.tokenFor('m1', link)}`);
    expect(pageUrl('https://floor.example.org', 'm1', 'register')).toBe('https://floor.example.org/m/m1/register');
    expect(ingestUrl('https://floor.example.org', 'a+b/c')).toBe('https://floor.example.org/api/captions/closedcaption?token=a%2Bb%2Fc');
  });
});
