import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../shared/access/actor.js';
import { linkProblem } from '../../shared/access/links.js';
import { appError, type AppError } from '../../shared/errors.js';
import { Id, Role, type IssuedLink, type MeetingState } from '../../shared/meeting/model.js';
import { pageOfRole } from '../../shared/protocol/socket.js';
import { fail, ok, type Result } from '../../shared/result.js';

/**
 * No expiry in the token: the meeting's state decides it, so renewing a link or moving the
 * meeting keeps the address already handed out (tokens issued with an `e` claim still verify).
 */
const TokenClaims = z.object({
  m: Id,
  l: Id,
  r: Role,
  p: Id.nullable(),
});
type TokenClaims = z.infer<typeof TokenClaims>;

export interface VerifiedLink {
  meetingId: string;
  actor: Extract<Actor, { kind: 'link' }>;
}

/**
 * Invite links carry a signed token: meeting, link id, role and participant. The signature
 * proves the server issued it; the meeting's state says whether it is revoked or expired.
 */
export class LinkSigner {
  constructor(private readonly secret: string) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  tokenFor(meetingId: string, link: IssuedLink): string {
    const claims: TokenClaims = { m: meetingId, l: link.id, r: link.role, p: link.participantId };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Checks the signature only; `checkAgainst` then checks revocation and expiry. */
  verify(token: string): Result<VerifiedLink> {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) return fail('UNAUTHORIZED');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return fail('UNAUTHORIZED');
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return fail('UNAUTHORIZED');
    }
    const claims = TokenClaims.safeParse(decoded);
    if (!claims.success) return fail('UNAUTHORIZED');
    const { m, l, r, p } = claims.data;
    return ok({ meetingId: m, actor: { kind: 'link', linkId: l, role: r, participantId: p } });
  }
}

/** The shared rule (shared/access/links.ts) for a verified token, as the error the doors answer. */
export function checkAgainst(state: MeetingState, link: VerifiedLink, now: number): AppError | null {
  const problem = linkProblem(state, link.actor, now);
  return problem ? appError(problem) : null;
}

export function pageUrl(publicUrl: string, meetingId: string, page: string, fragment?: string): string {
  const base = `${publicUrl}/m/${encodeURIComponent(meetingId)}/${page}`;
  return fragment === undefined ? base : `${base}#${fragment}`;
}

/**
 * A link's address: the token in the fragment, which browsers never send; a screen's or
 * viewer's caption languages in the query (`?captions=en,ar`), which is no secret and stays in
 * the address bar when the page takes the token out of it.
 */
export function linkUrl(publicUrl: string, signer: LinkSigner, meetingId: string, link: IssuedLink): string {
  const query = link.captions.length > 0 ? `?captions=${link.captions.join(',')}` : '';
  return pageUrl(publicUrl, meetingId, `${pageOfRole[link.role]}${query}`, `token=${signer.tokenFor(meetingId, link)}`);
}

/** The Zoom-style caption URL a captioner pastes into their CAT software for their seat. */
export function ingestUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/captions/closedcaption?token=${encodeURIComponent(token)}`;
}
