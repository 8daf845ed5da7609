import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitBridge } from '../../server/livekit/bridge.js';
import { axeViolations } from '../support/axe.js';
import { meetingLinks } from '../support/e2e.js';
import { http, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { dumpLogs, openLogged, useMediaBrowser } from '../support/media.js';

/**
 * What a viewer's device receives of the room, over a real livekit-server: picture and sound,
 * sound only, or the captions alone, chosen on the device and kept there. A device in the hall
 * (on the venue's network) receives nothing until its owner asks: the room's sound would echo
 * there, and 300 phones taking the picture would fill the hall's Wi-Fi.
 */

/** Two cores share livekit-server, the app and the Chromium pages: connecting takes a while. */
const MEDIA_TIMEOUT = 40_000;

const media = useMediaBrowser();

/** Sources this page is subscribed to (with a track) from the venue station. */
const receivedFromVenue = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    if (!room) return null;
    const sources: string[] = [];
    for (const participant of room.remoteParticipants.values()) {
      if (!participant.identity.startsWith('venue.')) continue;
      for (const publication of participant.trackPublications.values()) {
        if (publication.isSubscribed && publication.track) sources.push(publication.source);
      }
    }
    return sources.sort();
  });

/** The requests for a LiveKit token this page makes from now on. */
function countTokenRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/media/token') seen.count += 1;
  });
  return seen;
}

/**
 * A meeting whose venue station is publishing the room's microphone and camera, and a way to
 * ask livekit-server itself who is in the room.
 */
async function meetingOnAir(server: RunningServer) {
  const meeting = await seedMeeting(server.url);
  const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'venue', label: 'Room AV' });
  expect(issued.status).toBe(201);
  const links = await meetingLinks(server, meeting.meetingId);
  const bridge = new LiveKitBridge(server.liveKit!.settings);
  const viewersInLiveKit = async () => (await bridge.listParticipants(meeting.meetingId, ['viewer'])).length;
  const venue = await openLogged(media.browser, `${server.url}${links.role('venue')}`, 'venue', media.pages);
  await expect
    .poll(() => venue.evaluate(() => [...(window.openfloorMedia?.room?.localParticipant.trackPublications.values() ?? [])].map((entry) => entry.source).sort()), {
      timeout: MEDIA_TIMEOUT,
    })
    .toEqual(['camera', 'microphone']);
  return { viewerUrl: `${server.url}${links.role('viewer')}`, viewersInLiveKit };
}

const reception = (page: Page) => page.getByRole('group', { name: 'On this device' });
const statusTexts = (page: Page) => page.getByRole('status').allInnerTexts();

describe('a webcast viewer (off the venue network)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ liveKit: true });
  });
  afterAll(() => stopServer(server));

  it('receives picture and sound at first; sound only drops the picture; captions only leaves the room; the choice holds after a reload', async () => {
    const { viewerUrl, viewersInLiveKit } = await meetingOnAir(server);
    try {
      const viewer = await openLogged(media.browser, viewerUrl, 'viewer', media.pages);
      await expect.poll(() => receivedFromVenue(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['camera', 'microphone']);
      expect(await reception(viewer).getByRole('radio', { name: 'Picture and sound' }).isChecked()).toBe(true);

      // A phone on mobile data keeps the sound and drops the picture, without reconnecting.
      const identity = await viewer.evaluate(() => window.openfloorMedia?.room?.localParticipant.identity);
      await reception(viewer).getByRole('radio', { name: /^Sound only/ }).check();
      await expect.poll(() => receivedFromVenue(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['microphone']);
      expect(await viewer.evaluate(() => window.openfloorMedia?.room?.localParticipant.identity)).toBe(identity);
      await expect.poll(() => viewer.locator('.room-feed').innerText()).toContain('Sound only: the picture is off on this device.');
      expect(await viewer.locator('.room-feed video').count()).toBe(0);

      // Captions only: the page leaves LiveKit's room altogether.
      await reception(viewer).getByRole('radio', { name: /^Captions only/ }).check();
      await expect.poll(viewersInLiveKit, { timeout: MEDIA_TIMEOUT }).toBe(0);
      expect(await statusTexts(viewer)).not.toContainEqual(expect.stringContaining('audio and video'));

      // Reloaded, the device keeps its choice: it does not even ask for a token.
      const tokens = countTokenRequests(viewer);
      await viewer.reload();
      await expect.poll(() => reception(viewer).getByRole('radio', { name: /^Captions only/ }).isChecked()).toBe(true);
      await viewer.getByRole('log').first().waitFor();
      expect(tokens.count).toBe(0);
      expect(await viewersInLiveKit()).toBe(0);

      // Back to picture and sound: connected again, the camera received.
      await reception(viewer).getByRole('radio', { name: 'Picture and sound' }).check();
      await expect.poll(() => receivedFromVenue(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['camera', 'microphone']);
      expect(await axeViolations(viewer, 'viewer')).toEqual([]);
    } catch (error) {
      console.error(dumpLogs(media.pages));
      throw error;
    }
  }, 180_000);
});

describe('a viewer in the hall (on the venue network)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // Every page of this test reaches the server from 127.0.0.1, here the venue's network.
    server = await startServer({ liveKit: true, env: { VENUE_ADDRESSES: '127.0.0.1' } });
  });
  afterAll(() => stopServer(server));

  it('receives nothing and says why until its owner asks; then sound only, for interpretation, and that choice is kept', async () => {
    const { viewerUrl, viewersInLiveKit } = await meetingOnAir(server);
    try {
      for (const locale of ['en-US', 'ar']) {
        const viewer = await openLogged(media.browser, viewerUrl, `viewer ${locale}`, media.pages, locale);
        await viewer.locator('.media-panel .hint').waitFor({ timeout: MEDIA_TIMEOUT });
        expect(await viewer.locator('.media-panel fieldset input:checked').inputValue()).toBe('captions');
        if (locale === 'ar') {
          expect(await viewer.locator('.media-panel .hint').innerText()).toContain('شبكة مكان الاجتماع');
          expect(await axeViolations(viewer, 'viewer in the hall, Arabic')).toEqual([]);
          await viewer.context().close();
          continue;
        }
        expect(await viewer.locator('.media-panel .hint').innerText()).toContain("on the venue's network");
        expect(await viewer.evaluate(() => window.openfloorMedia?.room ?? null)).toBeNull();
        expect(await viewersInLiveKit()).toBe(0);
        expect(await axeViolations(viewer, 'viewer in the hall')).toEqual([]);

        // Someone who wants interpretation in their headphones asks for sound.
        await reception(viewer).getByRole('radio', { name: /^Sound only/ }).check();
        await expect.poll(() => receivedFromVenue(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['microphone']);
        expect(await viewer.locator('.media-panel .hint').count()).toBe(0);
        await expect.poll(viewersInLiveKit, { timeout: MEDIA_TIMEOUT }).toBe(1);

        // Their choice, not the hall's default, holds after a reload.
        await viewer.reload();
        await expect.poll(() => receivedFromVenue(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['microphone']);
        expect(await reception(viewer).getByRole('radio', { name: /^Sound only/ }).isChecked()).toBe(true);
      }
    } catch (error) {
      console.error(dumpLogs(media.pages));
      throw error;
    }
  }, 180_000);
});
