import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { meetingLinks } from '../support/e2e.js';
import { http, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';

/**
 * The venue station sends the room's own microphone (the mixer) and camera, not whatever the
 * computer picks by default: it chooses them, switches live, and keeps the choice after a
 * reload. Chromium's fake devices offer several audio inputs (docs: shared/reference/livekit.md).
 */
const MEDIA_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];
const MEDIA_TIMEOUT = 40_000;

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ liveKit: true });
  browser = await launchChromium(MEDIA_FLAGS);
});
afterAll(async () => {
  await browser?.close();
  await stopServer(server);
});

/** The device id of the microphone the page publishes, as the browser captured it. */
const publishedMicrophone = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    if (!room) return null;
    for (const publication of room.localParticipant.trackPublications.values()) {
      if (publication.source === 'microphone') return publication.track?.mediaStreamTrack.getSettings().deviceId ?? null;
    }
    return null;
  });

describe('venue station devices', () => {
  it('the station chooses the microphone it sends, switches it live and keeps the choice after a reload', async () => {
    const meeting = await seedMeeting(server.url);
    await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'venue', label: 'Room AV' });
    const links = await meetingLinks(server, meeting.meetingId);
    const venue = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await venue.goto(`${server.url}${links.role('venue')}`);
    const picker = venue.getByLabel('Microphone to send');
    await expect
      .poll(() => picker.locator('option').count(), { timeout: MEDIA_TIMEOUT, message: 'microphones listed once publishing' })
      .toBeGreaterThan(2);
    expect(await venue.getByLabel('Camera to send').locator('option').count()).toBeGreaterThan(1);
    const choices = await picker.locator('option').evaluateAll((options) =>
      options.map((option) => (option as HTMLOptionElement).value).filter((value) => value !== ''),
    );
    await expect.poll(() => publishedMicrophone(venue), { timeout: MEDIA_TIMEOUT }).not.toBeNull();
    const before = await publishedMicrophone(venue);
    const target = choices.find((value) => value !== before)!;
    expect(target, `another microphone than ${before} among ${choices.join(', ')}`).toBeTruthy();

    await picker.selectOption(target);
    await expect
      .poll(() => publishedMicrophone(venue), { timeout: MEDIA_TIMEOUT, message: 'the live microphone switched' })
      .toBe(target);

    await venue.reload();
    await expect
      .poll(() => publishedMicrophone(venue), { timeout: MEDIA_TIMEOUT, message: 'the remembered microphone after a reload' })
      .toBe(target);
    await expect.poll(() => venue.getByLabel('Microphone to send').inputValue(), { timeout: MEDIA_TIMEOUT }).toBe(target);
    await venue.context().close();
  });
});
