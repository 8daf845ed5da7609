import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LinkSigner } from '../../server/access/links.js';
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
