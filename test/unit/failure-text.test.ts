import { describe, expect, it } from 'vitest';
import { Refusal } from '../../client/src/failures.js';
import { failureText } from '../../client/src/i18n/failures.js';
import { appError, rateLimited } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/catalogue.js';

const en = translator('en');
const said = (t: typeof en, retryAfterMs: number) => failureText(t, new Refusal(rateLimited(retryAfterMs)));

describe('a refusal for going too fast says when to come back', () => {
  it('in seconds up to a minute and a half, rounded up', () => {
    expect(said(en, 1)).toBe('Too many requests. Try again in 1 second.');
    expect(said(en, 4_100)).toBe('Too many requests. Try again in 5 seconds.');
    expect(said(en, 90_000)).toBe('Too many requests. Try again in 90 seconds.');
  });

  it('in whole minutes beyond, rounded up: a registration an hour later is not said in seconds', () => {
    expect(said(en, 90_001)).toBe('Too many requests. Try again in 2 minutes.');
    expect(said(en, 20 * 60_000)).toBe('Too many requests. Try again in 20 minutes.');
  });

  it('with no wait, or none left, as before: wait a moment', () => {
    expect(said(en, 0)).toBe('Too many requests. Wait a moment and try again.');
    expect(failureText(en, new Refusal(appError('RATE_LIMITED')))).toBe('Too many requests. Wait a moment and try again.');
  });

  it("in each language's plural forms: Arabic's dual, Russian's few and many", () => {
    const ar = translator('ar');
    expect(said(ar, 2_000)).toBe('طلبات كثيرة جدًا. أعد المحاولة بعد ثانيتين.');
    expect(said(ar, 5_000)).toBe('طلبات كثيرة جدًا. أعد المحاولة بعد 5 ثوانٍ.');
    expect(said(ar, 20 * 60_000)).toBe('طلبات كثيرة جدًا. أعد المحاولة بعد 20 دقيقة.');
    const ru = translator('ru');
    expect(said(ru, 3_000)).toBe('Слишком много запросов. Повторите попытку через 3 секунды.');
    expect(said(ru, 25 * 60_000)).toBe('Слишком много запросов. Повторите попытку через 25 минут.');
    expect(said(translator('zh'), 20 * 60_000)).toBe('请求过多。请在 20 分钟后重试。');
  });
});
