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
});
