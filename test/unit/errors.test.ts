import { describe, expect, it } from 'vitest';
import { appError, classifyError, errorCodes, errorMessages, httpStatusOf, isErrorCode, type ErrorCode } from '../../shared/errors.js';
import { exhaustive, fail, ok } from '../../shared/result.js';

/**
 * The one error vocabulary: each code has one HTTP status (the REST and socket adapters agree
 * on it) and one classification every client follows (stop, try again later, show the refusal).
 */

/** What each status means, and the codes that say so. */
const statusOf: Record<number, { meaning: string; codes: ErrorCode[] }> = {
  400: {
    meaning: 'the request itself is wrong: malformed, a field missing or invalid, a file refused',
    codes: [
      'BAD_REQUEST',
      'NAME_REQUIRED',
      'STAKEHOLDER_GROUP_REQUIRED',
      'EMAIL_INVALID',
      'RESPONSE_EMPTY',
      'CONSENT_REQUIRED',
      'FILE_TYPE_REFUSED',
      'FILE_NAME_REFUSED',
      'FILE_ARCHIVE_REFUSED',
    ],
  },
  401: { meaning: 'the link does not identify anyone (any more)', codes: ['UNAUTHORIZED', 'LINK_EXPIRED', 'LINK_REVOKED'] },
  403: {
    meaning: 'the link is known but may not do this',
    codes: ['FORBIDDEN', 'CAPTION_LEAD_ONLY', 'NOT_YOUR_BOOTH', 'ORIGIN_NOT_ALLOWED', 'REGISTRATION_PENDING', 'REGISTRATION_DECLINED'],
  },
  413: { meaning: 'too large', codes: ['FILE_TOO_LARGE', 'UPLOAD_TOO_LARGE', 'MESSAGE_TOO_LARGE'] },
  426: { meaning: 'client and server speak different protocol versions', codes: ['CLIENT_TOO_OLD', 'SERVER_TOO_OLD'] },
  429: { meaning: 'too many at once', codes: ['RATE_LIMITED', 'TOO_MANY_CONNECTIONS'] },
  500: { meaning: 'the server failed', codes: ['INTERNAL'] },
  503: {
    meaning: 'a service the server depends on is not available now',
    codes: ['MEDIA_UNAVAILABLE', 'MEDIA_PREPARING', 'MEDIA_FAILED', 'MAIL_UNAVAILABLE', 'MAIL_FAILED', 'ARCHIVE_PREPARING', 'STORAGE_UNAVAILABLE', 'BUSY'],
  },
};

describe('HTTP status of each error code', () => {
  it('whatever names something that does not exist is 404', () => {
    const notFound = errorCodes.filter((code) => code.endsWith('_NOT_FOUND'));
    expect(notFound.length).toBeGreaterThan(5);
    for (const code of notFound) expect([code, httpStatusOf(code)]).toEqual([code, 404]);
  });

  for (const [status, { meaning, codes }] of Object.entries(statusOf)) {
    it(`${status}: ${meaning}`, () => {
      for (const code of codes) expect([code, httpStatusOf(code)]).toEqual([code, Number(status)]);
    });
  }

  it('every other refusal is a conflict with the state of the meeting or cycle: 409', () => {
    const named = new Set<ErrorCode>(Object.values(statusOf).flatMap(({ codes }) => codes));
    const others = errorCodes.filter((code) => !named.has(code) && !code.endsWith('_NOT_FOUND'));
    expect(others).toContain('LIST_CLOSED');
    expect(others).toContain('FLOOR_CHANGED');
    for (const code of others) expect([code, httpStatusOf(code)]).toEqual([code, 409]);
  });
});

describe('how clients treat each error code', () => {
  const endsSession: ErrorCode[] = [
    'BAD_REQUEST',
    'UNAUTHORIZED',
    'LINK_EXPIRED',
    'LINK_REVOKED',
    'FORBIDDEN',
    'CLIENT_TOO_OLD',
    'SERVER_TOO_OLD',
    'MEETING_NOT_FOUND',
    'REGISTRATION_PENDING',
    'REGISTRATION_DECLINED',
    'ORIGIN_NOT_ALLOWED',
  ];
  const transient: ErrorCode[] = ['RATE_LIMITED', 'TOO_MANY_CONNECTIONS', 'STORAGE_UNAVAILABLE', 'BUSY', 'INTERNAL'];

  it('a link that no longer opens the meeting, or a protocol mismatch, ends the session: retrying cannot cure it', () => {
    for (const code of endsSession) expect([code, classifyError(code)]).toEqual([code, 'ends-session']);
  });

  it('overload and storage or server failures are transient: a later try may pass', () => {
    for (const code of transient) expect([code, classifyError(code)]).toEqual([code, 'transient']);
  });

  it('any other refusal is shown and the session goes on', () => {
    const others = errorCodes.filter((code) => !endsSession.includes(code) && !transient.includes(code));
    expect(others).toContain('LIST_CLOSED');
    for (const code of others) expect([code, classifyError(code)]).toEqual([code, 'refused']);
  });

  it('transient failures are the ones HTTP calls temporary (429 or 5xx); session-ending ones are client errors (4xx)', () => {
    for (const code of transient) expect([429, 500, 503]).toContain(httpStatusOf(code));
    for (const code of endsSession) expect(httpStatusOf(code)).toBeLessThan(500);
  });
});

describe('error values', () => {
  it('an error carries its code and English message, and a detail only when one was given', () => {
    expect(appError('LIST_CLOSED')).toStrictEqual({ code: 'LIST_CLOSED', message: errorMessages.LIST_CLOSED });
    expect(Object.keys(appError('LIST_CLOSED'))).toEqual(['code', 'message']);
    expect(appError('BAD_REQUEST', 'topicId')).toStrictEqual({ code: 'BAD_REQUEST', message: errorMessages.BAD_REQUEST, detail: 'topicId' });
    expect(fail('QUEUE_EMPTY')).toStrictEqual({ ok: false, error: { code: 'QUEUE_EMPTY', message: errorMessages.QUEUE_EMPTY } });
    expect(ok(3)).toStrictEqual({ ok: true, value: 3 });
  });

  it('only the vocabulary’s own codes are error codes: not other strings, not inherited names, not other values', () => {
    expect(isErrorCode('LIST_CLOSED')).toBe(true);
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
    expect(isErrorCode(null)).toBe(false);
    // JSON from a peer: an array holding a code is not a code, though it reads as one when turned into a key.
    expect(isErrorCode(['LIST_CLOSED'])).toBe(false);
  });

  it('a variant no switch handles fails loudly, naming it', () => {
    expect(() => exhaustive({ type: 'queue:unknown' } as never)).toThrow('Unhandled variant: {"type":"queue:unknown"}');
  });
});
