import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTION_EVENTS_PATH } from '../../shared/protocol/captions.js';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer({ captionQuietMs: 60_000 });
const SHOTS = '/work/notes/shots';

/** Posts like Zoom-style CAT software: plain text, `seq` +1 per caption (support.zoom.us 115002212983). */
async function zoomPost(url: string, seq: number, text: string): Promise<number> {
  const response = await fetch(`${url}&seq=${seq}&lang=en-US`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
  await response.text();
  return response.status;
}

describe('broadcast overlay page in Chromium', () => {
  it('shows only the captions, wrapped and placed as its address says, on a transparent page; chroma-key on request', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const ingest = `${suite.server.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`;
    expect(await zoomPost(ingest, 1, 'Distinguished delegates, good morning. The working group now considers the compilation of inputs on meaningful connectivity.')).toBe(200);

    const overlay = `${suite.server.url}/m/${meeting.meetingId}/overlay?lang=en&lines=2&length=32&size=44&color=ffff00&position=bottom#token=${meeting.tokens.screen}`;
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(overlay);
    const box = page.locator('.overlay-box');
    await expect.poll(() => box.innerText({ timeout: 500 }).catch(() => ''), { timeout: 10_000 }).toContain('connectivity.');
    const rows = (await box.innerText()).split('\n').filter(Boolean);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(32);
    // Nothing but the captions: no heading, no controls, no links.
    expect(await page.locator('h1, h2, button, a, input').count()).toBe(0);
    const placed = (await box.boundingBox())!;
    expect(placed.y + placed.height).toBeGreaterThan(600);
    expect(await box.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(255, 255, 0)');

    // The page itself is transparent, so the scene shows through everywhere but the caption box.
    const backgrounds = await page.evaluate(() => [document.documentElement, document.body].map((element) => getComputedStyle(element).backgroundColor));
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);

    // Over a coloured scene, as OBS composes it: the scene painted under the transparent page, saved for a person to look at.
    await page.evaluate(() => {
      document.body.style.cssText = 'background: linear-gradient(135deg, #1d6fa5, #c0392b); min-height: 100vh;';
    });
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(`${SHOTS}/captions-overlay.png`, await page.screenshot());

    const chroma = await context.newPage();
    await chroma.goto(overlay.replace('position=bottom', 'position=top&chroma=00ff00&box=none'));
    await expect.poll(() => chroma.locator('.overlay-box').innerText({ timeout: 500 }).catch(() => ''), { timeout: 10_000 }).toContain('connectivity');
    expect(await chroma.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 255, 0)');
    writeFileSync(`${SHOTS}/captions-overlay-chroma.png`, await chroma.screenshot());
    await context.close();
  });
});

/** A meeting whose captioner posted `text`, and an overlay page (English, two rows) showing it. */
async function overlayShowing(text: string) {
  const meeting = await seedMeeting(suite.server.url);
  const ingest = `${suite.server.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`;
  expect(await zoomPost(ingest, 1, text)).toBe(200);
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/m/${meeting.meetingId}/overlay?lang=en&lines=2#token=${meeting.tokens.screen}`);
  const box = page.locator('.overlay-box');
  await expect.poll(() => box.innerText({ timeout: 500 }).catch(() => ''), { timeout: 10_000 }).toContain(text);
  return { meeting, ingest, context, page, box };
}

describe('broadcast overlay page on the caption event stream', () => {
  it('goes on showing the captions after its stream drops (a node restarting behind the proxy): it comes back by itself with what it missed, and its title says where it is', async () => {
    const { meeting, ingest, context, page, box } = await overlayShowing('Good morning.');
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('Captions overlay: online (en)');
    // No Socket.IO connection: the captions are all it reads.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/socket.io/')))).toBe(false);

    suite.server.app.eventStreams.endAll();
    expect(await zoomPost(ingest, 2, 'The floor is open.')).toBe(200);
    await expect.poll(() => box.innerText({ timeout: 500 }).catch(() => ''), { timeout: 15_000 }).toContain('The floor is open.');
    expect((await box.innerText()).replace(/\s+/g, ' ')).toContain('Good morning. The floor is open.');
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('Captions overlay: online (en)');

    // Its link revoked: nothing more comes, and the title says why (nothing is shown on air).
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const screen = links.all.find((link) => link.role === 'screen' && !link.participantId)!;
    expect((await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'link:revoke', linkId: screen.id })).status).toBe(200);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Captions overlay: refused (en)');
    await context.close();
  });
});

describe('broadcast overlay page when its stream is refused for a while', () => {
  it('comes back by itself after a proxy answered its stream with 502 while the node restarted, and its title says offline meanwhile, not refused', async () => {
    const { ingest, context, page, box } = await overlayShowing('Good morning.');

    // A reverse proxy's answer while no node is up behind it: not a stream, so EventSource gives up on it.
    let refusals = 0;
    const stream = (url: URL) => url.pathname === CAPTION_EVENTS_PATH;
    await page.route(stream, (route) => {
      refusals += 1;
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    });
    suite.server.app.eventStreams.endAll();
    await expect.poll(() => refusals, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('Captions overlay: offline (en)');
    expect(await zoomPost(ingest, 2, 'The floor is open.')).toBe(200);
    await page.unroute(stream);
    await expect.poll(() => box.innerText({ timeout: 500 }).catch(() => ''), { timeout: 30_000 }).toContain('The floor is open.');
    expect((await box.innerText()).replace(/\s+/g, ' ')).toContain('Good morning. The floor is open.');
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('Captions overlay: online (en)');
    await context.close();
  });
});

describe('captioner console with captioning tools connected', () => {
  it('shows which source is live, the last text and the errors in plain words, and the seat links, in English and Arabic', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const second = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'captioner', label: 'Seat 2 (CART team)' });
    const seatB = new URL(second.body.url).hash.slice('#token='.length);
    const streamText = `${suite.server.url}/api/captions/streamtext?token=${meeting.tokens.captioner}`;
    const post = (url: string, body: string) => fetch(url, { method: 'POST', body, headers: { 'x-timestamp': new Date(Date.now() - 1200).toISOString() } });
    expect((await post(`${streamText}&seq=1&lang=en`, 'Good mornign\x08\x08ng, colleagues. ')).status).toBe(200);
    expect((await post(`${streamText}&seq=1&lang=en`, 'Good mornign\x08\x08ng, colleagues. We begin.')).status).toBe(200);
    expect((await post(`${streamText}&seq=1&lang=en`, 'Welcome back.')).status).toBe(200);
    const zoomB = `${suite.server.url}/api/captions/closedcaption?token=${seatB}`;
    expect(await zoomPost(zoomB, 1, 'Seat two is ready')).toBe(409);

    for (const [locale, name] of [['en-US', 'en'], ['ar', 'ar']] as const) {
      const context = await suite.browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}${links.role('captioner')}`);
      await page.locator('.caption-desk table').waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator('.caption-desk').innerText(), { timeout: 10_000 }).toContain('Welcome back.');
      const desk = await page.locator('.caption-desk').innerText();
      if (name === 'ar') expect(desk).toContain('عومل على أنه جلسة جديدة');
      if (name === 'en') {
        expect(desk).toContain('StreamText push');
        expect(desk).toContain('StreamText push sent seq 1 again after seq 1: treated as a new session.');
        expect(desk).toContain('Zoom-style push');
        expect(desk).toContain('This seat takes over by itself once the other has been silent');
        expect(await page.getByRole('button', { name: 'Switch provider' }).count()).toBe(1);
        expect(await page.locator('.seat-links input').first().inputValue()).toContain('/api/captions/closedcaption?token=');
      }
      writeFileSync(`${SHOTS}/captions-console-${name}.png`, await page.screenshot({ fullPage: true }));
      await context.close();
    }
  });
});
