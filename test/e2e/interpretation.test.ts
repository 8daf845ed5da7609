import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeToneWav } from '../support/audio.js';
import { axeViolations } from '../support/axe.js';
import { FAKE_MEDIA_FLAGS, launchChromium } from '../support/browser.js';
import { meetingLinks } from '../support/e2e.js';
import { dumpLogs, openLogged, type LoggedPage } from '../support/media.js';
import { http, removeDir, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';

/**
 * Interpretation over a real livekit-server, heard the way a listener hears it. The venue
 * station publishes one tone (the floor), the French booth another, the Arabic booth a third:
 * Chromium's fake microphone plays a WAV file, one file per browser, so each source runs in a
 * browser of its own. The listener's page mixes what it plays (each audio element at its
 * volume) into a WebAudio analyser, and the test reads the loudest frequency.
 */

const TONES = { floor: 300, fr: 900, ar: 1700 } as const;
/** Two bins of a 4096-point FFT at 48 kHz (11.7 Hz a bin), which also covers Opus's round trip. */
const TOLERANCE_HZ = 25;
const MEDIA_TIMEOUT = 40_000;

const dir = mkdtempSync(join(tmpdir(), 'openfloor-tones-'));
const browsers: Browser[] = [];
const pages: LoggedPage[] = [];

async function browserWithTone(frequency: number | null): Promise<Browser> {
  const flags = [...FAKE_MEDIA_FLAGS];
  if (frequency !== null) {
    // Chromium loops the file as the microphone.
    const file = join(dir, `tone-${frequency}.wav`);
    writeToneWav(file, frequency, 4, 0.6);
    flags.push(`--use-file-for-fake-audio-capture=${file}`);
  }
  const browser = await launchChromium(flags);
  browsers.push(browser);
  return browser;
}

const open = (browser: Browser, url: string, label: string) => openLogged(browser, url, label, pages);

/** Track names this page publishes, as its LiveKit room reports them. */
const published = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    return room ? [...room.localParticipant.trackPublications.values()].map((publication) => publication.trackName || publication.source).sort() : null;
  });

/** Track names this page is subscribed to, by publisher role. */
const subscribed = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    if (!room) return null;
    const names: string[] = [];
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.isSubscribed && publication.kind === 'audio') {
          names.push(`${participant.identity.split('.')[0]}:${publication.trackName || publication.source}`);
        }
      }
    }
    return names.sort();
  });

/** Tries to publish the microphone from the page; answers how it went. */
const tryToPublish = (page: Page) =>
  page.evaluate(async () => {
    const room = window.openfloorMedia?.room;
    if (!room) return 'no room';
    try {
      await room.localParticipant.setMicrophoneEnabled(true, undefined, { name: 'interpretation.fr' });
      return 'published';
    } catch (error) {
      return `refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  });

/** Keeps, in the page, when the listener last changed what they hear: latencies count from there. */
const watchChoice = (page: Page) =>
  page.evaluate(() => {
    const holder = window as unknown as { chosenAt: number };
    holder.chosenAt = performance.now();
    document.addEventListener('change', () => (holder.chosenAt = performance.now()), true);
  });

/**
 * The loudest frequency of what the page plays now: every remote audio element (or those
 * `players` selects), at its own volume (the floor ducked under a channel), summed into one
 * analyser over the last 85 ms.
 * Polls until it is within `tolerance` of `target`, and answers how many milliseconds after
 * the listener's last choice that was (or -1 and the last frequency heard after `timeoutMs`).
 */
const waitForDominant = (page: Page, target: number, timeoutMs: number, players = '.remote-audio audio') =>
  page.evaluate(
    async ({ target, timeoutMs, tolerance, players }) => {
      const context = new AudioContext();
      await context.resume();
      const started = performance.now();
      const chosenAt = (window as unknown as { chosenAt?: number }).chosenAt ?? started;
      let last = 0;
      try {
        while (performance.now() - started < timeoutMs) {
          const analyser = context.createAnalyser();
          analyser.fftSize = 4096;
          analyser.smoothingTimeConstant = 0;
          const nodes: AudioNode[] = [];
          for (const element of document.querySelectorAll<HTMLAudioElement>(players)) {
            if (!(element.srcObject instanceof MediaStream) || element.srcObject.getAudioTracks().length === 0) continue;
            const source = context.createMediaStreamSource(element.srcObject);
            const gain = context.createGain();
            gain.gain.value = element.volume;
            source.connect(gain).connect(analyser);
            nodes.push(source, gain);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
          const bins = new Float32Array(analyser.frequencyBinCount);
          analyser.getFloatFrequencyData(bins);
          let loudest = 0;
          for (let i = 1; i < bins.length; i += 1) if (bins[i]! > bins[loudest]!) loudest = i;
          last = nodes.length === 0 ? 0 : (loudest * context.sampleRate) / analyser.fftSize;
          for (const node of nodes) node.disconnect();
          if (Math.abs(last - target) <= tolerance) return { ms: Math.round(performance.now() - chosenAt), heard: last };
        }
        return { ms: -1, heard: last };
      } finally {
        await context.close();
      }
    },
    { target, timeoutMs, tolerance: TOLERANCE_HZ, players },
  );

describe('interpretation channels over a real livekit-server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ liveKit: true });
  });
  afterAll(async () => {
    await Promise.all(pages.map(({ page }) => page.context().close().catch(() => undefined)));
    await Promise.all(browsers.map((browser) => browser.close()));
    await stopServer(server);
    removeDir(dir);
  });

  it(
    'a listener hears the booth they choose, switching within a second; only the booth holder can publish',
    async () => {
      const meeting = await seedMeeting(server.url);
      const base = server.url;
      const command = (body: unknown) => http(base, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
      expect((await command({ type: 'meeting:update', details: { languages: ['en', 'ar', 'fr'] } })).status).toBe(200);
      const issue = async (role: string, label: string, booth?: string) => {
        const issued = await http(base, 'POST', `/meetings/${meeting.meetingId}/links`, { role, label, ...(booth ? { booth } : {}) });
        expect(issued.status).toBe(201);
        return new URL(issued.body.url as string).pathname + new URL(issued.body.url as string).hash;
      };
      await issue('venue', 'Room AV');
      const french1 = await issue('interpreter', 'Claire', 'fr');
      const french2 = await issue('interpreter', 'Marc', 'fr');
      const arabic = await issue('interpreter', 'Salma', 'ar');
      const links = await meetingLinks(server, meeting.meetingId);

      try {
        // The floor: the venue station publishes the room's microphone (300 Hz).
        const venue = await open(await browserWithTone(TONES.floor), `${base}${links.role('venue')}`, 'venue');
        await expect.poll(() => published(venue), { timeout: MEDIA_TIMEOUT }).toContain('microphone');

        // Two interpreters in the French booth (900 Hz), one in the Arabic booth (1700 Hz).
        const frenchBrowser = await browserWithTone(TONES.fr);
        const claire = await open(frenchBrowser, `${base}${french1}`, 'claire');
        const marc = await open(frenchBrowser, `${base}${french2}`, 'marc');
        const salma = await open(await browserWithTone(TONES.ar), `${base}${arabic}`, 'salma');
        for (const page of [claire, marc, salma]) {
          await expect
            .poll(() => page.getByRole('status').allInnerTexts(), { timeout: MEDIA_TIMEOUT })
            .toContainEqual(expect.stringContaining('Connected to audio and video.'));
        }
        // Nobody has taken the French booth: an interpreter cannot publish on its channel.
        expect(await tryToPublish(marc)).toMatch(/^refused/);

        await claire.getByRole('button', { name: 'Take the booth (go on air)' }).click();
        await salma.getByRole('button', { name: 'Take the booth (go on air)' }).click();
        await expect.poll(() => published(claire), { timeout: MEDIA_TIMEOUT }).toEqual(['interpretation.fr']);
        await expect.poll(() => published(salma), { timeout: MEDIA_TIMEOUT }).toEqual(['interpretation.ar']);
        // Claire's colleague, who has not taken the booth over, still cannot.
        expect(await tryToPublish(marc)).toMatch(/^refused/);
        expect(await published(marc)).toEqual([]);

        // The chair sees both channels on air.
        const chair = await open(await browserWithTone(null), `${base}${links.role('chair')}`, 'chair');
        const channels = chair.getByRole('region', { name: 'Interpretation' });
        await expect.poll(() => channels.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/French\s+On air[^\n]*Claire/);
        expect(await channels.innerText()).toMatch(/Arabic\s+On air[^\n]*Salma/);
        expect(await axeViolations(chair, 'chair')).toEqual([]);
        const listenerBrowser = chair.context().browser()!;
        // The chair's console is done: two cores have enough to do carrying the sound.
        await chair.context().close();

        // A webcast viewer picks French: hears the French booth, the floor ducked under it.
        const viewer = await open(listenerBrowser, `${base}${links.role('viewer')}`, 'viewer');
        await expect
          .poll(() => viewer.getByRole('status').allInnerTexts(), { timeout: MEDIA_TIMEOUT })
          .toContainEqual(expect.stringContaining('Connected to audio and video.'));
        const hear = viewer.getByLabel('What you hear');
        await watchChoice(viewer);
        await hear.selectOption({ label: 'French interpretation (on air)' });
        expect((await waitForDominant(viewer, TONES.fr, MEDIA_TIMEOUT)).ms).toBeGreaterThanOrEqual(0);
        // Selective subscription: the floor and French, never the Arabic channel.
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // Switching to Arabic changes what is heard within a second.
        await hear.selectOption({ label: 'Arabic interpretation (on air)' });
        const toArabic = await waitForDominant(viewer, TONES.ar, 5_000);
        expect(toArabic.ms, `heard ${toArabic.heard} Hz`).toBeGreaterThanOrEqual(0);
        expect(toArabic.ms, "milliseconds from the choice to the Arabic booth heard").toBeLessThanOrEqual(1000);
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.ar', 'venue:microphone']);

        // Back to the floor.
        await hear.selectOption({ label: 'The floor (original)' });
        const toFloor = await waitForDominant(viewer, TONES.floor, 5_000);
        expect(toFloor.ms, `heard ${toFloor.heard} Hz`).toBeGreaterThanOrEqual(0);
        expect(toFloor.ms, "milliseconds from the choice to the floor heard").toBeLessThanOrEqual(1000);

        // The choice is remembered: a reload comes back to the floor the viewer chose.
        await hear.selectOption({ label: 'French interpretation (on air)' });
        await viewer.reload();
        await expect.poll(() => viewer.getByLabel('What you hear').inputValue(), { timeout: MEDIA_TIMEOUT }).toBe('fr');

        // Hand-over: Marc takes the French booth; Claire's channel microphone is taken away.
        await marc.getByRole('button', { name: 'Take over from your colleague' }).click();
        await expect.poll(() => published(marc), { timeout: MEDIA_TIMEOUT }).toEqual(['interpretation.fr']);
        await expect.poll(() => published(claire), { timeout: MEDIA_TIMEOUT }).toEqual([]);
        expect(await tryToPublish(claire)).toMatch(/^refused/);
        // The listener keeps hearing French, now from Marc.
        expect((await waitForDominant(viewer, TONES.fr, MEDIA_TIMEOUT)).ms).toBeGreaterThanOrEqual(0);
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // Relay: the Arabic booth interprets from the French channel, hearing it instead of the floor.
        await salma.getByLabel('Interpret from').selectOption({ label: 'Relay: the French booth' });
        expect((await waitForDominant(salma, TONES.fr, MEDIA_TIMEOUT)).ms).toBeGreaterThanOrEqual(0);
        await expect.poll(() => subscribed(salma), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // The venue station feeds the Arabic channel to the room's interpretation system, apart
        // from its loudspeakers, which never play a channel.
        await venue.getByLabel('Channel to send').selectOption({ label: 'Arabic' });
        expect((await waitForDominant(venue, TONES.ar, MEDIA_TIMEOUT, 'audio[data-channel-feed]')).ms).toBeGreaterThanOrEqual(0);
        expect(await venue.locator('.playing-list li[data-identity^="interpreter."]').count()).toBe(0);
        expect(await venue.locator('.remote-audio audio[data-channel="ar"]').evaluate((audio: HTMLAudioElement) => audio.volume)).toBe(0);

        // The pages with interpretation on them pass axe-core's WCAG 2.2 AA checks.
        const violations = [
          ...(await axeViolations(viewer, 'viewer')),
          ...(await axeViolations(claire, 'interpreter')),
          ...(await axeViolations(venue, 'venue')),
        ];
        expect(violations).toEqual([]);
      } catch (error) {
        throw new Error(`${String(error)}\n${dumpLogs(pages)}`, { cause: error });
      }
    },
    240_000,
  );
});
