import { describe, expect, it } from 'vitest';
import { CAPTIONS_LIVE_MS } from '../../shared/captions/liveness.js';
import { MeetingClock } from '../support/clock.js';
import { useMeetingServer, type MirrorClient } from '../support/harness.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

/**
 * A viewer who chose Arabic waited at "captions appear here" while English captions ran, with
 * nothing to tell them (session 27's walk). Every page is now told which languages are being
 * captioned (written in the last two minutes), on connection and when that changes. Time is
 * the test's (MeetingClock): the two minutes pass at once.
 */

const clock = new MeetingClock();
const suite = useMeetingServer({ clock: clock.now, timers: clock.timers });

const liveOf = (client: MirrorClient) => client.client.getView().captionsLive;
const told = (client: MirrorClient, languages: string[], what: string) =>
  client.until((mirror) => JSON.stringify(liveOf(mirror)) === JSON.stringify(languages), 5000, what);

describe('every page is told which caption languages are live', () => {
  it('a language becomes live when written and stops two minutes after its last input; viewers who never subscribed to it are told', async () => {
    clock.freeze();
    const { tokens, participants } = suite.meeting;
    const viewer = await suite.connect(tokens.viewer);
    const participant = await suite.connect(participants.remote.token);
    const chair = await suite.connect(tokens.chair);
    const captioner = await suite.connect(tokens.captioner);
    // Arabic chosen, nobody writing it: nothing is live yet.
    await viewer.followCaptions('ar');
    await participant.followCaptions('ar');
    for (const client of [viewer, participant, chair]) expect(liveOf(client)).toEqual([]);

    const changes: string[][] = [];
    viewer.socket.on('caption:liveChanged', ({ languages }) => changes.push(languages));
    expect((await captioner.client.request('caption:write', { language: 'en', erase: 0, text: 'Good morning' })).ok).toBe(true);
    for (const [client, what] of [[viewer, 'the viewer'], [participant, 'the participant'], [chair, 'the chair']] as const) {
      await told(client, ['en'], `${what} told English is live`);
    }

    // Going on writing changes nothing to tell.
    await clock.advance(CAPTIONS_LIVE_MS - 1000);
    expect((await captioner.client.request('caption:write', { language: 'en', erase: 0, text: ', everyone' })).ok).toBe(true);
    await clock.advance(CAPTIONS_LIVE_MS - 1000);
    expect(liveOf(viewer)).toEqual(['en']);

    // Two minutes after the last input, silence.
    await clock.advance(1000);
    await told(viewer, [], 'the viewer told nothing is live');
    await told(participant, [], 'the participant told nothing is live');
    expect(changes).toEqual([['en'], []]);
  });

  it('a page connecting while a language is live is told at once, in the meeting\'s order of languages', async () => {
    clock.freeze();
    const { tokens } = suite.meeting;
    const captioner = await suite.connect(tokens.captioner);
    expect((await captioner.client.request('caption:write', { language: 'ar', erase: 0, text: 'صباح الخير' })).ok).toBe(true);
    expect((await captioner.client.request('caption:write', { language: 'en', erase: 0, text: 'Good morning' })).ok).toBe(true);

    const screen = await suite.connect(tokens.screen);
    await told(screen, ['en', 'ar'], 'the screen told on connection');
    const viewer = await suite.connect(tokens.viewer);
    await told(viewer, ['en', 'ar'], 'the viewer told on connection');

    // Reconnecting drops what was told before: the server tells it again.
    viewer.socket.disconnect();
    await clock.advance(CAPTIONS_LIVE_MS);
    viewer.socket.connect();
    await viewer.until((mirror) => mirror.client.getView().status === 'online', 5000, 'the viewer back online');
    await told(viewer, [], 'the viewer back after the silence told nothing is live');
  });

  it('captions posted by CAT software through the Zoom-style API make their language live', async () => {
    clock.freeze();
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('ar');
    const cat = new ZoomStyleCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    expect(await cat.send('GOOD MORNING')).toBe(200);
    await told(viewer, ['en'], 'the Arabic viewer told English is live');
  });
});
