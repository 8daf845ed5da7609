import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitBridge } from '../../server/livekit/bridge.js';
import { axeViolations } from '../support/axe.js';
import { FAKE_MEDIA_FLAGS, launchChromium } from '../support/browser.js';
import { meetingLinks } from '../support/e2e.js';
import { dumpLogs, openLogged, type LoggedPage } from '../support/media.js';
import { http, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';

/**
 * Remote participation end to end, against a real livekit-server on loopback: the venue
 * station publishes the room, a remote participant checks their microphone, joins, is given
 * the floor and is heard in the room; the chair sees their presence and mutes them; when the
 * speech ends LiveKit unpublishes their microphone and publishing is refused from then on,
 * as it is for a viewer.
 */

/** Two cores share livekit-server, the app and four Chromium pages: connecting takes a while. */
const MEDIA_TIMEOUT = 40_000;

let browser: Browser;
let pages: LoggedPage[] = [];

/** Closes every page (its browser context) before the server stops, so no connection holds it open. */
async function closePages(): Promise<void> {
  const open = pages;
  pages = [];
  await Promise.all(open.map(({ page }) => page.context().close().catch(() => undefined)));
}

beforeAll(async () => {
  browser = await launchChromium(FAKE_MEDIA_FLAGS);
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a page in a context of its own, keeping what it logs under `label`. */
const open = (base: string, path: string, label: string, locale = 'en-US') => openLogged(browser, `${base}${path}`, label, pages, locale);

/** Sources of the tracks this page publishes, as its LiveKit room reports them. */
const publishedSources = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    return room ? [...room.localParticipant.trackPublications.values()].map((publication) => publication.source).sort() : null;
  });

/** Sources this page receives (subscribed, with a track) from the participant whose identity starts so. */
const receivedFrom = (page: Page, identityPrefix: string) =>
  page.evaluate((prefix) => {
    const room = window.openfloorMedia?.room;
    if (!room) return null;
    const sources: string[] = [];
    for (const participant of room.remoteParticipants.values()) {
      if (!participant.identity.startsWith(prefix)) continue;
      for (const publication of participant.trackPublications.values()) {
        if (publication.isSubscribed && publication.track) sources.push(publication.source);
      }
    }
    return sources.sort();
  }, identityPrefix);

/** Tries to publish the microphone from the page; answers how it went. */
const tryToPublish = (page: Page) =>
  page.evaluate(async () => {
    const room = window.openfloorMedia?.room;
    if (!room) return 'no room';
    try {
      await room.localParticipant.setMicrophoneEnabled(true);
      return 'published';
    } catch (error) {
      return `refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  });

const statusTexts = (page: Page) => page.getByRole('status').allInnerTexts();

/** The chair mutes the speaker from the floor panel: the speaker's page and the console both say so. */
async function chairMutes(floorPanel: Locator, participant: Page): Promise<void> {
  await floorPanel.getByRole('button', { name: 'Mute microphone' }).click();
  await expect
    .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
    .toContainEqual('You have the floor — your microphone is muted.');
  await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain('Microphone muted');
}

describe('remote participation over a real livekit-server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ liveKit: true });
  });
  afterAll(async () => {
    await closePages();
    await stopServer(server);
  });

  it(
    'the venue hears the remote floor holder while the speech runs, and nobody else can publish',
    async () => {
      const meeting = await seedMeeting(server.url);
      const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, {
        role: 'venue',
        label: 'Room AV',
      });
      expect(issued.status).toBe(201);
      const links = await meetingLinks(server, meeting.meetingId);
      const remoteId = meeting.participants.remote.id;
      const remoteIdentity = `participant.${remoteId}`;
      const bridge = new LiveKitBridge(server.liveKit!.settings);
      const inLiveKit = async (identityPrefix: string) =>
        (await bridge.listParticipants(meeting.meetingId)).filter((participant) =>
          participant.identity.startsWith(identityPrefix),
        );

      try {
        // The room's AV computer joins by itself and publishes the room's microphone and camera.
        const venue = await open(server.url, links.role('venue'), 'venue');
        await expect
          .poll(() => statusTexts(venue), { timeout: MEDIA_TIMEOUT })
          .toContainEqual(expect.stringContaining('Connected to audio and video.'));
        await expect.poll(() => publishedSources(venue), { timeout: MEDIA_TIMEOUT }).toEqual(['camera', 'microphone']);
        await expect
          .poll(() => venue.locator('.venue-devices').innerText(), { timeout: MEDIA_TIMEOUT })
          .toMatch(/Room microphone\s+live\s+Room camera\s+live/);

        // The remote participant checks the microphone (the browser's permission is asked here).
        const participant = await open(server.url, links.participant(remoteId), 'participant');
        await participant.getByRole('button', { name: 'Check my microphone' }).click();
        await expect
          .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
          .toContainEqual('Your microphone works.');
        const meter = participant.getByRole('meter', { name: 'Microphone level' });
        expect(Number(await meter.getAttribute('value'))).toBeGreaterThanOrEqual(0);
        // Nothing is published before the floor: only listening.
        await participant.getByRole('button', { name: 'Join audio and video' }).click();
        await expect
          .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
          .toContainEqual(expect.stringContaining('Connected to audio and video.'));
        await expect.poll(() => receivedFrom(participant, 'venue.'), { timeout: MEDIA_TIMEOUT }).toEqual([
          'camera',
          'microphone',
        ]);
        // The room's picture reaches the page and plays.
        await expect
          .poll(() => participant.locator('.room-feed video').first().evaluate((video: HTMLVideoElement) => video.videoWidth).catch(() => 0), {
            timeout: MEDIA_TIMEOUT,
          })
          .toBeGreaterThan(0);
        expect(await publishedSources(participant)).toEqual([]);
        expect(await tryToPublish(participant)).toMatch(/^refused/);

        // The participant asks for the floor; the chair sees they can be heard, and gives it.
        await participant.getByRole('button', { name: 'Request the floor' }).click();
        const chair = await open(server.url, links.role('chair'), 'chair');
        const queue = chair.getByRole('region', { name: 'List of speakers' });
        await expect
          .poll(() => queue.innerText(), { timeout: MEDIA_TIMEOUT })
          .toMatch(/Delegate of Kenya[\s\S]*Audio connected[\s\S]*Microphone checked[\s\S]*Microphone off/);
        await chair.getByRole('button', { name: 'Next speaker' }).click();

        // The server grants publishing; the page turns the microphone on by itself.
        await expect
          .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
          .toContainEqual('You have the floor — your microphone is live.');
        expect(await publishedSources(participant)).toEqual(['microphone']);
        // The venue station plays it into the room.
        const playing = venue.locator(`.playing-list li[data-identity="${remoteIdentity}"][data-source="microphone"]`);
        await expect.poll(() => playing.count(), { timeout: MEDIA_TIMEOUT }).toBe(1);
        expect(await playing.innerText()).toContain('Delegate of Kenya (microphone)');
        await expect.poll(() => receivedFrom(venue, remoteIdentity), { timeout: MEDIA_TIMEOUT }).toEqual(['microphone']);
        // LiveKit itself reports the microphone published.
        await expect
          .poll(async () => (await inLiveKit(remoteIdentity)).flatMap((entry) => entry.tracks.map((track) => track.source)), {
            timeout: MEDIA_TIMEOUT,
          })
          .toEqual(['microphone']);

        // The chair sees the speaker's presence and mutes the microphone.
        const floorPanel = chair.getByRole('region', { name: 'The floor' });
        await expect
          .poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT })
          .toMatch(/Audio connected[\s\S]*Microphone checked[\s\S]*Microphone live/);

        // With every media control on screen: the three pages pass axe, in English and in Arabic.
        const media = { participant, venue, chair };
        const violations: string[] = [];
        for (const [name, page] of Object.entries(media)) violations.push(...(await axeViolations(page, `${name} (en)`)));
        for (const page of Object.values(media)) await page.getByRole('button', { name: 'العربية' }).click();
        for (const [name, page] of Object.entries(media)) {
          await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
          violations.push(...(await axeViolations(page, `${name} (ar)`)));
        }
        expect(violations).toEqual([]);
        expect(await participant.getByRole('status').allInnerTexts()).toContainEqual('الكلمة لك — الميكروفون مفتوح والقاعة تسمعك.');
        for (const page of Object.values(media)) await page.getByRole('button', { name: 'English' }).click();
        await expect.poll(() => chair.evaluate(() => document.documentElement.dir)).toBe('ltr');
        await chairMutes(floorPanel, participant);
        // The speaker may unmute while the floor is theirs.
        await participant.getByRole('button', { name: 'Unmute my microphone' }).click();
        await expect
          .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
          .toContainEqual('You have the floor — your microphone is live.');
        await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain('Microphone live');

        // A pause takes the right away on LiveKit itself (the room no longer hears the speaker);
        // resuming gives it back and the page turns the microphone on again by itself.
        const remoteSources = async () => (await inLiveKit(remoteIdentity)).flatMap((entry) => entry.tracks.map((track) => track.source));
        await chair.getByRole('button', { name: /^Pause\b/ }).click();
        await expect.poll(remoteSources, { timeout: MEDIA_TIMEOUT, message: 'microphone unpublished by the pause' }).toEqual([]);
        await expect.poll(() => receivedFrom(venue, remoteIdentity), { timeout: MEDIA_TIMEOUT }).toEqual([]);
        expect((await inLiveKit(remoteIdentity))[0]).toMatchObject({ canPublish: false });
        await chair.getByRole('button', { name: /^Resume\b/ }).click();
        await expect
          .poll(remoteSources, { timeout: MEDIA_TIMEOUT, message: 'microphone published again after resuming' })
          .toEqual(['microphone']);
        await expect.poll(() => receivedFrom(venue, remoteIdentity), { timeout: MEDIA_TIMEOUT }).toEqual(['microphone']);

        // The chair ends the speech: the server revokes the right, LiveKit unpublishes the track.
        await chair.getByRole('button', { name: 'End speech' }).click();
        await expect
          .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
          .toContainEqual('Your speech has ended; your microphone is off.');
        await expect.poll(() => publishedSources(participant), { timeout: MEDIA_TIMEOUT }).toEqual([]);
        await expect.poll(() => playing.count(), { timeout: MEDIA_TIMEOUT }).toBe(0);
        await expect.poll(() => receivedFrom(venue, remoteIdentity), { timeout: MEDIA_TIMEOUT }).toEqual([]);

        // Trying again from the page is refused for lack of permission...
        expect(await tryToPublish(participant)).toMatch(/^refused: .*permission/i);
        // ...and even a page that pretends to have the permission gets nothing published.
        const forged = await participant.evaluate(async () => {
          const local = window.openfloorMedia!.room.localParticipant;
          if (local.permissions) Object.assign(local.permissions, { canPublish: true, canPublishSources: [] });
          try {
            await local.setMicrophoneEnabled(true);
            return 'published';
          } catch (error) {
            return `refused: ${error instanceof Error ? error.message : String(error)}`;
          }
        });
        const [listed] = await inLiveKit(remoteIdentity);
        expect(listed).toMatchObject({ canPublish: false, tracks: [] });
        expect(await receivedFrom(venue, remoteIdentity)).toEqual([]);
        expect(await venue.locator('.playing-list li[data-identity^="participant."]').count()).toBe(0);
        expect(forged).toMatch(/^refused/);

        // A viewer watches the room and cannot publish either.
        const viewer = await open(server.url, links.role('viewer'), 'viewer');
        await expect
          .poll(() => statusTexts(viewer), { timeout: MEDIA_TIMEOUT })
          .toContainEqual(expect.stringContaining('Connected to audio and video.'));
        await expect.poll(() => receivedFrom(viewer, 'venue.'), { timeout: MEDIA_TIMEOUT }).toEqual(['camera', 'microphone']);
        expect(await tryToPublish(viewer)).toMatch(/^refused: .*permission/i);
        const viewers = await inLiveKit('viewer.');
        expect(viewers.every((entry) => !entry.canPublish && entry.tracks.length === 0)).toBe(true);
      } catch (error) {
        console.error(dumpLogs(pages));
        throw error;
      }
    },
    240_000,
  );
});

// LiveKit sends no webhook when a track is muted or unmuted, and may lose one: the server also
// asks LiveKit for the room's participants every 10 s. Here it asks only once, at start, so the
// chair's view of the speaker can only come from the webhooks livekit-server really sends.
describe('presence from the webhooks of a real livekit-server, with no reconciliation to make up for them', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ liveKit: true, mediaReconcileMs: 600_000 });
  });
  afterAll(async () => {
    await closePages();
    await stopServer(server);
  });

  /** A remote participant joins the audio and video and asks for the floor; the chair gives it: their microphone is live, and the chair sees it. */
  async function speakerOnTheFloor() {
    const meeting = await seedMeeting(server.url);
    const links = await meetingLinks(server, meeting.meetingId);
    const participant = await open(server.url, links.participant(meeting.participants.remote.id), 'participant');
    await participant.getByRole('button', { name: 'Join audio and video' }).click();
    await expect
      .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
      .toContainEqual(expect.stringContaining('Connected to audio and video.'));
    await participant.getByRole('button', { name: 'Request the floor' }).click();
    const chair = await open(server.url, links.role('chair'), 'chair');
    const floorPanel = chair.getByRole('region', { name: 'The floor' });
    await chair.getByRole('button', { name: 'Next speaker' }).click();
    await expect
      .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
      .toContainEqual('You have the floor — your microphone is live.');
    await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/Audio connected[\s\S]*Microphone live/);
    return { meeting, participant, chair, floorPanel };
  }

  it(
    'the chair sees the remote speaker\'s microphone live once it is published, can mute it at once, sees the speaker unmute and mute it, and sees it off when the speech ends',
    async () => {
      const { meeting, participant, chair, floorPanel } = await speakerOnTheFloor();

      await chairMutes(floorPanel, participant);

      // LiveKit sends no webhook for a mute: the speaker's own unmuting and muting reach the chair all the same.
      await participant.getByRole('button', { name: 'Unmute my microphone' }).click();
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain('Microphone live');
      await participant.getByRole('button', { name: 'Mute my microphone' }).click();
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain('Microphone muted');

      await chair.getByRole('button', { name: 'End speech' }).click();
      await expect.poll(() => publishedSources(participant), { timeout: MEDIA_TIMEOUT }).toEqual([]);
      // The speaker is still connected, with nothing published.
      const presence = () => server.app.media.view(meeting.meetingId).participants.find((entry) => entry.participantId === meeting.participants.remote.id);
      await expect.poll(presence, { timeout: MEDIA_TIMEOUT }).toMatchObject({ connected: true, microphone: 'none' });
    },
    180_000,
  );

  it(
    'a speaker whose page reloads during their speech is back on the audio and video, microphone live, without a click; one who left stays out',
    async () => {
      const { participant, floorPanel } = await speakerOnTheFloor();

      await participant.reload();
      await expect
        .poll(() => statusTexts(participant), { timeout: MEDIA_TIMEOUT })
        .toContainEqual('You have the floor — your microphone is live.');
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/Audio connected[\s\S]*Microphone live/);

      // Leaving is remembered too: the next reload does not join.
      await participant.getByRole('button', { name: 'Leave audio and video' }).click();
      await expect.poll(() => publishedSources(participant), { timeout: MEDIA_TIMEOUT }).toBeNull();
      await participant.reload();
      await participant.getByRole('button', { name: 'Join audio and video' }).waitFor({ timeout: MEDIA_TIMEOUT });
      expect(await statusTexts(participant)).toContainEqual('You have the floor. Join audio and video so that the room can hear you.');
    },
    180_000,
  );

  it(
    'the chair is told while the room AV computer is away or its microphone muted, and no longer once it is on the audio and video with its microphone',
    async () => {
      const meeting = await seedMeeting(server.url);
      expect((await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'venue', label: 'Room AV' })).status).toBe(201);
      const links = await meetingLinks(server, meeting.meetingId);
      const chair = await open(server.url, links.role('chair'), 'chair');
      const floorPanel = chair.getByRole('region', { name: 'The floor' });
      const away = 'The room AV computer is not connected: remote participants cannot hear the room, and the room cannot hear them.';
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain(away);

      const venue = await open(server.url, links.role('venue'), 'venue');
      await expect.poll(() => publishedSources(venue), { timeout: MEDIA_TIMEOUT }).toEqual(['camera', 'microphone']);
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).not.toContain('room AV computer');

      // The room's microphone muted at the station (LiveKit sends no webhook for it), then live again.
      await venue.getByRole('button', { name: 'Mute the room microphone' }).click();
      await expect
        .poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT })
        .toContain("The room AV computer's microphone is not on air: remote participants cannot hear the room.");
      await venue.getByRole('button', { name: 'Turn the room microphone on' }).click();
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).not.toContain('room AV computer');

      await venue.context().close();
      await expect.poll(() => floorPanel.innerText(), { timeout: MEDIA_TIMEOUT }).toContain(away);
    },
    180_000,
  );
});

describe('without LiveKit', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await closePages();
    await stopServer(server);
  });

  it('the participant page and the chair say plainly that audio and video are unavailable', async () => {
    const meeting = await seedMeeting(server.url);
    const links = await meetingLinks(server, meeting.meetingId);
    const unavailable =
      'Audio and video are not available for this meeting. The list of speakers and the captions still work.';

    const participant = await open(server.url, links.participant(meeting.participants.remote.id), 'participant (no LiveKit)');
    await participant.getByText(unavailable).waitFor({ timeout: 15_000 });
    expect(await participant.getByRole('button', { name: 'Join audio and video' }).count()).toBe(0);
    // The queue still works.
    await participant.getByRole('button', { name: 'Request the floor' }).click();
    await expect
      .poll(() => statusTexts(participant), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('1st'));

    const chair = await open(server.url, links.role('chair'), 'chair (no LiveKit)');
    const floorPanel = chair.getByRole('region', { name: 'The floor' });
    await expect.poll(() => floorPanel.innerText(), { timeout: 15_000 }).toContain(unavailable);

    // In Arabic too.
    const arabic = await open(server.url, links.participant(meeting.participants.remote.id), 'participant ar', 'ar');
    await arabic.getByText('الصوت والصورة غير متاحين في هذا الاجتماع.', { exact: false }).waitFor({ timeout: 15_000 });
  });
});
