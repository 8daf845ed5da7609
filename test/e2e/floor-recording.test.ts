import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRecord, type ArchivedSpeech } from '../../shared/archive/record.js';
import { recordingsDir } from '../../server/recorder/archive-audio.js';
import { sha256Hex } from '../../server/archive/exports/index.js';
import { decodeToPcm, dominantFrequency, loudnessByQuarterSecond, probeSeconds, SAMPLE_RATE, writeToneWav } from '../support/audio.js';
import { axeViolations } from '../support/axe.js';
import { FAKE_MEDIA_FLAGS, launchChromium } from '../support/browser.js';
import { meetingLinks, openPage } from '../support/e2e.js';
import { ADMIN_TOKEN, http, removeDir, seedMeeting, startServer, stopServer, waitFor, type RunningServer } from '../support/harness.js';

/**
 * Recording the floor end to end (issue 16), against a real livekit-server and the real
 * recorder: the venue station's Chromium sends one tone, the remote speaker's Chromium another
 * (a browser each, since the fake-audio file is a browser-wide flag); the chair gives the floor
 * to each in turn with a pause; the recorder is killed in the middle of a later speech and
 * comes back. After archiving, each speech's audio decodes with ffmpeg, carries its speaker's
 * tone, lasts as long as the speech without its pause, and the gap is marked in the record.
 */

const VENUE_HZ = 440;
const REMOTE_HZ = 1250;
const MEDIA_FLAGS = FAKE_MEDIA_FLAGS;
const MEDIA_TIMEOUT = 40_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let server: RunningServer;
let venueBrowser: Browser;
let remoteBrowser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openfloor-tones-'));
  writeToneWav(join(dir, 'venue.wav'), VENUE_HZ, 10);
  writeToneWav(join(dir, 'remote.wav'), REMOTE_HZ, 10);
  server = await startServer({ liveKit: true, recorder: true });
  venueBrowser = await launchChromium([...MEDIA_FLAGS, `--use-file-for-fake-audio-capture=${join(dir, 'venue.wav')}`]);
  remoteBrowser = await launchChromium([...MEDIA_FLAGS, `--use-file-for-fake-audio-capture=${join(dir, 'remote.wav')}`]);
}, 120_000);
afterAll(async () => {
  await venueBrowser?.close();
  await remoteBrowser?.close();
  await stopServer(server);
  if (dir) removeDir(dir);
});

const statusTexts = (page: Page) => page.getByRole('status').allInnerTexts();

/** Identities the recorder has started files for, from its journals. */
function recordedIdentities(meetingId: string): string[] {
  const folder = recordingsDir(server.dataDir, meetingId);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.startsWith('journal-'))
    .flatMap((name) => readFileSync(join(folder, name), 'utf8').split('\n'))
    .flatMap((line) => (line.includes('"type":"track"') ? [JSON.parse(line).identity as string] : []));
}


/**
 * A GET on a connection of its own. Decoding audio (ffmpeg, synchronous) between downloads
 * holds the event loop past the server's keep-alive time, and fetch would then reuse a socket
 * the server has just closed (ECONNRESET): no reuse, no race.
 */
function download(url: string): Promise<{ status: number; bytes: Uint8Array; text: () => string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, bytes: new Uint8Array(body), text: () => body.toString('utf8') });
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('recording the floor', () => {
  it(
    'each speech is archived with its own audio: the speaker’s tone, the speech’s length without its pause, a crash marked as a gap',
    async () => {
      const meeting = await seedMeeting(server.url);
      const { meetingId } = meeting;
      const command = async (body: unknown) => {
        const result = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, body);
        expect(result.status, JSON.stringify(result.body)).toBe(200);
        return result.body as { createdId: string | null };
      };
      await command({ type: 'meeting:update', details: { recordFloor: true, playableAudioCopy: true } });
      await waitFor(() => server.app.recorder!.pidOf(meetingId) !== null, 'the recorder to start with the open meeting', 15_000);
      await http(server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'venue', label: 'Room AV' });
      const links = await meetingLinks(server, meetingId);

      // Everyone is told: the participant page says the floor is recorded.
      const venue = await openPage(venueBrowser, `${server.url}${links.role('venue')}`);
      const remote = await openPage(remoteBrowser, `${server.url}${links.participant(meeting.participants.remote.id)}`);
      await expect.poll(() => remote.getByText('This meeting’s floor is recorded.').count(), { timeout: 15_000 }).toBe(1);
      // So do the room screen and, before anyone signs up, the registration form.
      const screen = await openPage(venueBrowser, `${server.url}${links.role('screen')}`);
      await screen.getByText('This meeting’s floor is recorded.').waitFor({ timeout: 15_000 });
      await screen.goto(`${server.url}/m/${meetingId}/register`);
      await screen.getByText(/^This meeting’s floor is recorded: when you are given the floor, what you say is recorded/).waitFor({ timeout: 15_000 });
      await screen.context().close();
      await remote.getByRole('button', { name: 'Join audio and video' }).click();
      await expect
        .poll(() => statusTexts(remote), { timeout: MEDIA_TIMEOUT })
        .toContainEqual(expect.stringContaining('Connected to audio and video.'));
      await expect
        .poll(() => recordedIdentities(meetingId).some((identity) => identity.startsWith('venue.')), {
          timeout: MEDIA_TIMEOUT,
          message: 'the recorder receiving the venue microphone',
        })
        .toBe(true);

      const speak = async (participantId: string, kind = 'intervention') => {
        await command({ type: 'queue:add', participantId, kind });
        await command({ type: 'floor:give' });
      };
      // A captioner's CAT software posts a line in each language during a speech.
      let captionSeq = 0;
      const caption = async (english: string, arabic: string) => {
        for (const [lang, text] of [['en-US', english], ['ar', arabic]] as const) {
          const url = `${server.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}&seq=${++captionSeq}&lang=${lang}`;
          const response = await fetch(url, { method: 'POST', body: `${text}\n` });
          expect(response.status, await response.text()).toBe(200);
        }
      };
      const room = meeting.participants.room.id;
      const remoteId = meeting.participants.remote.id;

      // 0. A short room speech the secretariat will mark not for publication.
      await speak(room);
      await sleep(2000);
      await command({ type: 'floor:end' });

      // 1. The room speaks 4 s, is paused 3 s, speaks 3 s more.
      await speak(room);
      await sleep(1500);
      await caption('Civil society welcomes the compilation report.', 'يرحب المجتمع المدني بتقرير التجميع.');
      await sleep(2500);
      await command({ type: 'floor:pause' });
      await sleep(3000);
      await command({ type: 'floor:resume' });
      await sleep(3000);
      await command({ type: 'floor:end' });

      // 2. The remote speaker: the page turns the microphone on by itself; paused in the middle.
      await speak(remoteId);
      await expect
        .poll(() => recordedIdentities(meetingId).includes(`participant.${remoteId}`), {
          timeout: MEDIA_TIMEOUT,
          message: 'the recorder receiving the remote speaker',
        })
        .toBe(true);
      await caption('Kenya supports affordable access for all.', 'تؤيد كينيا النفاذ الميسور للجميع.');
      await sleep(3000);
      await command({ type: 'floor:pause' });
      await sleep(3000);
      await command({ type: 'floor:resume' });
      await sleep(4000);
      await command({ type: 'floor:end' });

      // 3. The room again; the recorder is killed in the middle and comes back by itself.
      await speak(room);
      await sleep(3000);
      const killedPid = server.app.recorder!.pidOf(meetingId)!;
      process.kill(killedPid, 'SIGKILL');
      await waitFor(
        () => ![null, killedPid].includes(server.app.recorder!.pidOf(meetingId)),
        'the recorder to be started again after the crash',
        15_000,
      );
      await expect
        .poll(() => recordedIdentities(meetingId).filter((identity) => identity.startsWith('venue.')).length, {
          timeout: MEDIA_TIMEOUT,
          message: 'the restarted recorder receiving the venue again',
        })
        .toBeGreaterThan(1);
      await sleep(3000);
      await command({ type: 'floor:end' });

      await command({ type: 'meeting:transition', to: 'adjourned' });
      const state = server.app.registry.get(meetingId)!.state;
      const history = state.topics.find((topic) => topic.id === meeting.topicIds[0])!.history;
      expect(history).toHaveLength(4);
      const [withheld, roomSpeech, remoteSpeech, crashed] = history as [typeof history[0], typeof history[0], typeof history[0], typeof history[0]];
      // The secretariat marks the first speech not for publication in the review, in Chromium.
      const setup = await openPage(venueBrowser, `${server.url}/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, {
        viewport: { width: 1440, height: 900 },
      });
      const review = setup.getByRole('region', { name: 'Review the record before archiving' });
      await review.getByRole('button', { name: 'Not for publication: Amina Civil' }).first().click();
      const dialog = setup.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Keep the audio out' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      await review.getByText('Audio not for publication').waitFor({ timeout: 10_000 });
      expect(server.app.registry.get(meetingId)!.state.corrections.map((correction) => correction.edit)).toEqual([
        { kind: 'withholdAudio', speechId: withheld.id },
      ]);
      if (process.env.OPENFLOOR_SHOTS) {
        await review.getByText('Audio not for publication').scrollIntoViewIfNeeded();
        await setup.screenshot({ path: join(process.env.OPENFLOOR_SHOTS, 'recorder-review-en.png') });
      }
      await setup.context().close();
      await command({ type: 'meeting:transition', to: 'archived' });
      await waitFor(() => server.app.recorder!.pidOf(meetingId) === null, 'the recorder to stop with the meeting', 15_000);

      const base = `${server.url}/archive/${meetingId}`;
      const record = ArchiveRecord.parse(JSON.parse((await download(`${base}/record.json`)).text()));
      const speeches = new Map(record.topics.flatMap((topic) => topic.speeches).map((speech) => [speech.id, speech]));
      const fetchAudio = async (speech: ArchivedSpeech) => {
        const file = speech.audio!.files[0]!;
        const response = await download(`${base}/${file.name}`);
        expect(response.status, file.name).toBe(200);
        const bytes = response.bytes;
        expect(sha256Hex(bytes)).toBe(file.sha256);
        const path = join(dir, file.name);
        writeFileSync(path, bytes);
        return { path, samples: decodeToPcm(path) };
      };

      for (const [speech, tone] of [
        [roomSpeech, VENUE_HZ],
        [remoteSpeech, REMOTE_HZ],
        [crashed, VENUE_HZ],
      ] as const) {
        const archived = speeches.get(speech.id)!;
        expect(archived.audio, `audio of ${speech.id}`).not.toBeNull();
        const { path, samples } = await fetchAudio(archived);
        const seconds = samples.length / SAMPLE_RATE;
        // The pause is left out: the audio lasts the speaking time, not the time on the floor.
        expect(Math.abs(seconds - archived.durationMs / 1000), `${speech.id}: ${seconds} s decoded, ${archived.durationMs} ms spoken`).toBeLessThan(0.5);
        expect(Math.abs(probeSeconds(path) - archived.durationMs / 1000)).toBeLessThan(0.5);
        expect(archived.endedAt - archived.startedAt - archived.durationMs).toBeGreaterThanOrEqual(crashed.id === speech.id ? 0 : 2900);
        expect(Math.abs(dominantFrequency(samples) - tone), `${speech.id}: dominant frequency`).toBeLessThanOrEqual(10);
        // The MP3 copy the secretariat asked for plays the same speech.
        const mp3 = archived.audio!.files[1]!;
        expect(mp3).toMatchObject({ name: `audio-speech-${speech.id}.mp3`, mediaType: 'audio/mpeg' });
        const mp3Bytes = (await download(`${base}/${mp3.name}`)).bytes;
        expect(sha256Hex(mp3Bytes)).toBe(mp3.sha256);
        writeFileSync(join(dir, mp3.name), mp3Bytes);
        const mp3Samples = decodeToPcm(join(dir, mp3.name));
        expect(Math.abs(mp3Samples.length / SAMPLE_RATE - archived.durationMs / 1000)).toBeLessThan(0.5);
        expect(Math.abs(dominantFrequency(mp3Samples) - tone)).toBeLessThanOrEqual(10);
      }
      // Nothing lost around the crash but the crash itself: no gap in the other speeches.
      expect(speeches.get(roomSpeech.id)!.audio!.gaps).toEqual([]);
      expect(speeches.get(remoteSpeech.id)!.audio!.gaps).toEqual([]);
      const crashGaps = speeches.get(crashed.id)!.audio!.gaps;
      expect(crashGaps).toHaveLength(1);
      const gap = crashGaps[0]!;
      expect(gap.startedAt).toBeGreaterThan(crashed.startedAt);
      expect(gap.endedAt).toBeLessThan(crashed.endedAt!);
      expect(record.recording.gaps).toContainEqual(expect.objectContaining({ startedAt: gap.startedAt }));
      // The crashed speech sounds before the gap and after it, and is silent in it.
      const { samples: crashedSamples } = await fetchAudio(speeches.get(crashed.id)!);
      const loudness = loudnessByQuarterSecond(crashedSamples);
      const quarterOf = (at: number) => Math.floor((at - crashed.startedAt) / 250);
      const before = loudness.slice(2, quarterOf(gap.startedAt) - 1);
      const during = loudness.slice(quarterOf(gap.startedAt) + 1, quarterOf(gap.endedAt));
      const after = loudness.slice(quarterOf(gap.endedAt) + 2, loudness.length - 1);
      expect(before.length).toBeGreaterThan(4);
      expect(after.length).toBeGreaterThan(2);
      expect(Math.min(...before), 'heard before the crash').toBeGreaterThan(0.02);
      expect(Math.min(...after), 'heard after the restart').toBeGreaterThan(0.02);
      if (during.length > 0) expect(Math.max(...during), 'silence while no recorder ran').toBeLessThan(0.005);

      // Not for publication: recorded, but its audio is nowhere in the public record.
      const withheldSpeech = speeches.get(withheld.id)!;
      expect(withheldSpeech).toMatchObject({ audio: null, audioWithheld: true });
      expect((await download(`${base}/audio-speech-${withheld.id}.ogg`)).status).toBe(404);

      // The topic's audio is the published speeches back to back, with captions for <track>.
      const topic = record.topics.find((candidate) => candidate.id === meeting.topicIds[0])!;
      const spoken = [roomSpeech, remoteSpeech, crashed].reduce((sum, speech) => sum + speeches.get(speech.id)!.durationMs, 0);
      expect(Math.abs(topic.audio!.durationMs - spoken)).toBeLessThan(500);
      expect(topic.audio!.captions.map((entry) => entry.language)).toEqual(['en', 'ar']);
      // Its captions line up with it: the remote speaker's line falls after the room speech's audio.
      const topicVtt = (await download(`${base}/audio-topic-${topic.id}-en.vtt`)).text();
      const cueStarts = [...topicVtt.matchAll(/^(\d\d):(\d\d):(\d\d)\.(\d{3}) -->/gm)].map(
        ([, h, m, sec, ms]) => Number(h) * 3600_000 + Number(m) * 60_000 + Number(sec) * 1000 + Number(ms),
      );
      expect(cueStarts).toHaveLength(2);
      const roomMs = speeches.get(roomSpeech.id)!.durationMs;
      expect(cueStarts[0]!).toBeLessThan(roomMs);
      expect(cueStarts[1]!).toBeGreaterThanOrEqual(roomMs);
      expect(cueStarts[1]!).toBeLessThan(roomMs + speeches.get(remoteSpeech.id)!.durationMs);

      // The record page: a player beside each speech, the topic's audio, the withheld note.
      const html = (await download(`${base}/record-en.html`)).text();
      for (const speech of [roomSpeech, remoteSpeech, crashed]) {
        expect(html).toContain(
          `<source src="audio-speech-${speech.id}.ogg" type="audio/ogg; codecs=opus"><source src="audio-speech-${speech.id}.mp3" type="audio/mpeg">`,
        );
      }
      expect(html).toMatch(new RegExp(`data-speech="${withheld.id}">.*?Amina Civil.*?Not published\\.`));
      expect(html).toContain(`<source src="audio-topic-${topic.id}.ogg"`);
      expect(html).toContain('The floor of this meeting was recorded.');
      expect(html).toContain(`<track kind="captions" src="audio-topic-${topic.id}-en.vtt" srclang="en" label="English" default>`);

      // The record page in Chromium, English and Arabic: the players are there, play by
      // keyboard, and the page passes axe (WCAG 2.2 AA).
      const reader = await openPage(venueBrowser, `${base}/record-en.html`, { viewport: { width: 1440, height: 900 } });
      for (const language of ['en', 'ar'] as const) {
        await reader.goto(`${base}/record-${language}.html`);
        const players = reader.locator('figure.speech-audio audio');
        expect(await players.count()).toBe(3);
        const first = players.first();
        await first.scrollIntoViewIfNeeded();
        await first.focus();
        expect(await reader.evaluate(() => document.activeElement?.tagName)).toBe('AUDIO');
        // Playing the first speech's audio for real: the browser decodes it and time moves.
        await first.evaluate((audio: HTMLAudioElement) => audio.play());
        await expect
          .poll(() => first.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000, message: 'the speech audio playing' })
          .toBeGreaterThan(0.2);
        await first.evaluate((audio: HTMLAudioElement) => audio.pause());
        expect(await axeViolations(reader, `record-${language}`)).toEqual([]);
        if (process.env.OPENFLOOR_SHOTS) {
          await reader.screenshot({ path: join(process.env.OPENFLOOR_SHOTS, `recorder-record-${language}.png`) });
          await reader.locator('section.transcript').first().screenshot({ path: join(process.env.OPENFLOOR_SHOTS, `recorder-transcript-${language}.png`) });
        }
      }
      await reader.context().close();

      // The bundle's manifest lists and hashes every audio file, and holds them byte for byte.
      const zip = unzipSync((await download(`${base}/bundle.zip`)).bytes);
      const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json']!)) as { files: { name: string; sha256: string }[] };
      const audioNames = [roomSpeech, remoteSpeech, crashed]
        .flatMap((speech) => [`audio-speech-${speech.id}.ogg`, `audio-speech-${speech.id}.mp3`])
        .concat(`audio-topic-${topic.id}.ogg`, `audio-topic-${topic.id}.mp3`);
      for (const name of audioNames) {
        const entry = manifest.files.find((file) => file.name === name);
        expect(entry, name).toBeDefined();
        expect(sha256Hex(zip[name]!)).toBe(entry!.sha256);
      }
      expect(Object.keys(zip).some((name) => name.includes(withheld.id))).toBe(false);

      // The recordings themselves are kept with their SHA-256.
      const folder = recordingsDir(server.dataDir, meetingId);
      const closed = readdirSync(folder).filter((name) => name.endsWith('.ogg.sha256'));
      expect(closed.length).toBeGreaterThan(0);
      for (const name of closed) {
        const [sum, file] = readFileSync(join(folder, name), 'utf8').trim().split(/\s+/);
        expect(sha256Hex(readFileSync(join(folder, file!)))).toBe(sum);
      }
      await venue.context().close();
      await remote.context().close();
    },
    300_000,
  );
});
