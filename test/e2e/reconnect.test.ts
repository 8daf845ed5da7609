import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MeetingState } from '../../shared/meeting/model.js';
import { startBlackholeProxy } from '../support/blackhole-proxy.js';
import { meetingLinks, openPage, useBrowserAndServer } from '../support/e2e.js';
import { accepted, http, MirrorClient, removeDir, seedMeeting, startServer, type RunningServer, type SeededMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

const SCREEN = { width: 1920, height: 1080 };
const OFFLINE = 'Connection lost, reconnecting…';

/** What a participant page or a room screen must show of a meeting: who speaks, who waits, in order. */
interface FloorView {
  speaker: string | null;
  paused: boolean;
  queue: string[];
}

function expectedView(state: MeetingState): FloorView {
  const topic = state.topics.find((candidate) => candidate.id === state.currentTopicId)!;
  const nameOf = (participantId: string) => state.participants.find((participant) => participant.id === participantId)!.displayName;
  return {
    speaker: topic.floor ? nameOf(topic.floor.participantId) : null,
    paused: topic.floor?.pauses.at(-1)?.endedAt === null,
    queue: topic.queue.map((entry) => nameOf(entry.participantId)),
  };
}

const trimmed = (texts: string[]) => texts.map((text) => text.trim());

async function participantView(page: Page): Promise<FloorView> {
  const floor = page.getByRole('region', { name: 'The floor' });
  const speaker = floor.locator('.current-speaker .person-name');
  return {
    speaker: (await speaker.count()) ? (await speaker.innerText()).trim() : null,
    paused: (await floor.locator('.paused-flag').count()) > 0,
    queue: trimmed(await page.getByRole('region', { name: 'Next speakers' }).locator('ol.queue > li .person-name').allInnerTexts()),
  };
}

async function screenView(page: Page): Promise<FloorView> {
  const speaker = page.getByRole('region', { name: 'Current speaker' }).locator('.person-name');
  return {
    speaker: (await speaker.count()) ? (await speaker.innerText()).trim() : null,
    paused: (await page.locator('.screen-clock .paused-flag').count()) > 0,
    queue: trimmed(await page.locator('.screen-next li .person-name').allInnerTexts()),
  };
}

/** Whether the page still says it is offline or connecting. */
const connectionNotices = (page: Page) => page.locator('.banner').allInnerTexts();

/** Registers people in the room (through the secretariat's API) and puts them on the list. */
async function addWaiting(server: RunningServer, meeting: SeededMeeting, names: string[]): Promise<void> {
  const command = async (body: unknown) => {
    const result = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    return result.body as { createdId: string | null };
  };
  for (const displayName of names) {
    const { createdId } = await command({
      type: 'participant:register',
      details: { displayName, stakeholderGroup: 'private_sector', attendance: 'room' },
    });
    await command({ type: 'queue:add', participantId: createdId, kind: 'intervention' });
  }
}

describe('pages that lose the server catch up with the chair, in Chromium', () => {
  it('a participant page and a room screen cut off while the chair acts show exactly the server\'s meeting once back, with no offline notice left', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const command = (body: unknown) => http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    await command({ type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command({ type: 'queue:add', participantId: meeting.participants.room.id, kind: 'intervention' });
    await addWaiting(suite.server, meeting, ['Bo Private', 'Carla Academic']);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const chair = await suite.open(links.role('chair'));
    const amina = await suite.open(links.participant(meeting.participants.room.id));
    const screen = await suite.open(links.role('screen'), { viewport: SCREEN });
    const state = () => suite.server.app.registry.get(meeting.meetingId)!.state;
    for (const [name, view] of [['participant', () => participantView(amina)], ['screen', () => screenView(screen)]] as const) {
      await expect.poll(view, { timeout: 10_000, message: `the ${name} page showing the meeting` }).toEqual(expectedView(state()));
    }

    // Both devices lose the network; the server notices at once.
    const cutOff = [amina, screen];
    const tokens = [meeting.participants.room.token, meeting.tokens.screen];
    await Promise.all(cutOff.map((page) => page.context().setOffline(true)));
    for (const socket of await suite.server.app.io.fetchSockets()) {
      if (tokens.includes(socket.handshake.auth.token)) socket.disconnect(true);
    }
    // The room screen reads the meeting event stream: the only one open, which the node lets go too.
    suite.server.app.eventStreams.endAll();
    for (const page of cutOff) await page.getByText(OFFLINE).waitFor({ timeout: 10_000 });
    const seqBefore = suite.server.app.registry.get(meeting.meetingId)!.seq;

    // The chair goes on: gives the floor, pauses, reorders, removes, closes the list, adds someone.
    const chairList = chair.getByRole('region', { name: 'List of speakers' });
    const chairFloor = chair.getByRole('region', { name: 'The floor' });
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    await expect.poll(() => chairFloor.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await chair.getByRole('button', { name: /^Pause/ }).click();
    await chairFloor.locator('.paused-flag').waitFor({ timeout: 10_000 });
    // The chair finds each line before pressing on it: a press within 0.6 s of its line moving
    // (here, up when Kenya took the floor; Bo's, down when Carla went to the top) is taken as
    // aimed at the line that was there, and does nothing.
    const findTheLine = () => chair.waitForTimeout(700);
    await findTheLine();
    await chairList.locator('.queue-line', { hasText: 'Carla Academic' }).getByRole('button', { name: 'Move to the top' }).click();
    await expect.poll(() => chairList.locator('.queue-line .person-name').first().innerText(), { timeout: 10_000 }).toBe('Carla Academic');
    await findTheLine();
    await chairList.locator('.queue-line', { hasText: 'Bo Private' }).getByRole('button', { name: 'Remove' }).click();
    await chair.getByRole('dialog').getByRole('button', { name: 'Remove Bo Private' }).click();
    await expect.poll(() => chairList.getByText('Bo Private').count(), { timeout: 10_000 }).toBe(0);
    await chair.getByRole('button', { name: /^Close list/ }).click();
    await chair.getByRole('dialog').getByRole('button', { name: 'Close list' }).click();
    await expect.poll(() => chairList.innerText(), { timeout: 10_000 }).toContain('The list of speakers is closed.');
    await addWaiting(suite.server, meeting, ['Dan Late']);
    expect(suite.server.app.registry.get(meeting.meetingId)!.seq - seqBefore, 'changes made while the pages were away').toBeGreaterThanOrEqual(7);
    // Still away: what they show is what they had.
    expect(await participantView(amina)).toEqual({
      speaker: null,
      paused: false,
      queue: ['Delegate of Kenya', 'Amina Civil', 'Bo Private', 'Carla Academic'],
    });

    await Promise.all(cutOff.map((page) => page.context().setOffline(false)));
    const expected = expectedView(state());
    expect(expected).toEqual({ speaker: 'Delegate of Kenya', paused: true, queue: ['Carla Academic', 'Amina Civil', 'Dan Late'] });
    await expect.poll(() => participantView(amina), { timeout: 15_000, message: 'the participant page caught up' }).toEqual(expected);
    await expect.poll(() => screenView(screen), { timeout: 15_000, message: 'the room screen caught up' }).toEqual(expected);
    await expect
      .poll(() => amina.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('You are 2nd in the queue.'));
    expect(await amina.getByText('The list of speakers is closed. You can still raise a point of order.').count()).toBe(1);
    for (const page of cutOff) expect(await connectionNotices(page), 'no offline notice left').toEqual([]);

    // And they follow live again.
    await chair.getByRole('button', { name: /^Resume/ }).click();
    await chair.getByRole('button', { name: /^End speech/ }).click();
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    await expect.poll(() => expectedView(state()).speaker, { timeout: 10_000 }).toBe('Carla Academic');
    await expect.poll(() => participantView(amina), { timeout: 10_000, message: 'the participant page live' }).toEqual(expectedView(state()));
    await expect.poll(() => screenView(screen), { timeout: 10_000, message: 'the room screen live' }).toEqual(expectedView(state()));
  }, 60_000);

  it('a viewer cut off while the captioner writes gets every line missed, once and in order, and the live tail after it', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    try {
      await captioner.ready();
      const write = (text: string) => accepted(captioner.send('caption:write', { language: 'en', erase: 0, text }));
      const viewer = await suite.open(links.role('viewer'));
      const log = viewer.getByRole('log', { name: 'Transcript' });
      const bar = viewer.getByRole('region', { name: 'Live captions' });
      const shownLines = async () => trimmed(await log.getByRole('listitem').allInnerTexts());
      await write('Good morning.\n');
      await expect.poll(shownLines, { timeout: 10_000, message: 'the first line' }).toEqual(['Good morning.']);

      await viewer.context().setOffline(true);
      // The viewer page reads the meeting event stream: the node lets it go, as it would a socket.
      suite.server.app.eventStreams.endAll();
      await viewer.getByText(OFFLINE).waitFor({ timeout: 10_000 });
      await write('The first item is connectivity.\nKenya has the floor.\nThe second item follows');
      await viewer.context().setOffline(false);

      const stored = suite.server.app.captions.fullStream(meeting.meetingId, 'en')!.lines.map((line) => line.text);
      expect(stored).toEqual(['Good morning.', 'The first item is connectivity.', 'Kenya has the floor.']);
      await expect.poll(shownLines, { timeout: 15_000, message: 'the transcript caught up' }).toEqual(stored);
      await expect.poll(() => bar.innerText(), { timeout: 10_000, message: 'the tail in the caption bar' }).toContain('The second item follows');
      await write(' after lunch.\n');
      await expect.poll(shownLines, { timeout: 10_000, message: 'the transcript live again' }).toEqual([...stored, 'The second item follows after lunch.']);
      expect(await connectionNotices(viewer)).toEqual([]);
    } finally {
      captioner.close();
    }
  });

  it("a viewer whose every connection the network dropped without a word (a phone roaming between access points) says so within 30 s and is back with the lines missed soon after, not after each dead pooled connection timed out", async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    const proxy = await startBlackholeProxy(suite.server.url);
    try {
      await captioner.ready();
      const write = (text: string) => accepted(captioner.send('caption:write', { language: 'en', erase: 0, text }));
      const viewer = await openPage(suite.browser, proxy.url + links.role('viewer'));
      const log = viewer.getByRole('log', { name: 'Transcript' });
      const shownLines = async () => trimmed(await log.getByRole('listitem').allInnerTexts());
      await write('Good morning.\n');
      await expect.poll(shownLines, { timeout: 10_000, message: 'the first line' }).toEqual(['Good morning.']);
      // Every flow the browser holds to the server, its idle pooled HTTP connections included.
      expect(proxy.blackhole(/./)).toBeGreaterThan(1);
      const cutAt = Date.now();
      await write('Kenya has the floor.\n');
      await viewer.getByText(OFFLINE).waitFor({ timeout: 38_000 });
      const noticedAfterMs = Date.now() - cutAt;
      await expect.poll(shownLines, { timeout: 15_000, message: 'the transcript caught up after the page noticed' }).toEqual(['Good morning.', 'Kenya has the floor.']);
      const backAfterMs = Date.now() - cutAt;
      expect(noticedAfterMs, 'noticed within the ping interval and timeout').toBeLessThan(38_000);
      expect(backAfterMs - noticedAfterMs, 'back within a reconnection attempt or two of noticing').toBeLessThan(15_000);
      await expect.poll(() => connectionNotices(viewer), { timeout: 5_000 }).toEqual([]);
      await viewer.context().close();
    } finally {
      captioner.close();
      await proxy.close();
    }
  }, 100_000);

  it('a phone back on its network reconnects at once, not when its next retry was due: with its clock stopped, the page is back as soon as the browser says it is online', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const phone = await suite.open(links.participant(meeting.participants.remote.id), { viewport: { width: 390, height: 844 }, beforeLoad: (page) => page.clock.install() });
    await phone.getByRole('button', { name: 'Request the floor' }).waitFor({ timeout: 10_000 });
    // From here no timer of the page fires: Socket.IO's next attempt would never come.
    await phone.clock.pauseAt(Date.now() + 1000);
    await phone.context().setOffline(true);
    for (const socket of await suite.server.app.io.fetchSockets()) {
      if (socket.handshake.auth.token === meeting.participants.remote.token) socket.disconnect(true);
    }
    await phone.getByText(OFFLINE).waitFor({ timeout: 10_000 });
    await phone.context().setOffline(false);
    await phone.getByText(OFFLINE).waitFor({ state: 'detached', timeout: 10_000 });
    await phone.getByRole('button', { name: 'Request the floor' }).click();
    await expect.poll(() => phone.getByRole('status').allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('1st'));
  });

  it('a server restarted on its data mid-meeting is found again by the open pages, which show exactly its meeting, changes made since included', async () => {
    let first: RunningServer | undefined = await startServer();
    let second: RunningServer | undefined;
    const { dataDir } = first;
    try {
      const meeting = await seedMeeting(first.url);
      const command = async (server: RunningServer, body: unknown) => {
        const result = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
        if (result.status !== 200) throw new Error(JSON.stringify(result.body));
      };
      await command(first, { type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
      await command(first, { type: 'queue:add', participantId: meeting.participants.room.id, kind: 'intervention' });
      await addWaiting(first, meeting, ['Bo Private']);
      await command(first, { type: 'floor:give' });
      const links = await meetingLinks(first, meeting.meetingId);
      const open = (path: string, viewport?: { width: number; height: number }) =>
        openPage(suite.browser, `${first!.url}${path}`, viewport ? { viewport } : {});
      const chair = await open(links.role('chair'));
      const amina = await open(links.participant(meeting.participants.room.id));
      const screen = await open(links.role('screen'), SCREEN);
      const pages = { chair, participant: amina, screen };
      const before = expectedView(first.app.registry.get(meeting.meetingId)!.state);
      expect(before).toEqual({ speaker: 'Delegate of Kenya', paused: false, queue: ['Amina Civil', 'Bo Private'] });
      await expect.poll(() => participantView(amina), { timeout: 10_000, message: 'the participant page before the restart' }).toEqual(before);
      await expect.poll(() => screenView(screen), { timeout: 10_000, message: 'the room screen before the restart' }).toEqual(before);

      const port = Number(new URL(first.url).port);
      await first.stop();
      first = undefined;
      for (const [name, page] of Object.entries(pages)) {
        await page.getByText(OFFLINE).waitFor({ timeout: 10_000 }).catch(() => {
          throw new Error(`the ${name} page did not say it lost the server`);
        });
      }

      // The pages stay away until the restarted server has moved on: they must catch up with it.
      await Promise.all(Object.values(pages).map((page) => page.context().setOffline(true)));
      second = await startServer({ dataDir, port });
      const restarted = second;
      const state = () => restarted.app.registry.get(meeting.meetingId)!.state;
      expect(expectedView(state()), 'the log replayed').toEqual(before);
      await command(restarted, { type: 'floor:end' });
      await addWaiting(restarted, meeting, ['Carla Academic']);
      await command(restarted, { type: 'queue:close' });
      await Promise.all(Object.values(pages).map((page) => page.context().setOffline(false)));

      const expected = expectedView(state());
      expect(expected).toEqual({ speaker: null, paused: false, queue: ['Amina Civil', 'Bo Private', 'Carla Academic'] });
      await expect.poll(() => participantView(amina), { timeout: 15_000, message: 'the participant page after the restart' }).toEqual(expected);
      await expect.poll(() => screenView(screen), { timeout: 15_000, message: 'the room screen after the restart' }).toEqual(expected);
      const chairQueue = chair.getByRole('region', { name: 'List of speakers' });
      await expect
        .poll(async () => trimmed(await chairQueue.locator('.queue-line .person-name').allInnerTexts()), {
          timeout: 15_000,
          message: 'the chair console after the restart',
        })
        .toEqual(expected.queue);
      expect(await chairQueue.innerText()).toContain('The list of speakers is closed.');
      expect(await amina.getByText('The list of speakers is closed. You can still raise a point of order.').count()).toBe(1);
      for (const [name, page] of Object.entries(pages)) {
        await expect.poll(() => connectionNotices(page), { timeout: 10_000, message: `no offline notice left on the ${name} page` }).toEqual([]);
      }

      // The chair's console works on the restarted server, and the others follow it.
      await chair.getByRole('button', { name: /^Next speaker/ }).click();
      await expect.poll(() => expectedView(state()).speaker, { timeout: 10_000, message: 'the floor given on the restarted server' }).toBe('Amina Civil');
      await expect
        .poll(() => amina.getByRole('status').allInnerTexts(), { timeout: 10_000 })
        .toContainEqual('You have the floor.');
      await expect.poll(() => screenView(screen), { timeout: 10_000, message: 'the room screen following' }).toEqual(expectedView(state()));
      await Promise.all(Object.values(pages).map((page) => page.context().close()));
    } finally {
      await first?.stop();
      await second?.stop();
      removeDir(dataDir);
    }
  }, 60_000);
});
