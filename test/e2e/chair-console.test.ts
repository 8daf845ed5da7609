import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import ar from '../../shared/i18n/ar.json';
import { axeViolations } from '../support/axe.js';
import { MeetingClock } from '../support/clock.js';
import { meetingLinks, touchScreen, useBrowserAndServer } from '../support/e2e.js';
import { accepted, http, MirrorClient, seedMeeting, type SeededMeeting } from '../support/harness.js';

const clock = new MeetingClock();
const suite = useBrowserAndServer({ clock: clock.now });
const shots = join(import.meta.dirname, '../../.cache/shots');
mkdirSync(shots, { recursive: true });

afterEach(() => clock.release());

const command = async (meetingId: string, body: unknown) => {
  const result = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, body);
  if (result.status !== 200) throw new Error(`${JSON.stringify(body)} refused: ${JSON.stringify(result.body)}`);
  return result.body as { seq: number; createdId: string | null };
};

/** A fresh meeting with the seeded delegates waiting in the given order, and its links. */
async function meetingWaiting(...waiting: Array<'remote' | 'room'>) {
  const meeting = await seedMeeting(suite.server.url);
  for (const who of waiting) {
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants[who].id, kind: 'intervention' });
  }
  return { meeting, links: await meetingLinks(suite.server, meeting.meetingId) };
}

/** The meeting as the server holds it: what every page must end up showing. */
const held = (meetingId: string) => suite.server.app.registry.get(meetingId)!.state;
const topicOf = (meetingId: string) => held(meetingId).topics.find((topic) => topic.id === held(meetingId).currentTopicId)!;

/** "1:58" → 118, "-0:07" → -7: a countdown as the pages show it, in seconds. */
function secondsOf(clockText: string): number {
  const match = clockText.trim().match(/^(-?)(\d+):(\d\d)$/);
  if (!match) throw new Error(`not a countdown: "${clockText}"`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** A remaining time as a countdown shows it: whole seconds, rounded towards the limit. */
function shownRemaining(remainingMs: number): string {
  const seconds = Math.ceil(remainingMs / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The names in the chair's list of speakers, in order. */
async function chairQueue(chair: Page): Promise<string[]> {
  const list = chair.getByRole('region', { name: 'List of speakers' });
  return (await list.locator('.queue-line .person-name').allInnerTexts()).map((name) => name.trim());
}

const namesOf = (meeting: SeededMeeting, ids: readonly string[]) =>
  ids.map((id) => held(meeting.meetingId).participants.find((participant) => participant.id === id)?.displayName);

/** Each tone the page starts, by its pitch: what its loudspeaker or headset plays. */
const recordTones = (page: Page) =>
  page.addInitScript(() => {
    const tones: number[] = [];
    (window as unknown as { tones: number[] }).tones = tones;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      const oscillator = create.call(this);
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (when?: number) => {
        tones.push(oscillator.frequency.value);
        start(when);
      };
      return oscillator;
    };
  });
const tonesOf = (page: Page) => page.evaluate(() => [...(window as unknown as { tones: number[] }).tones]);

/**
 * Chrome's autoplay rule for Web Audio, which headless Chromium does not apply, as Chrome
 * documents it (chromestatus.com/feature/4510315433689088, "Autoplay Policy for Web Audio"):
 * "When an AudioContext is created, it will start as suspended if it wasn't allowed to play.
 * Calling resume() will only start the AudioContext if it is allowed to play." Allowed: once
 * the user has interacted with the page (developer.chrome.com/blog/autoplay: "The user has
 * interacted with the domain (click, tap, etc.)"). Until then, resume()'s promise waits (Web
 * Audio API, "pending resume promises"). A page knows the user's activation from
 * `navigator.userActivation` (HTML: sticky `hasBeenActive`, transient `isActive` right after
 * an activation-triggering input event). Headless Chromium reports both true from the start,
 * so here they follow the page's own trusted input events; transient activation lasts the
 * event's task, shorter than Chrome's few seconds: what is asked at once in a click's handler.
 */
const holdSoundUntilClicked = (page: Page) =>
  page.addInitScript(() => {
    let activated = false;
    let transient = false;
    const afterTask = new MessageChannel();
    afterTask.port1.onmessage = () => (transient = false);
    for (const type of ['keydown', 'mousedown', 'pointerdown', 'pointerup', 'mouseup', 'click', 'touchend']) {
      window.addEventListener(
        type,
        (event) => {
          if (!event.isTrusted) return;
          activated = transient = true;
          afterTask.port2.postMessage(null);
        },
        { capture: true },
      );
    }
    Object.defineProperty(Navigator.prototype, 'userActivation', {
      get: () => ({ hasBeenActive: activated, isActive: transient }),
    });
    const running = new WeakSet<BaseAudioContext>();
    const waiting: Array<() => void> = [];
    const start = (context: BaseAudioContext) => {
      running.add(context);
      context.dispatchEvent(new Event('statechange'));
      waiting.splice(0).forEach((resolve) => resolve());
    };
    Object.defineProperty(BaseAudioContext.prototype, 'state', {
      get(this: BaseAudioContext) {
        return running.has(this) ? 'running' : 'suspended';
      },
    });
    AudioContext.prototype.resume = function (this: AudioContext) {
      if (running.has(this)) return Promise.resolve();
      if (!activated) return new Promise<void>((resolve) => waiting.push(resolve));
      start(this);
      return Promise.resolve();
    };
    const Allowed = AudioContext;
    window.AudioContext = class extends Allowed {
      constructor(options?: AudioContextOptions) {
        super(options);
        if (activated) queueMicrotask(() => start(this));
      }
    };
  });

describe('the chair console in Chromium: the list of speakers', () => {
  it('a delegate raising a flag among three hundred registered is found by a country typed without its accent and added by keyboard; the search then empties', async () => {
    const { meeting, links } = await meetingWaiting();
    const register = (displayName: string, country: string) =>
      http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/registrations`, { displayName, affiliation: `Delegation of ${country}`, country, stakeholderGroup: 'government', attendance: 'room' }, null);
    for (let index = 0; index < 300; index += 1) await register(`Delegate ${index}`, index % 2 ? 'Kenya' : 'Brazil');
    await register('Kofi Mensah', "Côte d'Ivoire");
    const chair = await suite.open(links.role('chair'));
    const form = chair.getByRole('form', { name: 'Add someone to the list' });
    const find = form.getByRole('searchbox', { name: 'Find (name, delegation or country)' });
    await find.waitFor({ timeout: 10_000 });
    const participant = form.getByRole('combobox', { name: 'Participant' });
    expect(await participant.locator('option').count()).toBe(1 + 303);

    await find.focus();
    await chair.keyboard.type('cote');
    await form.getByText('1 participant matches.').waitFor({ timeout: 5000 });
    expect(await participant.locator('option').allInnerTexts()).toEqual(['Choose a participant', "Kofi Mensah · Delegation of Côte d'Ivoire · Côte d'Ivoire"]);
    // The only match is chosen: Enter in the search adds them.
    await chair.keyboard.press('Enter');
    await expect.poll(() => chairQueue(chair), { timeout: 5000, message: 'added to the list' }).toEqual(['Kofi Mensah']);
    await expect.poll(() => find.inputValue(), { timeout: 5000 }).toBe('');
    expect(await participant.locator('option').count()).toBe(1 + 302);

    await find.fill('nobody here');
    await form.getByText('No one matches: the list below is empty.').waitFor({ timeout: 5000 });
  });

  it('closing the list asks first, naming the topic and who keeps their place; a closed list still takes a point of order; reopening needs no confirmation', async () => {
    const { meeting, links } = await meetingWaiting('remote');
    const chair = await suite.open(links.role('chair'));
    const amina = await suite.open(links.participant(meeting.participants.room.id));
    const request = amina.getByRole('button', { name: 'Request the floor' });
    await request.waitFor({ timeout: 10_000 });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000, message: 'the waiting delegate on the console' }).toEqual([
      'Delegate of Kenya',
    ]);

    const closeButton = chair.getByRole('button', { name: /^Close list/ });
    const dialog = chair.getByRole('dialog', { name: 'Close the list of speakers?' });
    await closeButton.click();
    await expect
      .poll(() => dialog.innerText(), { timeout: 5_000, message: 'the close-list confirmation' })
      .toContain(
        'Nobody will be able to ask for the floor on “Connectivity” any more, except for points of order. The 1 person waiting keeps their place.',
      );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count(), { timeout: 5_000, message: 'the dialog closed by Cancel' }).toBe(0);
    expect(topicOf(meeting.meetingId).listClosed, 'Cancel closes nothing').toBe(false);

    await closeButton.click();
    await dialog.getByRole('button', { name: 'Close list' }).click();
    await expect
      .poll(() => topicOf(meeting.meetingId).listClosed, { timeout: 10_000, message: 'the list closed on the server' })
      .toBe(true);
    const chairList = chair.getByRole('region', { name: 'List of speakers' });
    await expect
      .poll(() => chairList.innerText(), { timeout: 10_000, message: 'the console saying the list is closed' })
      .toContain('The list of speakers is closed.');
    expect(await chairQueue(chair), 'whoever waited keeps their place').toEqual(['Delegate of Kenya']);
    // The participant can no longer ask for the floor, except on a point of order.
    await expect
      .poll(() => amina.getByText('The list of speakers is closed. You can still raise a point of order.').count(), {
        timeout: 10_000,
        message: 'the participant told the list is closed',
      })
      .toBe(1);
    expect(await request.count()).toBe(0);
    await amina.getByRole('button', { name: 'Raise a point of order' }).click();
    await expect
      .poll(() => chairQueue(chair), { timeout: 10_000, message: 'the point of order at the top of the closed list' })
      .toEqual(['Amina Civil', 'Delegate of Kenya']);

    await chair.getByRole('button', { name: /^Reopen list/ }).click();
    expect(await chair.getByRole('dialog').count(), 'reopening asks nothing').toBe(0);
    await expect
      .poll(() => topicOf(meeting.meetingId).listClosed, { timeout: 10_000, message: 'the list reopened on the server' })
      .toBe(false);
    await expect.poll(() => chairList.innerText(), { timeout: 10_000 }).toContain('The list is open.');
    await request.waitFor({ timeout: 10_000 });
    expect(namesOf(meeting, topicOf(meeting.meetingId).queue.map((entry) => entry.participantId))).toEqual([
      'Amina Civil',
      'Delegate of Kenya',
    ]);
  });

  it('while the chair’s pointer is on the list, a delegate who withdraws leaves a blank line in place, so "Give the floor" lands on the person it was aimed at; the list closes up once the pointer leaves', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const chen = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/registrations`, { displayName: 'Chen Jing', affiliation: 'CAICT', country: 'China', stakeholderGroup: 'academic_technical', attendance: 'room' }, null);
    if (chen.status !== 201) throw new Error(JSON.stringify(chen.body));
    await command(meeting.meetingId, { type: 'queue:add', participantId: chen.body.participantId, kind: 'intervention' });
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1920, height: 1080 } });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Delegate of Kenya', 'Amina Civil', 'Chen Jing']);
    const list = chair.getByRole('region', { name: 'List of speakers' });
    const give = list.locator('.queue-line', { hasText: 'Amina Civil' }).getByRole('button', { name: 'Give the floor' });
    await give.scrollIntoViewIfNeeded();
    const box = (await give.boundingBox())!;
    await chair.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    // Kenya, first in the list, withdraws just as the chair aims at Amina, below.
    const [kenya] = topicOf(meeting.meetingId).queue;
    await command(meeting.meetingId, { type: 'queue:withdraw', entryId: kenya!.id });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Amina Civil', 'Chen Jing']);
    await list.locator('.queue-departed', { hasText: 'Delegate of Kenya' }).getByText('No longer waiting').waitFor({ timeout: 5000 });
    expect(await give.boundingBox()).toEqual(box);

    await chair.mouse.down();
    await chair.mouse.up();
    await expect.poll(() => topicOf(meeting.meetingId).floor?.participantId, { timeout: 10_000 }).toBe(meeting.participants.room.id);
    expect(namesOf(meeting, topicOf(meeting.meetingId).queue.map((entry) => entry.participantId))).toEqual(['Chen Jing']);

    await chair.mouse.move(5, 5);
    await expect.poll(() => list.locator('.queue-departed').count(), { timeout: 5000 }).toBe(0);

    // The pointer on the last line when it goes: the list goes with it, and so does the hold.
    const chenGive = list.locator('.queue-line', { hasText: 'Chen Jing' }).getByRole('button', { name: 'Give the floor' });
    const chenBox = (await chenGive.boundingBox())!;
    await chair.mouse.move(chenBox.x + chenBox.width / 2, chenBox.y + chenBox.height / 2);
    await command(meeting.meetingId, { type: 'queue:withdraw', entryId: topicOf(meeting.meetingId).queue[0]!.id });
    await list.getByText('Nobody is waiting to speak.').waitFor({ timeout: 5000 });
    await chair.mouse.move(5, 5);
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command(meeting.meetingId, { type: 'queue:add', participantId: chen.body.participantId, kind: 'intervention' });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Delegate of Kenya', 'Chen Jing']);
    await command(meeting.meetingId, { type: 'queue:withdraw', entryId: topicOf(meeting.meetingId).queue[0]!.id });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Chen Jing']);
    expect(await list.locator('.queue-departed').count()).toBe(0);
  });

  it('on a tablet, a tap on "Give the floor" that lands just as a delegate above withdrew gives nobody the floor and says why; the next tap gives it to the delegate now seen there', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const chen = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/registrations`, { displayName: 'Chen Jing', affiliation: 'CAICT', country: 'China', stakeholderGroup: 'academic_technical', attendance: 'room' }, null);
    if (chen.status !== 201) throw new Error(JSON.stringify(chen.body));
    await command(meeting.meetingId, { type: 'queue:add', participantId: chen.body.participantId, kind: 'intervention' });
    // The page's clock is the test's, so "just as" is exact whatever the machine's load.
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1180, height: 820 }, beforeLoad: (page: Page) => page.clock.install() });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Delegate of Kenya', 'Amina Civil', 'Chen Jing']);
    await chair.clock.pauseAt(Date.now() + 1000);
    const { tap } = await touchScreen(chair);
    const list = chair.getByRole('region', { name: 'List of speakers' });
    const giveTo = (name: string) => list.locator('.queue-line', { hasText: name }).getByRole('button', { name: 'Give the floor' });
    // At this width the list's column is narrow: each line's name and badges stay readable, clear of its buttons.
    const crowded = await list.locator('.queue-line').evaluateAll((lines) =>
      lines.flatMap((line) => {
        const boxOf = (selector: string) => line.querySelector(selector)!.getBoundingClientRect();
        const actions = boxOf('.entry-actions');
        const overlaps = (box: DOMRect) => Math.min(box.right, actions.right) - Math.max(box.left, actions.left) > 1 && Math.min(box.bottom, actions.bottom) - Math.max(box.top, actions.top) > 1;
        const name = line.querySelector('.person-name')!;
        // The name shown whole (its box within the part that clips it), and no badge under a button.
        const cut = name.getBoundingClientRect().width > boxOf('.queue-who').width + 1;
        const badges = [...line.querySelectorAll('.queue-what > *')].map((badge) => badge.getBoundingClientRect());
        return cut || badges.some(overlaps) ? [name.textContent] : [];
      }),
    );
    expect(crowded, 'lines whose name is cut or which run under their buttons').toEqual([]);
    await giveTo('Amina Civil').scrollIntoViewIfNeeded();
    const box = (await giveTo('Amina Civil').boundingBox())!;
    const amina = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // Kenya, first in the list, withdraws as the chair's finger comes down on Amina's button: a finger gives no hover, so nothing held the list.
    const [kenya] = topicOf(meeting.meetingId).queue;
    await command(meeting.meetingId, { type: 'queue:withdraw', entryId: kenya!.id });
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Amina Civil', 'Chen Jing']);
    expect((await giveTo('Chen Jing').boundingBox())!.y, 'Chen’s button is where Amina’s was').toBeCloseTo(box.y, 0);
    await tap(amina);
    await chair.getByRole('status').filter({ hasText: 'The list moved just as you pressed, so nothing was done.' }).waitFor({ timeout: 5000 });
    expect(topicOf(meeting.meetingId).floor).toBeNull();
    await chair.screenshot({ path: join(shots, 'chair-moved-as-pressed-1180x820-en.png') });

    await chair.clock.runFor(1000);
    // The browser times double taps by its own clock: a second tap this soon would be the second of a double tap, which "Give the floor" ignores.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await tap(amina);
    await expect.poll(() => topicOf(meeting.meetingId).floor?.participantId, { timeout: 10_000 }).toBe(chen.body.participantId);
    expect(namesOf(meeting, topicOf(meeting.meetingId).queue.map((entry) => entry.participantId))).toEqual(['Amina Civil']);
  });

  it('"Re-add" names the last speaker and puts them back at the head of the list with the kind of their speech; the chair is told when they already wait or speak', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const chair = await suite.open(links.role('chair'));
    const kenya = await suite.open(links.participant(meeting.participants.remote.id));
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Delegate of Kenya', 'Amina Civil']);

    // Nobody has spoken yet: the button is there, and says it cannot act.
    const readdNobody = chair.getByRole('button', { name: 'Re-add last speaker' });
    expect(await readdNobody.getAttribute('aria-disabled')).toBe('true');

    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    const floor = chair.getByRole('region', { name: 'The floor' });
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await chair.getByRole('button', { name: /^End speech/ }).click();
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).toContain('Nobody has the floor.');

    const readd = chair.getByRole('button', { name: 'Re-add Delegate of Kenya' });
    expect(await readd.getAttribute('aria-disabled')).toBeNull();
    await readd.click();
    await expect
      .poll(() => chairQueue(chair), { timeout: 10_000, message: 'the last speaker back at the head of the list' })
      .toEqual(['Delegate of Kenya', 'Amina Civil']);
    const [first] = topicOf(meeting.meetingId).queue;
    expect(first).toMatchObject({ participantId: meeting.participants.remote.id, kind: 'intervention' });
    await expect
      .poll(() => kenya.getByRole('status').allInnerTexts(), { timeout: 10_000, message: 'the re-added delegate told their place' })
      .toContainEqual(expect.stringContaining('You are 1st in the queue.'));

    // Pressed again: refused, saying who is already waiting, and nothing changes.
    const seq = suite.server.app.registry.get(meeting.meetingId)!.seq;
    await readd.click();
    const alert = chair.getByRole('alert').filter({ hasText: 'already' });
    await expect
      .poll(() => alert.allInnerTexts(), { timeout: 10_000, message: 'the refusal of a second re-add' })
      .toEqual(['Delegate of Kenya is already waiting on this topic.']);
    expect(suite.server.app.registry.get(meeting.meetingId)!.seq).toBe(seq);
    expect(await chairQueue(chair)).toEqual(['Delegate of Kenya', 'Amina Civil']);

    // Once they have the floor again, re-adding them says so.
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await readd.click();
    await expect
      .poll(() => chair.getByRole('alert').filter({ hasText: 'floor now' }).allInnerTexts(), {
        timeout: 10_000,
        message: 'the refusal to re-add the speaker',
      })
      .toEqual(['Delegate of Kenya has the floor now.']);
    expect(await chairQueue(chair)).toEqual(['Amina Civil']);
  });
});

describe('the chair console in Chromium: the speech in progress', () => {
  it('a paused speech keeps its remaining time on every page however long the pause lasts, and counts down from there on resume', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const withClock = { beforeLoad: clock.install };
    const chair = await suite.open(links.role('chair'), withClock);
    const speaker = await suite.open(links.participant(meeting.participants.remote.id), withClock);
    const screen = await suite.open(links.role('screen'), withClock);
    const timers: Record<string, Locator> = {
      chair: chair.getByRole('region', { name: 'The floor' }).getByRole('timer'),
      'speaker (own card)': speaker.locator('.my-floor-card').getByRole('timer'),
      'speaker (floor)': speaker.getByRole('region', { name: 'The floor' }).getByRole('timer'),
      screen: screen.getByRole('timer'),
    };
    const shown = async () =>
      Object.fromEntries(await Promise.all(Object.entries(timers).map(async ([page, timer]) => [page, (await timer.innerText()).trim()])));
    const everywhere = (text: string) => Object.fromEntries(Object.keys(timers).map((page) => [page, text]));
    await expect.poll(() => chairQueue(chair), { timeout: 10_000 }).toEqual(['Delegate of Kenya', 'Amina Civil']);

    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    for (const [page, timer] of Object.entries(timers)) await timer.waitFor({ timeout: 10_000 }).catch(() => {
      throw new Error(`no countdown on ${page}`);
    });

    await chair.getByRole('button', { name: /^Pause/ }).click();
    await expect
      .poll(() => topicOf(meeting.meetingId).floor?.pauses.length, { timeout: 10_000, message: 'the pause on the server' })
      .toBe(1);
    const speech = topicOf(meeting.meetingId).floor!;
    const pausedText = shownRemaining(120_000 - (speech.pauses[0]!.startedAt - speech.startedAt));
    await expect.poll(shown, { timeout: 10_000, message: 'the paused remaining time on every page' }).toEqual(everywhere(pausedText));
    for (const page of [chair, speaker, screen]) {
      await expect.poll(() => page.locator('.paused-flag').first().textContent(), { timeout: 10_000 }).toBe('Paused');
    }
    await chair.getByRole('button', { name: /^Resume/ }).waitFor({ timeout: 5_000 });

    // A long pause: the pages' clocks move on, the countdowns do not.
    const waited = chair.locator('.queue-line', { hasText: 'Amina Civil' }).locator('.waited [aria-hidden]');
    const waitedBefore = secondsOf(await waited.innerText());
    await clock.advance(15_000);
    await expect
      .poll(async () => secondsOf(await waited.innerText()) - waitedBefore, {
        timeout: 5_000,
        message: 'the console redrawn after the pause went on (the waiting time moves)',
      })
      .toBeGreaterThanOrEqual(15);
    expect(await shown(), 'the countdowns stood still during the pause').toEqual(everywhere(pausedText));

    await chair.getByRole('button', { name: /^Resume/ }).click();
    await expect
      .poll(() => topicOf(meeting.meetingId).floor?.pauses[0]?.endedAt ?? null, { timeout: 10_000, message: 'the resume on the server' })
      .not.toBeNull();
    // Restarted from where it stood: the 15 s of pause are not taken off. The pages' clocks and
    // the server's agree up to the network's delay, hence a second either way.
    const resumed = topicOf(meeting.meetingId).floor!;
    const remainingNow = () => {
      const paused = resumed.pauses[0]!.endedAt! - resumed.pauses[0]!.startedAt;
      return (120_000 - (clock.now() - resumed.startedAt - paused)) / 1000;
    };
    for (const [page, timer] of Object.entries(timers)) {
      await expect
        .poll(async () => secondsOf(await timer.innerText()), { timeout: 10_000, message: `the countdown going down again on ${page}` })
        .toBeLessThan(secondsOf(pausedText));
      const shownSeconds = secondsOf(await timer.innerText());
      expect(Math.abs(shownSeconds - remainingNow()), `${page} counts from the paused time`).toBeLessThanOrEqual(2);
    }
    expect(await chair.locator('.paused-flag').count()).toBe(0);
    expect(await screen.locator('.paused-flag').count()).toBe(0);
  });

  it('the speaker’s own page says when their time is nearly up and when it is up, with a chime that can be turned off on the device; a chime the browser holds back is said to be and never played late; time added by the chair makes it say so again', async () => {
    const { meeting, links } = await meetingWaiting('remote');
    const speaker = await suite.open(links.participant(meeting.participants.remote.id), {
      beforeLoad: async (page) => {
        await clock.install(page);
        await recordTones(page);
        await holdSoundUntilClicked(page);
      },
    });
    const tones = () => tonesOf(speaker);
    const card = speaker.locator('.my-floor-card');
    const said = card.getByRole('status').filter({ hasNotText: 'You have the floor.' });
    await command(meeting.meetingId, { type: 'floor:give', expectedSpeechId: null });
    await card.getByRole('timer').waitFor({ timeout: 10_000 });
    const chimeChoice = card.getByRole('checkbox', { name: 'Sound a chime when my time is nearly up and when it is up' });
    expect(await chimeChoice.isChecked()).toBe(true);
    expect(await said.innerText()).toBe('');
    // Nobody has clicked this page yet: the browser holds sound back, and the page says so.
    const heldBack = speaker.getByText('This browser holds the chime back until you click on this page.');
    await heldBack.waitFor({ timeout: 5_000 });

    // Two minutes allowed, a warning at 30 seconds: said in words, its chime held back.
    await clock.advance(95_000);
    await expect.poll(() => said.innerText(), { timeout: 10_000 }).toMatch(/^Your time is nearly up: \d+ seconds left\.$/);
    await speaker.waitForTimeout(500);
    expect(await tones()).toEqual([]);
    // Let through, the warning already past is not played late; time up sounds.
    await speaker.getByRole('button', { name: 'Let the chime sound' }).click();
    await expect.poll(() => heldBack.count(), { timeout: 5_000 }).toBe(0);
    await speaker.waitForTimeout(1_000);
    expect(await tones(), 'a held-back chime does not sound once the page is clicked').toEqual([]);
    await clock.advance(30_000);
    await expect.poll(() => said.innerText(), { timeout: 10_000 }).toBe('Your speaking time is up.');
    await expect.poll(tones, { timeout: 5_000 }).toEqual([880, 660]);

    // A minute added by the chair: the warning and time up again, each with its chime.
    const speechId = topicOf(meeting.meetingId).floor!.id;
    await command(meeting.meetingId, { type: 'floor:addTime', speechId, seconds: 60 });
    await expect.poll(() => card.getByRole('timer').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Time remaining');
    await clock.advance(30_000);
    await expect.poll(() => said.innerText(), { timeout: 10_000 }).toMatch(/^Your time is nearly up: \d+ seconds left\.$/);
    await expect.poll(tones, { timeout: 5_000 }).toEqual([880, 660, 660]);
    await clock.advance(30_000);
    await expect.poll(() => said.innerText(), { timeout: 10_000 }).toBe('Your speaking time is up.');
    await expect.poll(tones, { timeout: 5_000 }).toEqual([880, 660, 660, 880, 660]);

    // Turned off, and kept off after a reload; the words stay. The reloaded page is clicked, so
    // only the choice keeps it silent.
    await chimeChoice.uncheck();
    await speaker.reload();
    await card.getByRole('timer').waitFor({ timeout: 10_000 });
    expect(await chimeChoice.isChecked()).toBe(false);
    expect(await said.innerText(), 'a page opened over time raises no alarm already past').toBe('');
    await card.getByRole('timer').click();
    await command(meeting.meetingId, { type: 'floor:addTime', speechId, seconds: 60 });
    await expect.poll(() => card.getByRole('timer').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Time remaining');
    await clock.advance(30_000);
    await expect.poll(() => said.innerText(), { timeout: 10_000 }).toMatch(/^Your time is nearly up: \d+ seconds left\.$/);
    await speaker.waitForTimeout(500);
    expect(await tones()).toEqual([]);
    // A speech without a limit has nothing to signal, and offers no such choice.
    await command(meeting.meetingId, { type: 'meeting:setSpeakingTime', seconds: null, applyToSpeechId: speechId });
    await expect.poll(() => card.getByRole('timer').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Speaking time');
    expect(await chimeChoice.count()).toBe(0);
  });

  it('the room’s AV station sounds the bell in the hall only once turned on there, tested first, at time up only unless asked; it says when it rang and for whom; a reload rings nothing already past, and a bell the browser holds back is said to be, shown with a way to let it sound, and never rung late', async () => {
    const { meeting } = await meetingWaiting('room');
    await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'venue', label: 'Room AV' });
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const venue = await suite.open(links.role('venue'), {
      beforeLoad: async (page) => {
        await clock.install(page);
        await recordTones(page);
        await holdSoundUntilClicked(page);
      },
    });
    const bell = venue.getByRole('region', { name: 'Bell in the hall' });
    const bellOn = bell.getByRole('checkbox', { name: 'Sound the bell in the hall' });
    const rang = bell.getByRole('status');
    // The station has seen the speech begin before its time runs: a speech first seen already
    // in its warning rings nothing (a page opened mid-speech).
    const onFloor = (name: string) =>
      expect.poll(() => venue.getByRole('region', { name: 'The floor' }).innerText(), { timeout: 10_000 }).toContain(name);
    await bellOn.waitFor({ timeout: 10_000 });
    expect(await bellOn.isChecked(), 'off until the technician turns it on').toBe(false);

    // Two minutes allowed, a warning at 30 seconds: nothing through the loudspeakers while off.
    await command(meeting.meetingId, { type: 'floor:give', expectedSpeechId: null });
    await onFloor('Amina Civil');
    await clock.advance(95_000);
    await venue.waitForTimeout(1_000);
    expect(await tonesOf(venue)).toEqual([]);
    expect(await rang.innerText()).toBe('');

    // The technician tries it before relying on it, then turns it on.
    await bell.getByRole('button', { name: 'Test the bell' }).click();
    await expect.poll(() => tonesOf(venue), { timeout: 5_000 }).toEqual([880, 660]);
    await bellOn.check();
    await clock.advance(30_000);
    await expect.poll(() => rang.innerText(), { timeout: 10_000 }).toMatch(/^\d{1,2}:\d\d:\d\d\s[AP]M: the bell sounded, Amina Civil's time is up\.$/);
    expect(await tonesOf(venue)).toEqual([880, 660, 880, 660]);

    // At time up only unless asked: the next speaker's warning rings nothing in the hall.
    const nearlyUpToo = bell.getByRole('checkbox', { name: "Also when a speaker's time is nearly up" });
    expect(await nearlyUpToo.isChecked()).toBe(false);
    await command(meeting.meetingId, { type: 'floor:end' });
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command(meeting.meetingId, { type: 'floor:give', expectedSpeechId: null });
    await onFloor('Delegate of Kenya');
    await clock.advance(95_000);
    await venue.waitForTimeout(1_000);
    expect(await tonesOf(venue)).toEqual([880, 660, 880, 660]);
    expect(await rang.innerText()).toContain("Amina Civil's time is up.");
    await nearlyUpToo.check();

    // Kept on after a reload, which rings nothing for a time already up. Nobody has clicked the
    // reloaded page yet: the browser holds sound back, and the station says so.
    await venue.reload();
    await bellOn.waitFor({ timeout: 10_000 });
    expect(await bellOn.isChecked()).toBe(true);
    expect(await nearlyUpToo.isChecked()).toBe(true);
    const heldBack = bell.getByText('This browser holds the bell back until someone clicks on this page.');
    await heldBack.waitFor({ timeout: 5_000 });
    expect(await tonesOf(venue)).toEqual([]);
    // The next speaker's time: held back, and said to be.
    await command(meeting.meetingId, { type: 'floor:end' });
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants.room.id, kind: 'intervention' });
    await command(meeting.meetingId, { type: 'floor:give', expectedSpeechId: null });
    await onFloor('Amina Civil');
    await clock.advance(95_000);
    await expect
      .poll(() => rang.innerText(), { timeout: 10_000 })
      .toMatch(/^\d{1,2}:\d\d:\d\d\s[AP]M: Amina Civil's time is nearly up, but the browser held the bell back\.$/);
    // A click anywhere on the page lets it through (the notice's button does the same); it is
    // not played late; the next signal sounds.
    await bell.getByRole('button', { name: 'Let the bell sound' }).waitFor();
    await venue.getByRole('heading', { name: 'Room audio and video' }).click();
    await expect.poll(() => heldBack.count(), { timeout: 5_000 }).toBe(0);
    await venue.waitForTimeout(1_500);
    expect(await tonesOf(venue), 'a held-back bell does not ring once the page is clicked').toEqual([]);
    await clock.advance(30_000);
    await expect.poll(() => rang.innerText(), { timeout: 10_000 }).toMatch(/^\d{1,2}:\d\d:\d\d\s[AP]M: the bell sounded, Amina Civil's time is up\.$/);
    expect(await tonesOf(venue)).toEqual([880, 660]);
    // The warning too, now asked for: the next speaker's, on time.
    await command(meeting.meetingId, { type: 'floor:end' });
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command(meeting.meetingId, { type: 'floor:give', expectedSpeechId: null });
    await onFloor('Delegate of Kenya');
    await clock.advance(95_000);
    await expect.poll(() => rang.innerText(), { timeout: 10_000 }).toMatch(/^\d{1,2}:\d\d:\d\d\s[AP]M: the bell sounded, Delegate of Kenya's time is nearly up\.$/);
    expect(await tonesOf(venue)).toEqual([880, 660, 660]);
    expect(await axeViolations(venue, 'the AV station with the bell on')).toEqual([]);
  });

  it('a new meeting or topic limit counts for the next speeches, and for the speech in progress only when the chair says so', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const chair = await suite.open(links.role('chair'));
    const screen = await suite.open(links.role('screen'));
    const meetingField = chair.getByRole('spinbutton', { name: 'Limit for the meeting (empty: no limit)' });
    const topicField = chair.getByRole('spinbutton', { name: 'Limit for the current topic (empty: the meeting\'s limit)' });
    const applyDialog = chair.getByRole('dialog', { name: 'Apply the new limit to the current speech?' });
    const screenTimer = screen.getByRole('timer');
    const screenSeconds = async () => secondsOf(await screenTimer.innerText());
    await expect.poll(() => meetingField.inputValue(), { timeout: 10_000 }).toBe('120');

    // Nobody speaking: nothing to ask.
    await meetingField.fill('90');
    await chair.getByRole('button', { name: 'Set meeting limit' }).click();
    await expect.poll(() => held(meeting.meetingId).speakingTimeLimitSec, { timeout: 10_000 }).toBe(90);
    expect(await applyDialog.count()).toBe(0);

    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    await expect.poll(screenSeconds, { timeout: 10_000, message: 'a 1:30 countdown on the screen' }).toBeLessThanOrEqual(90);
    expect(topicOf(meeting.meetingId).floor?.timeLimitSec).toBe(90);

    // A shorter meeting limit, for the next speeches only.
    await meetingField.fill('60');
    await chair.getByRole('button', { name: 'Set meeting limit' }).click();
    await expect
      .poll(() => applyDialog.innerText(), { timeout: 5_000, message: 'the question about the speech in progress' })
      .toContain(
        "Delegate of Kenya is speaking. The new limit (1:00) counts for the next speeches; it can count for Delegate of Kenya's speech too.",
      );
    await applyDialog.getByRole('button', { name: 'Only for the next speeches' }).click();
    await expect.poll(() => held(meeting.meetingId).speakingTimeLimitSec, { timeout: 10_000 }).toBe(60);
    expect(topicOf(meeting.meetingId).floor?.timeLimitSec, 'the speech keeps its limit').toBe(90);
    expect(await screenSeconds(), 'the screen keeps counting from 1:30').toBeGreaterThan(60);

    // A topic limit applied to the speech in progress too.
    await topicField.fill('45');
    await chair.getByRole('button', { name: 'Set topic limit' }).click();
    await expect.poll(() => applyDialog.innerText(), { timeout: 5_000 }).toContain('The new limit (0:45)');
    await applyDialog.getByRole('button', { name: "Apply to Delegate of Kenya's speech too" }).click();
    await expect.poll(() => topicOf(meeting.meetingId).floor?.timeLimitSec, { timeout: 10_000 }).toBe(45);
    expect(topicOf(meeting.meetingId).speakingTimeLimitSec).toBe(45);
    await expect.poll(screenSeconds, { timeout: 10_000, message: 'the screen counting from 0:45' }).toBeLessThanOrEqual(45);
    const chairTimer = chair.getByRole('region', { name: 'The floor' }).getByRole('timer');
    expect(secondsOf(await chairTimer.innerText())).toBeLessThanOrEqual(45);

    // An empty topic limit falls back to the meeting's: offered for the speech, declined.
    await topicField.fill('');
    await chair.getByRole('button', { name: 'Set topic limit' }).click();
    await expect.poll(() => applyDialog.innerText(), { timeout: 5_000 }).toContain('The new limit (1:00)');
    await applyDialog.getByRole('button', { name: 'Only for the next speeches' }).click();
    await expect.poll(() => topicOf(meeting.meetingId).speakingTimeLimitSec, { timeout: 10_000 }).toBeNull();
    expect(topicOf(meeting.meetingId).floor?.timeLimitSec).toBe(45);
    await expect.poll(() => topicField.inputValue()).toBe('');

    // The next speech gets the meeting's limit.
    await chair.getByRole('button', { name: /^End speech/ }).click();
    await expect.poll(() => topicOf(meeting.meetingId).floor, { timeout: 10_000 }).toBeNull();
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    await expect
      .poll(() => screen.getByRole('region', { name: 'Current speaker' }).innerText(), { timeout: 10_000 })
      .toContain('Amina Civil');
    expect(topicOf(meeting.meetingId).floor?.timeLimitSec).toBe(60);
    await expect.poll(screenSeconds, { timeout: 10_000 }).toBeLessThanOrEqual(60);
    expect(await screenSeconds()).toBeGreaterThan(45);
  });

  it('a limit being typed on one console is kept when another console sets the limit meanwhile; untouched, the field follows it', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const [first, second] = [await suite.open(links.role('chair')), await suite.open(links.role('chair'))];
    const fieldOf = (page: Page) => page.getByRole('spinbutton', { name: 'Limit for the meeting (empty: no limit)' });
    await expect.poll(() => fieldOf(first).inputValue(), { timeout: 10_000 }).toBe('120');
    await expect.poll(() => fieldOf(second).inputValue(), { timeout: 10_000 }).toBe('120');

    await fieldOf(first).fill('180');
    await fieldOf(second).fill('90');
    await second.getByRole('button', { name: 'Set meeting limit' }).click();
    await expect.poll(() => held(meeting.meetingId).speakingTimeLimitSec, { timeout: 10_000 }).toBe(90);
    // A change the first console is sure to have had: the topic's own limit, set on the second.
    await second.getByRole('spinbutton', { name: "Limit for the current topic (empty: the meeting's limit)" }).fill('60');
    await second.getByRole('button', { name: 'Set topic limit' }).click();
    await expect
      .poll(() => first.getByRole('spinbutton', { name: "Limit for the current topic (empty: the meeting's limit)" }).inputValue(), { timeout: 10_000, message: 'the untouched field follows' })
      .toBe('60');
    expect(await fieldOf(first).inputValue(), 'the limit being typed is kept').toBe('180');

    await first.getByRole('button', { name: 'Set meeting limit' }).click();
    await expect.poll(() => held(meeting.meetingId).speakingTimeLimitSec, { timeout: 10_000 }).toBe(180);
    await expect.poll(() => fieldOf(second).inputValue(), { timeout: 10_000, message: 'and the second console follows it' }).toBe('180');
  });

  it('a limit shorter than the warning time is refused, said in the console\'s language, and changes nothing', async () => {
    const { meeting, links } = await meetingWaiting();
    const seq = () => suite.server.app.registry.get(meeting.meetingId)!.seq;
    const before = seq();

    const chair = await suite.open(links.role('chair'));
    const field = chair.getByRole('spinbutton', { name: 'Limit for the meeting (empty: no limit)' });
    await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe('120');
    await field.fill('20');
    await chair.getByRole('button', { name: 'Set meeting limit' }).click();
    await expect
      .poll(() => chair.getByRole('alert').allInnerTexts(), { timeout: 10_000, message: 'the English refusal' })
      .toContainEqual('The warning time cannot be longer than the speaking time limit.');

    const arabic = await suite.open(links.role('chair'), { locale: 'ar' });
    const topicField = arabic.getByRole('spinbutton', { name: ar.speakingTime.topic });
    await topicField.waitFor({ timeout: 10_000 });
    await topicField.fill('25');
    await arabic.getByRole('button', { name: ar.speakingTime.setTopic }).click();
    await expect
      .poll(() => arabic.getByRole('alert').allInnerTexts(), { timeout: 10_000, message: 'the Arabic refusal' })
      .toContainEqual(ar.errors.WARNING_LONGER_THAN_LIMIT);

    expect(seq(), 'nothing was logged').toBe(before);
    expect(held(meeting.meetingId).speakingTimeLimitSec).toBe(120);
    expect(topicOf(meeting.meetingId).speakingTimeLimitSec).toBeNull();
  });
});

describe('the chair console in Chromium: on a desk monitor', () => {
  it('at 1920x1080, with a speech in progress, every table of the console is whole: none needs scrolling sideways', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    await command(meeting.meetingId, { type: 'floor:give' });
    await command(meeting.meetingId, { type: 'floor:pause' });
    await command(meeting.meetingId, { type: 'floor:resume' });
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1920, height: 1080 } });
    await chair.getByRole('table', { name: 'Whole meeting' }).waitFor();
    await chair.locator('.table-scroll table').first().waitFor();
    const clipped = await chair.locator('.table-scroll').evaluateAll((regions) =>
      regions
        .filter((region) => region.scrollWidth > region.clientWidth + 1)
        .map((region) => `${region.getAttribute('aria-labelledby') ?? region.querySelector('caption')?.textContent}: ${region.scrollWidth} > ${region.clientWidth}`),
    );
    expect(await chair.locator('.table-scroll').count()).toBeGreaterThanOrEqual(2);
    expect(clipped).toEqual([]);
  });

  it('the record of speeches counts the speech in progress as the clock runs, in its table and its list alike, and keeps a finished speech at its final duration', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    await command(meeting.meetingId, { type: 'floor:give' });
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1920, height: 1080 }, beforeLoad: (page: Page) => page.clock.install() });
    const record = chair.getByRole('region', { name: 'Speeches on this topic' });
    await record.getByText('Speaking now').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    await chair.clock.pauseAt(Date.now() + 1000);
    /** A speaker's duration in seconds, as the table and as the list show it. */
    const durations = (name: string) =>
      Promise.all([
        record.locator('.speech-table tbody tr', { hasText: name }).locator('td').nth(2).textContent(),
        record.locator('.speech-list li', { hasText: name }).locator('dd').nth(2).textContent(),
      ]).then((shown) => shown.map((clock) => secondsOf(clock ?? '')));
    /** The duration once the page has drawn its clock's last tick: the same on two reads. */
    const steady = async (name: string) => {
      for (let last = await durations(name); ; ) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const now = await durations(name);
        if (now.join() === last.join()) return now[0]!;
        last = now;
      }
    };
    // The page's clock runs ahead of the server's by every jump: the jumps stay well under the
    // 30 s after which Socket.IO, missing the server's pings, would reconnect and measure the
    // offset again (which would set every duration back).
    const kenyaAtFirst = await steady('Delegate of Kenya');
    await chair.clock.runFor(8000);
    await expect.poll(() => durations('Delegate of Kenya'), { timeout: 5000 }).toEqual([kenyaAtFirst + 8, kenyaAtFirst + 8]);

    // The chair gives the floor to Amina: Kenya's speech ends, and its line stays as it ended.
    await command(meeting.meetingId, { type: 'floor:give' });
    await record.locator('.speech-table tbody tr', { hasText: 'Amina Civil' }).waitFor({ timeout: 10_000 });
    const kenyaEnded = await steady('Delegate of Kenya');
    const aminaAtFirst = await steady('Amina Civil');
    await chair.clock.runFor(5000);
    await expect.poll(() => durations('Amina Civil'), { timeout: 5000 }).toEqual([aminaAtFirst + 5, aminaAtFirst + 5]);
    expect(await durations('Delegate of Kenya')).toEqual([kenyaEnded, kenyaEnded]);
  });

  it('on a tablet (1180x820, 820x1180) and a laptop (1280x800), the record of speeches needs no scrolling sideways: in a narrow column each speech is a list of its facts', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    await command(meeting.meetingId, { type: 'floor:give' });
    for (const viewport of [{ width: 1180, height: 820 }, { width: 820, height: 1180 }, { width: 1280, height: 800 }]) {
      const chair = await suite.open(links.role('chair'), { viewport });
      const record = chair.getByRole('region', { name: 'Speeches on this topic' });
      await record.getByText('Speaking now').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
      const at = `${viewport.width}x${viewport.height}`;
      const sideways = await record.locator('.table-scroll').evaluateAll((regions) =>
        regions.filter((region) => region.checkVisibility() && region.scrollWidth > region.clientWidth + 1).map((region) => `${region.getAttribute('aria-labelledby') ?? ''} ${region.querySelector('caption')?.textContent ?? ''}: ${region.scrollWidth} > ${region.clientWidth}`),
      );
      expect(sideways, `${at}: regions scrolling sideways`).toEqual([]);
      // Every fact of the speech in progress is shown, in the table or the list.
      for (const label of ['Began', 'Ended', 'Duration', 'Pauses']) expect(await record.getByText(label, { exact: true }).filter({ visible: true }).count(), `${at}: ${label}`).toBe(1);
      expect(await record.getByText('Delegate of Kenya').filter({ visible: true }).count(), `${at}: the speaker`).toBeGreaterThanOrEqual(1);
      await chair.context().close();
    }
  });

  it('on a tablet (1180x820, 820x1180), a laptop and a desk monitor, in English, French, Russian and Arabic, the balance tables need no scrolling sideways and show every figure; they keep four columns wherever these fit', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    await command(meeting.meetingId, { type: 'floor:give' });
    const layouts: Record<string, string> = {};
    for (const language of ['en', 'fr', 'ru', 'ar']) {
      const chair = await suite.open(links.role('chair'), {
        beforeLoad: (page) => page.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language),
      });
      // Then a laptop and a desk monitor: the tables, stacked on the tablet, take their four columns again where they fit.
      for (const viewport of [{ width: 1180, height: 820 }, { width: 820, height: 1180 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }]) {
        await chair.setViewportSize(viewport);
        const panel = chair.locator('section[aria-labelledby="balance-heading"]');
        await panel.locator('tfoot').first().waitFor({ timeout: 10_000 });
        const at = `${language} ${viewport.width}x${viewport.height}`;
        await panel.screenshot({ path: join(shots, `chair-balance-${language}-${viewport.width}.png`) });
        const sideways = await panel.locator('.table-scroll').evaluateAll((regions) =>
          regions.filter((region) => region.scrollWidth > region.clientWidth + 1).map((region) => `${region.querySelector('caption')?.textContent ?? ''}: ${region.scrollWidth} > ${region.clientWidth}`),
        );
        expect(sideways, `${at}: balance tables scrolling sideways`).toEqual([]);
        // Each row keeps its four cells side by side: the label, then its three figures, none cut.
        const cut = await panel.locator('table').evaluateAll((tables) =>
          tables.flatMap((table) =>
            [...table.querySelectorAll('th, td')]
              .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
              .map((cell) => `${cell.textContent}: ${cell.scrollWidth} > ${cell.clientWidth}`),
          ),
        );
        expect(cut, `${at}: cells whose text overflows`).toEqual([]);
        // No heading is broken inside a word to fit.
        const broken = await panel.locator('table th').evaluateAll((headings) =>
          headings.flatMap((heading) => {
            const text = heading.firstChild;
            if (!(text instanceof Text)) return [];
            return [...text.data.matchAll(/\S+/g)].flatMap((word) => {
              const range = document.createRange();
              range.setStart(text, word.index);
              range.setEnd(text, word.index + word[0].length);
              return range.getClientRects().length > 1 ? [word[0]] : [];
            });
          }),
        );
        expect(broken, `${at}: words broken across lines`).toEqual([]);
        layouts[at] = await panel.locator('tbody tr').first().evaluate((row) => (getComputedStyle(row).display === 'table-row' ? 'columns' : 'stacked'));
      }
      await chair.context().close();
    }
    // An Arabic table needs 290 px, under a tablet's 338; a Russian one 566.
    expect(layouts).toMatchObject({ 'ar 1180x820': 'columns', 'ru 1180x820': 'stacked', 'en 1180x820': 'stacked', 'en 1440x900': 'columns', 'en 1920x1080': 'columns', 'fr 1920x1080': 'columns' });
  });
});

describe('the chair console in Chromium: the balance panel', () => {
  it('counts speeches, speaking time (pauses excluded, the speech in progress so far) and people waiting per stakeholder group and per room/remote as they were at each speech', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const id = meeting.meetingId;
    const kenya = meeting.participants.remote.id; // government, remote
    const amina = meeting.participants.room.id; // civil society, room
    const register = async (displayName: string, stakeholderGroup: string, attendance: string) =>
      (await command(id, { type: 'participant:register', details: { displayName, stakeholderGroup, attendance } })).createdId!;
    const bo = await register('Bo Private', 'private_sector', 'remote');
    const carla = await register('Carla Academic', 'academic_technical', 'remote');
    const speak = async (participantId: string, seconds: number, pauses: Array<[after: number, lasting: number]> = []) => {
      await command(id, { type: 'queue:add', participantId, kind: 'intervention' });
      await command(id, { type: 'floor:give' });
      let spoken = 0;
      for (const [after, lasting] of pauses) {
        await clock.advance((after - spoken) * 1000);
        spoken = after;
        await command(id, { type: 'floor:pause' });
        await clock.advance(lasting * 1000);
        await command(id, { type: 'floor:resume' });
      }
      await clock.advance((seconds - spoken) * 1000);
    };

    // The script, on a clock that moves only when told.
    clock.freeze();
    // Connectivity: Kenya speaks 1:05 from afar, Amina 0:40 (with 0:30 of pause), then Kenya
    // 0:15 after moving into the room; Amina and Bo wait.
    await speak(kenya, 65);
    await command(id, { type: 'floor:end' });
    await speak(amina, 40, [[20, 30]]);
    await command(id, { type: 'floor:end' });
    await command(id, { type: 'participant:update', participantId: kenya, details: { attendance: 'room' } });
    await speak(kenya, 15);
    await command(id, { type: 'floor:end' });
    await command(id, { type: 'queue:add', participantId: amina, kind: 'intervention' });
    await command(id, { type: 'queue:add', participantId: bo, kind: 'intervention' });
    // Accessibility: Carla speaks 1:30 from afar; Amina has spoken 0:12 and is paused for 1:40;
    // Kenya waits.
    await command(id, { type: 'topic:select', topicId: meeting.topicIds[1] });
    await speak(carla, 90);
    await command(id, { type: 'floor:end' });
    await speak(amina, 12);
    await command(id, { type: 'floor:pause' });
    await clock.advance(100_000);
    await command(id, { type: 'queue:add', participantId: kenya, kind: 'intervention' });
    // Kenya also raises a point of order: one more request, still one person waiting.
    await command(id, { type: 'queue:add', participantId: kenya, kind: 'point_of_order' });

    const links = await meetingLinks(suite.server, id);
    const chair = await suite.open(links.role('chair'));
    const rowsOf = (caption: string) =>
      chair
        .getByRole('table', { name: caption })
        .evaluate((table: HTMLTableElement) =>
          [...table.querySelectorAll('tbody tr:not(.row-group), tfoot tr')].map((row) =>
            [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim()),
          ),
        );
    // The console has just opened: wait for its balance panel, then read it.
    await expect
      .poll(() => chair.getByRole('table', { name: 'Whole meeting' }).locator('thead th').allInnerTexts(), {
        timeout: 10_000,
        message: 'the balance panel of the chair console',
      })
      .toEqual([
      'Speeches',
      'Speaking time',
      'People waiting',
    ]);

    await expect.poll(() => rowsOf('This topic'), { timeout: 10_000, message: 'the balance of the current topic' }).toEqual([
      ['Governments', '0', '0:00', '1 (2 requests)'],
      ['Private sector', '0', '0:00', '0'],
      ['Civil society', '1', '0:12', '0'],
      ['Academic and technical community', '1', '1:30', '0'],
      ['Intergovernmental organizations', '0', '0:00', '0'],
      ['International organizations', '0', '0:00', '0'],
      ['In the room', '1', '0:12', '1 (2 requests)'],
      ['Remote', '1', '1:30', '0'],
      ['Total', '2', '1:42', '1 (2 requests)'],
    ]);
    expect(await rowsOf('Whole meeting')).toEqual([
      ['Governments', '2', '1:20', '1 (2 requests)'],
      ['Private sector', '0', '0:00', '1'],
      ['Civil society', '2', '0:52', '1'],
      ['Academic and technical community', '1', '1:30', '0'],
      ['Intergovernmental organizations', '0', '0:00', '0'],
      ['International organizations', '0', '0:00', '0'],
      // Kenya's first speech counts as remote: where the speaker was when speaking.
      ['In the room', '3', '1:07', '2 (3 requests)'],
      ['Remote', '2', '2:35', '1'],
      ['Total', '5', '3:42', '3 (4 requests)'],
    ]);
  });
});

describe('the chair console in Chromium: two consoles at the chair’s table', () => {
  it('a question left open on one console while the other acts says what happened instead and offers nothing to do: set aside, remove, adjourn, close the list, apply a limit, resume', async () => {
    const { meeting, links } = await meetingWaiting('remote', 'room');
    const [kenyaRequest, aminaRequest] = topicOf(meeting.meetingId).queue.map((entry) => entry.id) as [string, string];
    const kenya = new MirrorClient(suite.server.url, meeting.participants.remote.token);
    try {
      await kenya.ready();
      await accepted(kenya.send('statement:submit', { requestId: kenyaRequest, text: 'Kenya supports the proposal.' }));
    } finally {
      kenya.close();
    }
    const chair = await suite.open(links.role('chair'));
    const moderator = await suite.open(links.role('moderator'));
    const dialog = moderator.getByRole('dialog');
    const focused = () => moderator.evaluate(() => document.activeElement?.textContent ?? '');

    /** The moderator's question, once the other console made it moot: said in it, and only "Close" left. */
    const overtaken = async (what: string, question: string) => {
      await expect.poll(() => dialog.innerText(), { timeout: 10_000, message: `the question "${question}" overtaken` }).toContain(what);
      expect(await dialog.innerText()).toContain('Nothing was done from this console.');
      expect(await dialog.getByRole('heading').innerText()).toBe(question);
      expect(await dialog.getByRole('button').allInnerTexts()).toEqual(['Close']);
      expect(await dialog.getByRole('alert').innerText()).toContain(what);
      expect(await focused()).toBe('Close');
      await moderator.keyboard.press('Enter');
      await expect.poll(() => dialog.count()).toBe(0);
    };

    // Both read Kenya's statement; the chair sets it aside while the moderator's question is open.
    const statementLine = (page: Page) =>
      page.getByRole('region', { name: 'Written statements on the list' }).getByRole('listitem').filter({ hasText: 'Delegate of Kenya, sent at' });
    await statementLine(moderator).getByRole('button', { name: 'Set aside' }).click();
    await dialog.getByRole('button', { name: 'Set aside the statement of Delegate of Kenya' }).waitFor();
    // The keyboard on the action, which goes away under it.
    await moderator.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Set aside the statement of Delegate of Kenya');
    await statementLine(chair).getByRole('button', { name: 'Set aside' }).click();
    await chair.getByRole('dialog').getByRole('button', { name: 'Set aside the statement of Delegate of Kenya' }).click();
    await overtaken('The written statement of Delegate of Kenya was set aside meanwhile, at ', 'Set aside the written statement of Delegate of Kenya?');
    expect(topicOf(meeting.meetingId).setAside).toHaveLength(1);
    await expect.poll(() => moderator.getByRole('alert').filter({ hasText: 'no written statement' }).count()).toBe(0);

    // The moderator asks to remove Amina; the chair gives her the floor.
    const moderatorList = moderator.getByRole('region', { name: 'List of speakers' });
    await moderatorList.locator('.queue-line').filter({ hasText: 'Amina Civil' }).getByRole('button', { name: /^Remove/ }).click();
    await dialog.getByRole('button', { name: 'Remove Amina Civil' }).waitFor();
    await command(meeting.meetingId, { type: 'floor:give', entryId: aminaRequest });
    await overtaken('Amina Civil was given the floor meanwhile.', 'Remove Amina Civil from the list?');

    // Asked to adjourn while Amina speaks; meanwhile her speech ends and Kenya is given the floor.
    await moderator.getByRole('button', { name: 'Adjourn the meeting' }).click();
    await dialog.getByRole('button', { name: 'End the speech and adjourn' }).waitFor();
    expect(await dialog.innerText()).toContain('Amina Civil is speaking');
    await command(meeting.meetingId, { type: 'floor:end' });
    await command(meeting.meetingId, { type: 'floor:give', entryId: kenyaRequest });
    await overtaken('Delegate of Kenya has the floor now.', 'Adjourn the meeting?');
    expect(held(meeting.meetingId).status, 'Kenya’s speech, which the moderator never saw, goes on').toBe('open');

    // A limit for the speech in progress, whose speech ends meanwhile.
    const speakingTime = moderator.getByRole('region', { name: 'Speaking time' });
    await speakingTime.getByRole('spinbutton', { name: 'Limit for the current topic (empty: the meeting\'s limit)' }).fill('300');
    await speakingTime.getByRole('button', { name: 'Set topic limit' }).click();
    await dialog.getByRole('button', { name: 'Apply to Delegate of Kenya\'s speech too' }).waitFor();
    await command(meeting.meetingId, { type: 'floor:end' });
    await overtaken('The speech of Delegate of Kenya ended meanwhile.', 'Apply the new limit to the current speech?');
    expect(topicOf(meeting.meetingId).speakingTimeLimitSec, 'no limit set from the overtaken question').toBeNull();

    // Closing the list, which the chair closed first.
    await moderator.getByRole('button', { name: /^Close list/ }).click();
    await dialog.getByRole('button', { name: 'Close list' }).waitFor();
    await command(meeting.meetingId, { type: 'queue:close' });
    await overtaken('The list of speakers was closed meanwhile.', 'Close the list of speakers?');

    // Resuming after an adjournment that cut a speech, which the chair resumed first.
    await command(meeting.meetingId, { type: 'queue:reopen' });
    await command(meeting.meetingId, { type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command(meeting.meetingId, { type: 'floor:give', entryId: topicOf(meeting.meetingId).queue[0]!.id });
    await command(meeting.meetingId, { type: 'meeting:transition', to: 'adjourned' });
    await moderator.getByRole('button', { name: 'Resume the meeting' }).click();
    await dialog.getByRole('button', { name: 'Resume and give the floor back to Delegate of Kenya' }).waitFor();
    await command(meeting.meetingId, { type: 'meeting:transition', to: 'open' });
    await overtaken('The meeting was resumed meanwhile.', 'Resume the meeting');
    expect(topicOf(meeting.meetingId).floor, 'nobody given the floor from the overtaken question').toBeNull();
    expect(await axeViolations(moderator, 'the console after its questions were overtaken')).toEqual([]);
  });
});
