import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeToneWav } from './audio.js';
import { FAKE_MEDIA_FLAGS, launchChromium } from './browser.js';
import { meetingLinks, type MeetingLinks } from './e2e.js';
import { http, seedMeeting, type RunningServer } from './harness.js';
import { openLogged, type LoggedPage } from './media.js';

/**
 * Interpretation heard the way a listener hears it, for the end-to-end test and the benchmark
 * of channel switching. The venue station publishes one tone (the floor), the French booth
 * another, the Arabic booth a third: Chromium's fake microphone plays a WAV file, one file per
 * browser, so each source runs in a browser of its own. A listener's page mixes what it plays
 * (each audio element at its volume) into a WebAudio analyser, which tells the loudest frequency.
 */
export const TONES = { floor: 300, fr: 900, ar: 1700 } as const;
/** Two bins of a 4096-point FFT at 48 kHz (11.7 Hz a bin), which also covers Opus's round trip. */
const TOLERANCE_HZ = 25;
/** How long media steps may take on a busy two-core machine (connecting, publishing, subscribing). */
export const MEDIA_TIMEOUT = 40_000;

/** The browsers and pages a run opened, to close and to read the logs of. */
export interface MediaRun {
  /** Where the tones' WAV files go. */
  dir: string;
  browsers: Browser[];
  pages: LoggedPage[];
}

/** A Chromium whose fake microphone loops a tone of `frequency` Hz (or its default beep: null). */
export async function browserWithTone(run: MediaRun, frequency: number | null): Promise<Browser> {
  const flags = [...FAKE_MEDIA_FLAGS];
  if (frequency !== null) {
    const file = join(run.dir, `tone-${frequency}.wav`);
    writeToneWav(file, frequency, 4, 0.6);
    flags.push(`--use-file-for-fake-audio-capture=${file}`);
  }
  const browser = await launchChromium(flags);
  run.browsers.push(browser);
  return browser;
}

export const openIn = (run: MediaRun, browser: Browser, url: string, label: string) => openLogged(browser, url, label, run.pages);

/** Polls `read` until `done` holds of its answer; fails after `timeoutMs` naming `what` and the last answer. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = MEDIA_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Track names this page publishes, as its LiveKit room reports them. */
export const published = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    return room ? [...room.localParticipant.trackPublications.values()].map((publication) => publication.trackName || publication.source).sort() : null;
  });

/** Every track this page receives (subscribed, with its track), as `role:kind:name` (the source when unnamed). */
export const received = (page: Page) =>
  page.evaluate(() => {
    const room = window.openfloorMedia?.room;
    if (!room) return null;
    const names: string[] = [];
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.isSubscribed && publication.track) {
          names.push(`${participant.identity.split('.')[0]}:${publication.kind}:${publication.trackName || publication.source}`);
        }
      }
    }
    return names.sort();
  });

/** Sound this page receives, as `role:name`. */
export const subscribed = async (page: Page) =>
  (await received(page))?.filter((name) => name.includes(':audio:')).map((name) => name.replace(':audio:', ':')) ?? null;

/** Waits until the page says it is connected to LiveKit. */
export const connected = (page: Page) =>
  pollUntil(
    () => page.getByRole('status').allInnerTexts(),
    (texts) => texts.some((text) => text.includes('Connected to audio and video.')),
    'the connection to audio and video',
  );

/** Keeps, in the page, when the listener last changed what they hear: latencies count from there. */
export const watchChoice = (page: Page) =>
  page.evaluate(() => {
    const holder = window as unknown as { chosenAt: number };
    holder.chosenAt = performance.now();
    document.addEventListener('change', () => (holder.chosenAt = performance.now()), true);
  });

/** Counts the next latency from now, as if the listener had just chosen again. */
export const restartChoiceClock = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { chosenAt: number }).chosenAt = performance.now();
  });

/**
 * The loudest frequency of what the page plays now: every remote audio element (or those
 * `players` selects), at its own volume (the floor ducked under a channel), summed into one
 * analyser over the last 85 ms.
 * Polls until it is within the tolerance of `target`, and answers how many milliseconds after
 * the listener's last choice that was (or -1 and the last frequency heard after `timeoutMs`).
 */
export const waitForDominant = (page: Page, target: number, timeoutMs = MEDIA_TIMEOUT, players = '.remote-audio audio') =>
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

/** The pages of a meeting with interpretation, every one connected; nobody has taken a booth yet. */
export interface InterpretationStage {
  meetingId: string;
  links: MeetingLinks;
  /** The venue station, publishing the floor's tone. */
  venue: Page;
  /** Two interpreters of the French booth, in one browser playing the French tone. */
  claire: Page;
  marc: Page;
  /** The Arabic booth's interpreter, in a browser playing the Arabic tone. */
  salma: Page;
}

/**
 * A meeting in English, Arabic and French with the venue on the floor and interpreters in two
 * booths; its floor recorded when `recordFloor` (the server started with its recorder).
 */
export async function interpretationStage(server: RunningServer, run: MediaRun, { recordFloor = false } = {}): Promise<InterpretationStage> {
  const base = server.url;
  const { meetingId } = await seedMeeting(base);
  const details = { languages: ['en', 'ar', 'fr'], recordFloor };
  const updated = await http(base, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details });
  if (updated.status !== 200) throw new Error(`meeting:update: ${JSON.stringify(updated.body)}`);
  const issue = async (role: string, label: string, booth?: string) => {
    const issued = await http(base, 'POST', `/meetings/${meetingId}/links`, { role, label, ...(booth ? { booth } : {}) });
    if (issued.status !== 201) throw new Error(`link for ${label}: ${JSON.stringify(issued.body)}`);
    const url = new URL(issued.body.url as string);
    return `${base}${url.pathname}${url.hash}`;
  };
  await issue('venue', 'Room AV');
  const french1 = await issue('interpreter', 'Claire', 'fr');
  const french2 = await issue('interpreter', 'Marc', 'fr');
  const arabic = await issue('interpreter', 'Salma', 'ar');
  const links = await meetingLinks(server, meetingId);

  const venue = await openIn(run, await browserWithTone(run, TONES.floor), `${base}${links.role('venue')}`, 'venue');
  await pollUntil(() => published(venue), (names) => names?.includes('microphone') ?? false, 'the venue publishing the floor');
  const frenchBrowser = await browserWithTone(run, TONES.fr);
  const claire = await openIn(run, frenchBrowser, french1, 'claire');
  const marc = await openIn(run, frenchBrowser, french2, 'marc');
  const salma = await openIn(run, await browserWithTone(run, TONES.ar), arabic, 'salma');
  for (const page of [claire, marc, salma]) await connected(page);
  return { meetingId, links, venue, claire, marc, salma };
}

/** Closes what a run opened. */
export async function closeRun(run: MediaRun): Promise<void> {
  await Promise.all(run.pages.map(({ page }) => page.context().close().catch(() => undefined)));
  await Promise.all(run.browsers.map((browser) => browser.close()));
}
