import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingsDir } from '../../server/recorder/archive-audio.js';
import { readJournals } from '../../server/recorder/journal.js';
import { axeViolations } from '../support/axe.js';
import { removeDir, startServer, stopServer, type RunningServer } from '../support/harness.js';
import {
  browserWithTone,
  closeRun,
  connected,
  interpretationStage,
  MEDIA_TIMEOUT,
  openIn,
  published,
  subscribed,
  TONES,
  waitForDominant,
  watchChoice,
  type MediaRun,
} from '../support/listening.js';
import { dumpLogs } from '../support/media.js';

/**
 * Interpretation over a real livekit-server, heard the way a listener hears it (see
 * test/support/listening.ts: each source a tone in a browser of its own, the listener's page
 * analysed with WebAudio). How fast a switch of channel is heard is measured by
 * bench/interpretation.ts, not here.
 */

const run: MediaRun = { dir: mkdtempSync(join(tmpdir(), 'openfloor-tones-')), browsers: [], pages: [] };

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

describe('interpretation channels over a real livekit-server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ liveKit: true, recorder: true });
  });
  afterAll(async () => {
    await closeRun(run);
    await stopServer(server);
    removeDir(run.dir);
  });

  it(
    'a listener hears the booth they choose and each channel they switch to; only the booth holder can publish; a booth whose interpreter is gone is shown without sound and the listener hears the original; the floor record has no channel in it',
    async () => {
      const base = server.url;
      try {
        const { meetingId, links, venue, claire, marc, salma } = await interpretationStage(server, run, { recordFloor: true });
        const recorded = () => readJournals(recordingsDir(server.dataDir, meetingId)).tracks.map((track) => track.identity);
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
        const chair = await openIn(run, await browserWithTone(run, null), `${base}${links.role('chair')}`, 'chair');
        const channels = chair.getByRole('region', { name: 'Interpretation' });
        await expect.poll(() => channels.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/French\s+On air[^\n]*Claire/);
        expect(await channels.innerText()).toMatch(/Arabic\s+On air[^\n]*Salma/);
        expect(await axeViolations(chair, 'chair')).toEqual([]);
        const listenerBrowser = chair.context().browser()!;
        // The chair's console is done: two cores have enough to do carrying the sound.
        await chair.context().close();

        // A webcast viewer picks French: hears the French booth, the floor ducked under it.
        const viewer = await openIn(run, listenerBrowser, `${base}${links.role('viewer')}`, 'viewer');
        await connected(viewer);
        const hear = viewer.getByRole('group', { name: 'What you hear' });
        await watchChoice(viewer);
        await hear.getByRole('radio', { name: 'French interpretation (on air)', exact: true }).check();
        expect((await waitForDominant(viewer, TONES.fr)).ms).toBeGreaterThanOrEqual(0);
        // Selective subscription: the floor and French, never the Arabic channel.
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // Switching to Arabic changes what is heard: the Arabic booth's tone comes to dominate.
        await hear.getByRole('radio', { name: 'Arabic interpretation (on air)', exact: true }).check();
        const toArabic = await waitForDominant(viewer, TONES.ar);
        expect(toArabic.ms, `heard ${toArabic.heard} Hz`).toBeGreaterThanOrEqual(0);
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.ar', 'venue:microphone']);

        // Back to the floor.
        await hear.getByRole('radio', { name: 'The floor (original)', exact: true }).check();
        const toFloor = await waitForDominant(viewer, TONES.floor);
        expect(toFloor.ms, `heard ${toFloor.heard} Hz`).toBeGreaterThanOrEqual(0);

        // The choice is remembered: a reload comes back to the floor the viewer chose.
        await hear.getByRole('radio', { name: 'French interpretation (on air)', exact: true }).check();
        await viewer.reload();
        await expect.poll(() => hear.locator('input:checked').inputValue(), { timeout: MEDIA_TIMEOUT }).toBe('fr');

        // Hand-over: Marc takes the French booth; Claire's channel microphone is taken away.
        await marc.getByRole('button', { name: 'Take over from your colleague' }).click();
        await expect.poll(() => published(marc), { timeout: MEDIA_TIMEOUT }).toEqual(['interpretation.fr']);
        await expect.poll(() => published(claire), { timeout: MEDIA_TIMEOUT }).toEqual([]);
        expect(await tryToPublish(claire)).toMatch(/^refused/);
        // The listener keeps hearing French, now from Marc.
        expect((await waitForDominant(viewer, TONES.fr)).ms).toBeGreaterThanOrEqual(0);
        await expect.poll(() => subscribed(viewer), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // Relay: the Arabic booth interprets from the French channel, hearing it instead of the floor.
        await salma.getByLabel('Interpret from').selectOption({ label: 'Relay: the French booth' });
        expect((await waitForDominant(salma, TONES.fr)).ms).toBeGreaterThanOrEqual(0);
        await expect.poll(() => subscribed(salma), { timeout: MEDIA_TIMEOUT }).toEqual(['interpreter:interpretation.fr', 'venue:microphone']);

        // The venue station feeds the Arabic channel to the room's interpretation system, apart
        // from its loudspeakers, which never play a channel.
        await venue.getByLabel('Channel to send').selectOption({ label: 'Arabic' });
        expect((await waitForDominant(venue, TONES.ar, MEDIA_TIMEOUT, 'audio[data-channel-feed]')).ms).toBeGreaterThanOrEqual(0);
        expect(await venue.locator('.playing-list li[data-identity^="interpreter."]').count()).toBe(0);
        expect(await venue.locator('.remote-audio audio[data-channel="ar"]').evaluate((audio: HTMLAudioElement) => audio.volume)).toBe(0);

        // The floor recorder records the venue's microphone and none of the channels, though
        // the booths have been on air all along, handed over and relayed.
        await expect.poll(recorded, { timeout: MEDIA_TIMEOUT }).toContainEqual(expect.stringMatching(/^venue\./));
        expect(recorded().filter((identity) => !identity.startsWith('venue.'))).toEqual([]);

        // Marc's computer goes away while he holds the French booth: the booth stays his (he may
        // come back), but nothing is heard on the channel. The listener is told so and hears the
        // original at full level meanwhile; the chair sees the booth on air with no sound.
        await marc.context().close();
        await expect
          .poll(() => hear.locator('label:has(input:checked)').textContent(), { timeout: MEDIA_TIMEOUT })
          .toBe('French interpretation (on air, no sound)');
        expect(await viewer.getByRole('status').allInnerTexts()).toContainEqual(
          'Nothing can be heard on the French channel at the moment: you hear the original at full level until it comes back.',
        );
        expect((await waitForDominant(viewer, TONES.floor)).ms).toBeGreaterThanOrEqual(0);
        // On a phone each channel's state reads in full (a list box cut it off in Arabic).
        await viewer.setViewportSize({ width: 390, height: 844 });
        const cut = await hear.locator('label').evaluateAll((labels) =>
          labels.filter((label) => label.scrollWidth > label.clientWidth + 1 || label.getBoundingClientRect().right > innerWidth).map((label) => label.textContent),
        );
        expect(cut).toEqual([]);
        const chairAgain = await openIn(run, listenerBrowser, `${base}${links.role('chair')}`, 'chair again');
        const channelsAgain = chairAgain.getByRole('region', { name: 'Interpretation' });
        await expect.poll(() => channelsAgain.innerText(), { timeout: MEDIA_TIMEOUT }).toMatch(/French\s+On air\s+No sound[^\n]*Marc/);
        expect(await channelsAgain.innerText()).toMatch(/Arabic\s+On air\s+since/);
        await chairAgain.context().close();

        // The pages with interpretation on them pass axe-core's WCAG 2.2 AA checks.
        const violations = [
          ...(await axeViolations(viewer, 'viewer')),
          ...(await axeViolations(claire, 'interpreter')),
          ...(await axeViolations(venue, 'venue')),
        ];
        expect(violations).toEqual([]);
      } catch (error) {
        throw new Error(`${String(error)}\n${dumpLogs(run.pages)}`, { cause: error });
      }
    },
    240_000,
  );
});
