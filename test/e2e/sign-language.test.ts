import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks } from '../support/e2e.js';
import { http, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { received } from '../support/listening.js';
import { dumpLogs, openLogged, useMediaBrowser } from '../support/media.js';

/**
 * Sign-language interpretation over a real livekit-server: the interpreter on camera (Chromium's
 * fake camera), pinned on a viewer's page. A deaf person in the hall receives the interpreter's
 * picture and no sound; the booth hands over between two interpreters as a spoken booth does.
 */

const MEDIA_TIMEOUT = 40_000;

const media = useMediaBrowser();

/** What the page publishes, by track name (or source when unnamed). */
const published = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    return room ? [...room.localParticipant.trackPublications.values()].map((publication) => `${publication.kind}:${publication.trackName || publication.source}`).sort() : null;
  });

/** The pinned signer's picture: whose track it plays (the LiveKit identity), and whether frames arrive. */
const pinnedPicture = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('.pinned-signer video');
    if (!video) return null;
    const stream = video.srcObject as MediaStream | null;
    const trackId = stream?.getVideoTracks()[0]?.id ?? null;
    const room = window.openfloorMedia?.room;
    let from: string | null = null;
    for (const participant of room?.remoteParticipants.values() ?? []) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.track?.mediaStreamTrack.id === trackId) from = `${participant.identity.split('.')[0]}:${publication.trackName}`;
      }
    }
    return { from, playing: video.videoWidth > 0 && !video.paused };
  });

async function stage(server: RunningServer) {
  const meeting = await seedMeeting(server.url);
  const issue = async (body: object) => {
    const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, body);
    expect(issued.status).toBe(201);
    const url = new URL(issued.body.url as string);
    return `${server.url}${url.pathname}${url.hash}`;
  };
  await issue({ role: 'venue', label: 'Room AV' });
  const first = await issue({ role: 'interpreter', label: 'International Sign: Ana', booth: 'sgn' });
  const second = await issue({ role: 'interpreter', label: 'International Sign: Ben', booth: 'sgn' });
  const links = await meetingLinks(server, meeting.meetingId);
  const venue = await openLogged(media.browser, `${server.url}${links.role('venue')}`, 'venue', media.pages);
  await expect.poll(() => published(venue), { timeout: MEDIA_TIMEOUT }).toEqual(['audio:microphone', 'video:camera']);
  return { links, inRoom: meeting.participants.room.id, ana: await openLogged(media.browser, first, 'ana', media.pages), ben: await openLogged(media.browser, second, 'ben', media.pages) };
}

describe('sign-language interpretation for a webcast viewer and on the room screen', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ liveKit: true });
  });
  afterAll(() => stopServer(server));

  it('the interpreter goes on camera (no microphone); a viewer who asks has them pinned over the page, apart from the room’s picture; a colleague takes over; a booth whose camera is gone says so to the chair and the viewer; the chair frees it', async () => {
    const { links, ana, ben } = await stage(server);
    try {
      await ana.getByRole('heading', { name: 'Sign language booth' }).waitFor({ timeout: MEDIA_TIMEOUT });
      // A signer's console is named for a signer, not for an interpreter of speech.
      expect(await ana.getByRole('heading', { level: 1 }).innerText()).toBe('Sign language interpreter’s console');
      await ana.getByRole('button', { name: 'Take the booth (go on camera)' }).click();
      await expect.poll(() => published(ana), { timeout: MEDIA_TIMEOUT }).toEqual(['video:interpretation.sgn']);
      await expect.poll(() => ana.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('You are on camera'));
      expect(await ana.getByRole('figure').filter({ hasText: 'Your camera' }).count()).toBe(1);

      const viewer = await openLogged(media.browser, `${server.url}${links.role('viewer')}`, 'viewer', media.pages);
      await expect.poll(() => received(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['venue:audio:microphone', 'venue:video:camera']);
      expect(await viewer.locator('.pinned-signer').count()).toBe(0);
      await viewer.getByRole('checkbox', { name: 'Show the sign language interpreter' }).check();
      await expect.poll(() => pinnedPicture(viewer), { timeout: MEDIA_TIMEOUT }).toEqual({ from: 'interpreter:interpretation.sgn', playing: true });
      expect(await received(viewer)).toEqual(['interpreter:video:interpretation.sgn', 'venue:audio:microphone', 'venue:video:camera']);
      // The room's picture is the venue's camera alone: the signer is not one of the room's pictures.
      expect(await viewer.locator('.room-feed video').count()).toBe(1);
      // Pinned: still in view at the bottom of a scrolled page.
      await viewer.mouse.wheel(0, 5000);
      const box = await viewer.locator('.pinned-signer').boundingBox();
      const viewport = viewer.viewportSize()!;
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      expect(await axeViolations(viewer, 'viewer')).toEqual([]);

      // A colleague takes over: Ana's camera is taken off, Ben's picture comes to the same place.
      await ben.getByRole('button', { name: 'Take over from your colleague' }).click();
      await expect.poll(() => published(ben), { timeout: MEDIA_TIMEOUT }).toEqual(['video:interpretation.sgn']);
      await expect.poll(() => published(ana), { timeout: MEDIA_TIMEOUT }).toEqual([]);
      await expect.poll(() => pinnedPicture(viewer), { timeout: MEDIA_TIMEOUT }).toEqual({ from: 'interpreter:interpretation.sgn', playing: true });

      // The chair sees the booth on air, held by Ben, and frees it: the viewer is told nobody is on camera.
      const chair = await openLogged(media.browser, `${server.url}${links.role('chair')}`, 'chair', media.pages);
      const channels = chair.getByRole('region', { name: 'Interpretation' });
      await expect.poll(() => channels.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/Sign language\s+On air[^\n]*Ben/);
      expect(await channels.innerText()).not.toContain('No picture');
      // Ben's computer goes away while he holds the booth: the chair sees the booth without a
      // picture, and the viewer is told no picture arrives, not left looking at a frozen frame.
      await ben.context().close();
      await expect.poll(() => channels.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/Sign language\s+On air\s+No picture/);
      await expect.poll(() => viewer.locator('.pinned-signer').innerText(), { timeout: MEDIA_TIMEOUT }).toContain('The sign language interpreter is on air, but no picture is arriving.');
      await chair.getByRole('button', { name: 'Free the sign language booth' }).click();
      await expect.poll(() => viewer.locator('.pinned-signer').innerText(), { timeout: MEDIA_TIMEOUT }).toContain('The sign language interpreter is not on camera at the moment.');

      // Larger, then hidden, by keyboard; the choice stays with the device after a reload.
      const larger = viewer.locator('.pinned-signer').getByRole('button', { name: 'Larger' });
      const before = (await viewer.locator('.pinned-signer').boundingBox())!.width;
      await larger.focus();
      await viewer.keyboard.press('Enter');
      await expect.poll(async () => (await viewer.locator('.pinned-signer').boundingBox())!.width).toBeGreaterThan(before * 1.3);
      await viewer.locator('.pinned-signer').getByRole('button', { name: 'Hide' }).press('Enter');
      await expect.poll(() => viewer.locator('.pinned-signer').count()).toBe(0);
      // The keyboard is back on the box that shows the interpreter again, not lost with the button.
      expect(await viewer.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.innerText.trim())).toBe('Show the sign language interpreter');
      await expect.poll(() => received(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['venue:audio:microphone', 'venue:video:camera']);
      await viewer.reload();
      await viewer.getByRole('checkbox', { name: 'Show the sign language interpreter' }).waitFor({ timeout: MEDIA_TIMEOUT });
      expect(await viewer.getByRole('checkbox', { name: 'Show the sign language interpreter' }).isChecked()).toBe(false);
    } catch (error) {
      console.error(dumpLogs(media.pages));
      throw error;
    }
  }, 240_000);

  it('the chair puts the interpreter on room screens: the screen shows their picture where the last speakers were, receives nothing else, and says when nobody is on camera', async () => {
    const { links, ana } = await stage(server);
    try {
      const screen = await openLogged(media.browser, `${server.url}${links.role('screen')}`, 'screen', media.pages);
      await screen.setViewportSize({ width: 1920, height: 1080 });
      await screen.getByRole('heading', { name: 'Last speaker' }).waitFor({ timeout: MEDIA_TIMEOUT });
      expect(await screen.locator('.screen-signer').count()).toBe(0);

      const chair = await openLogged(media.browser, `${server.url}${links.role('chair')}`, 'chair', media.pages);
      await chair.getByRole('checkbox', { name: /^Show the sign language interpreter on room screens/ }).check();
      await chair.getByRole('button', { name: 'Apply to the room screen' }).click();
      await expect.poll(() => screen.locator('.screen-signer').innerText(), { timeout: MEDIA_TIMEOUT }).toContain('The sign language interpreter is not on camera.');
      expect(await screen.getByRole('heading', { name: 'Last speaker' }).count()).toBe(0);

      await ana.getByRole('button', { name: 'Take the booth (go on camera)' }).click();
      const picture = () =>
        screen.evaluate(() => {
          const video = document.querySelector<HTMLVideoElement>('.screen-signer video');
          return video ? video.videoWidth > 0 && !video.paused : null;
        });
      await expect.poll(picture, { timeout: MEDIA_TIMEOUT }).toBe(true);
      // The room has its loudspeakers: the screen receives the signer's picture and nothing else.
      expect(await received(screen)).toEqual(['interpreter:video:interpretation.sgn']);
      const video = (await screen.locator('.screen-signer video').boundingBox())!;
      // Read from the back of the hall: at least a quarter of the screen's height.
      expect(video.height).toBeGreaterThanOrEqual(1080 / 4);
    } catch (error) {
      console.error(dumpLogs(media.pages));
      throw error;
    }
  }, 240_000);
});

describe('sign-language interpretation, a deaf person in the hall', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // Every page of this test reaches the server from 127.0.0.1, here the venue's network.
    server = await startServer({ liveKit: true, env: { VENUE_ADDRESSES: '127.0.0.1' } });
  });
  afterAll(() => stopServer(server));

  it('a phone in the hall that asks for the interpreter receives their picture and no sound, whether it chose captions only or nothing yet; so does an in-room participant’s page', async () => {
    const { links, inRoom, ana } = await stage(server);
    try {
      await ana.getByRole('button', { name: 'Take the booth (go on camera)' }).click();
      await expect.poll(() => published(ana), { timeout: MEDIA_TIMEOUT }).toEqual(['video:interpretation.sgn']);
      const phone = await openLogged(media.browser, `${server.url}${links.role('viewer')}`, 'phone', media.pages);
      await phone.setViewportSize({ width: 390, height: 844 });
      // In the hall, nothing chosen: the page stays out of LiveKit's room.
      await phone.getByText("This device is on the venue's network").waitFor({ timeout: MEDIA_TIMEOUT });
      expect(await received(phone)).toBeNull();
      await phone.getByRole('checkbox', { name: 'Show the sign language interpreter' }).check();
      await expect.poll(() => pinnedPicture(phone), { timeout: MEDIA_TIMEOUT }).toEqual({ from: 'interpreter:interpretation.sgn', playing: true });
      expect(await received(phone)).toEqual(['interpreter:video:interpretation.sgn']);
      expect(await phone.locator('audio').count()).toBe(0);

      // Captions only, chosen: still the interpreter alone.
      await phone.getByRole('group', { name: 'On this device' }).getByRole('radio', { name: /^Captions only/ }).check();
      await expect.poll(() => received(phone), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:video:interpretation.sgn']);
      await expect.poll(() => phone.getByText('Only the interpreter’s picture is received: this device plays no sound.').count()).toBe(1);
      // Pinned at the foot of the window, over half of a phone's width at most, until made larger.
      const box = (await phone.locator('.pinned-signer').boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(390 / 2);
      expect(box.y + box.height).toBeLessThanOrEqual(844);

      // A delegate in the room, whose page has no audio and video of its own, asks for the interpreter too.
      const delegate = await openLogged(media.browser, `${server.url}${links.participant(inRoom)}`, 'delegate', media.pages);
      await delegate.setViewportSize({ width: 390, height: 844 });
      const panel = delegate.getByRole('region', { name: 'Sign language interpretation' });
      await panel.getByRole('checkbox', { name: 'Show the sign language interpreter' }).check({ timeout: MEDIA_TIMEOUT });
      await expect.poll(() => pinnedPicture(delegate), { timeout: MEDIA_TIMEOUT }).toEqual({ from: 'interpreter:interpretation.sgn', playing: true });
      expect(await received(delegate)).toEqual(['interpreter:video:interpretation.sgn']);
      expect(await delegate.locator('audio').count()).toBe(0);
      // Unticked, the page leaves LiveKit's room.
      await panel.getByRole('checkbox', { name: 'Show the sign language interpreter' }).uncheck();
      await expect.poll(() => received(delegate), { timeout: MEDIA_TIMEOUT }).toBeNull();
    } catch (error) {
      console.error(dumpLogs(media.pages));
      throw error;
    }
  }, 240_000);
});
