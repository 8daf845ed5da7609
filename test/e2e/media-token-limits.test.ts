import type { Request } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { fromAddress } from '../support/from-address.js';
import { seedMeeting } from '../support/harness.js';

// Six requests a minute from one address (a fixed window: the seventh waits for the next
// minute); the meeting is seeded from 127.0.0.1, the venue here, and the page comes from elsewhere.
// With livekit-server running: a page asks for a token only when the meeting has audio/video.
const suite = useBrowserAndServer({ liveKit: true, env: { RATE_LIMIT_PER_MINUTE: '6', VENUE_ADDRESSES: '127.0.0.1' } });
const forwarders: Array<{ close(): void }> = [];
afterAll(() => {
  for (const forwarder of forwarders) forwarder.close();
});

describe("the viewer page's audio/video token", () => {
  it('asked again after a refusal for asking too often, no sooner than the refusal said', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const elsewhere = await fromAddress(suite.server.url, '127.0.0.8');
    forwarders.push(elsewhere);
    // When each token request left the page, and the refusals for asking too often with the request each answered.
    const askedAt: number[] = [];
    const order = new Map<Request, number>();
    const refusals: Array<{ index: number; retryAfterMs: number }> = [];
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/media/token')) return;
      order.set(request, askedAt.length);
      askedAt.push(Date.now());
    });
    page.on('response', async (response) => {
      const index = order.get(response.request());
      if (index === undefined || response.status() !== 429) return;
      const { error } = (await response.json()) as { error: { code: string; retryAfterMs: number } };
      if (error.code === 'RATE_LIMITED') refusals.push({ index, retryAfterMs: error.retryAfterMs });
    });
    // The page's own requests spend the address's six; its token is refused, then asked again.
    await page.goto(`${elsewhere.url}${links.role('viewer')}`);
    await expect.poll(() => refusals.length, { timeout: 15_000, message: 'a token request refused' }).toBeGreaterThan(0);
    const [refused] = refusals;
    // What the page is told to wait is longer than its own first wait (2 s): the rule shows.
    expect(refused!.retryAfterMs).toBeGreaterThan(3_000);
    await expect.poll(() => askedAt.length, { timeout: 100_000, message: 'the token asked again' }).toBeGreaterThan(refused!.index + 1);
    expect(askedAt[refused!.index + 1]! - askedAt[refused!.index]!).toBeGreaterThanOrEqual(refused!.retryAfterMs - 100);
    await context.close();
  }, 150_000);
});
