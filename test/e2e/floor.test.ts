import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, slowDownlink, useBrowserAndServer } from '../support/e2e.js';
import { http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

/** The three people the reordering tests move, in the order they asked. */
const names = ['Ana Silva', 'Ben Okafor', 'Chen Jing'];

/** A chair console over a list of `names`, registered and queued through the HTTP API. */
async function chairWithQueue(queued: string[]) {
  const meeting = await seedMeeting(suite.server.url);
  const command = (body: unknown) => http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
  for (const displayName of queued) {
    const participantId = (
      await command({ type: 'participant:register', details: { displayName, stakeholderGroup: 'civil_society', attendance: 'room' } })
    ).body.createdId as string;
    await command({ type: 'queue:add', participantId, kind: 'intervention' });
  }
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const chair = await suite.open(links.role('chair'));
  const list = chair.getByRole('region', { name: 'List of speakers' });
  const order = async () => (await list.locator('.queue-line .person-name').allInnerTexts()).map((name) => name.trim());
  return { chair, list, order };
}

describe('end to end in Chromium', () => {
  it('a participant requests the floor, the chair gives it, and the room screen shows the speaker and countdown', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);

    const participant = await suite.open(links.participant(meeting.participants.remote.id));
    const chair = await suite.open(links.role('chair'));
    const screen = await suite.open(links.role('screen'));

    await participant.getByRole('button', { name: 'Request the floor' }).click();
    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('1st'));

    const queueEntry = chair.getByText('Delegate of Kenya').first();
    await queueEntry.waitFor({ timeout: 10_000 });
    await chair.getByRole('button', { name: 'Next speaker' }).click();

    const speaker = screen.getByRole('region', { name: 'Current speaker' });
    await expect.poll(() => speaker.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await expect.poll(() => speaker.innerText()).toMatch(/remote/i);
    const timer = screen.getByRole('timer');
    await expect.poll(() => timer.innerText(), { timeout: 10_000 }).toMatch(/^\s*[12]:\d\d\s*$/);

    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/have the floor/i));

    await chair.getByRole('button', { name: 'End speech' }).click();
    await expect.poll(() => speaker.innerText(), { timeout: 10_000 }).not.toContain('Delegate of Kenya');
  });

  it('a participant asks for what they choose: a reply only while someone has the floor, a point of order at once; they say where they take part from', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const participant = await suite.open(links.participant(meeting.participants.remote.id));
    const chair = await suite.open(links.role('chair'));
    const kinds = participant.getByRole('group', { name: 'What do you ask the floor for?' });
    const reply = kinds.getByRole('radio', { name: /^Reply/ });
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.isDisabled(), 'no reply with nobody on the floor').toBe(true);
    expect(await kinds.locator('label:has(input[value="reply"])').innerText()).toContain('(only while someone has the floor)');

    await kinds.getByRole('radio', { name: 'Point of order' }).check();
    await participant.getByRole('button', { name: 'Request the floor' }).click();
    const list = chair.getByRole('region', { name: 'List of speakers' });
    await expect.poll(() => list.innerText(), { timeout: 10_000 }).toMatch(/Delegate of Kenya[\s\S]*Point of order/);

    const where = participant.getByRole('group', { name: 'Where are you taking part from?' });
    expect(await where.getByRole('radio', { name: 'Remote' }).isChecked()).toBe(true);
    // The registration changes on the server; the switch then shows it (it is not checked before).
    await where.getByRole('radio', { name: 'In the room' }).click();
    await expect.poll(() => where.getByRole('radio', { name: 'In the room' }).isChecked(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(async () => (await http(suite.server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state.participants.find((p: { id: string }) => p.id === meeting.participants.remote.id)?.attendance, { timeout: 10_000 })
      .toBe('room');
  });
});

/** A fresh meeting whose chair console shows the remote delegate's request. */
async function chairWithOneRequest() {
  const meeting = await seedMeeting(suite.server.url);
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const chair = await suite.open(links.role('chair'));
  const participant = await suite.open(links.participant(meeting.participants.remote.id));
  await participant.getByRole('button', { name: 'Request the floor' }).click();
  await chair.getByText('Delegate of Kenya').first().waitFor({ timeout: 10_000 });
  return { meeting, chair, participant };
}


// Each test drives a console through many steps, each with its own bound; two CI workers with
// Chromium and servers keep the machine's load near 12, where the whole runs past 30 s.
describe('the chair at speed, in Chromium', () => {
  // Four pages and an axe run: each step has its own bound, the whole needs more than the default.
  it('two consoles press "Next speaker" together: one speech starts, the second console is refused and says who has the floor', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const downlink = slowDownlink();
    const chair = await suite.open(links.role('chair'));
    const moderator = await suite.open(links.role('moderator'), { beforeLoad: downlink.route });
    const participant = await suite.open(links.participant(meeting.participants.remote.id));
    const other = await suite.open(links.participant(meeting.participants.room.id));

    await participant.getByRole('button', { name: 'Request the floor' }).click();
    await chair.getByText('Delegate of Kenya').first().waitFor({ timeout: 10_000 });
    await other.getByRole('button', { name: 'Request the floor' }).click();
    const moderatorQueue = moderator.getByRole('region', { name: 'List of speakers' });
    await moderatorQueue.getByText('Amina Civil').waitFor({ timeout: 10_000 });
    await expect.poll(() => downlink.link.upgraded, { timeout: 10_000, message: 'moderator socket upgraded' }).toBe(true);

    // The moderator's page stops hearing from the server; both press "Next speaker".
    downlink.link.held = true;
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    const chairFloor = chair.getByRole('region', { name: 'The floor' });
    await expect.poll(() => chairFloor.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await moderator.getByRole('button', { name: /^Next speaker/ }).click();
    // The refusal is sent back; the page gets it along with what it missed.
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    const alert = moderator.getByRole('alert').filter({ hasText: 'Someone else' });
    await expect
      .poll(() => alert.innerText(), { timeout: 10_000 })
      .toContain('Someone else already gave the floor to Delegate of Kenya');
    const moderatorFloor = moderator.getByRole('region', { name: 'The floor' });
    await expect.poll(() => moderatorFloor.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');

    const held = suite.server.app.registry.get(meeting.meetingId)!;
    const topic = held.state.topics[0]!;
    expect(topic.floor?.participantId).toBe(meeting.participants.remote.id);
    expect(topic.history).toEqual([]);
    expect(topic.queue.map((entry) => entry.participantId)).toEqual([meeting.participants.room.id]);
    // The compact, draggable queue lines and the named refusal pass the WCAG 2.2 AA checks.
    expect(await axeViolations(moderator, 'console after a refused race')).toEqual([]);
  });

  it('two consoles taking up two topics at once switch the meeting once: the later console is told someone else took up another topic, and the meeting stays on the first', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const added = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'topic:add', details: { title: 'Multilingualism', proposedBy: 'China' } });
    expect(added.status).toBe(200);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const downlink = slowDownlink();
    const chair = await suite.open(links.role('chair'));
    const moderator = await suite.open(links.role('moderator'), { beforeLoad: downlink.route });
    const takeUp = (page: typeof chair, title: string) =>
      page.getByRole('region', { name: 'Agenda' }).getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: 'Take up this topic' });
    await takeUp(moderator, 'Multilingualism').waitFor({ timeout: 10_000 });
    await expect.poll(() => downlink.link.upgraded, { timeout: 10_000, message: 'socket upgraded' }).toBe(true);

    downlink.link.held = true;
    await takeUp(chair, 'Accessibility').click();
    const current = () => {
      const state = suite.server.app.registry.get(meeting.meetingId)!.state;
      return state.topics.find((topic) => topic.id === state.currentTopicId)?.title;
    };
    await expect.poll(current, { timeout: 10_000 }).toBe('Accessibility');
    await takeUp(moderator, 'Multilingualism').click();
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    await expect
      .poll(() => moderator.getByRole('alert').filter({ hasText: 'Someone else took up' }).innerText(), { timeout: 10_000 })
      .toBe('Someone else took up another topic before your command arrived. Nothing was changed: the agenda shows the topic now under discussion.');
    expect(current()).toBe('Accessibility');
    await expect.poll(() => moderator.getByRole('region', { name: 'Agenda' }).locator('[aria-current="true"]').innerText(), { timeout: 10_000 }).toContain('Accessibility');
  });

  /**
   * A speech in progress on the chair's console and the moderator's, the moderator's answers
   * held back on demand (`downlink`): its command is judged after the chair's, on the view it had.
   */
  async function twoConsolesOnASpeech() {
    const meeting = await seedMeeting(suite.server.url);
    const command = (body: unknown) => http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    await command({ type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await command({ type: 'floor:give' });
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const downlink = slowDownlink();
    const chair = await suite.open(links.role('chair'));
    const moderator = await suite.open(links.role('moderator'), { beforeLoad: downlink.route });
    const added = () => {
      const state = suite.server.app.registry.get(meeting.meetingId)!.state;
      return state.topics.find((topic) => topic.id === state.currentTopicId)!.floor!.addedMs ?? 0;
    };
    await moderator.getByRole('region', { name: 'The floor' }).getByRole('timer').waitFor({ timeout: 10_000 });
    await expect.poll(() => downlink.link.upgraded, { timeout: 10_000, message: 'socket upgraded' }).toBe(true);
    return { chair, moderator, downlink, added };
  }

  it('two consoles granting a speaker one more minute at once grant one minute: the later console is told, and its next press counts', async () => {
    const { chair, moderator, downlink, added } = await twoConsolesOnASpeech();
    const addMinute = (page: Page) => page.getByRole('region', { name: 'The floor' }).getByRole('button', { name: /^\+1 min/ });

    // The speaker asks for a minute; the chair and the moderator both grant it.
    downlink.link.held = true;
    await addMinute(chair).click();
    await expect.poll(added, { timeout: 10_000 }).toBe(60_000);
    await addMinute(moderator).click();
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    await expect
      .poll(() => moderator.getByRole('alert').filter({ hasText: 'Someone else changed' }).innerText(), { timeout: 10_000 })
      .toBe("Someone else changed this speech's time before your command arrived. Nothing was changed: the countdown shows the time left now.");
    expect(added()).toBe(60_000);
    // Pressed again on the view it now has, it counts; and the chair's own presses one after the other add up.
    await addMinute(moderator).click();
    await expect.poll(added, { timeout: 10_000 }).toBe(120_000);
    await addMinute(chair).click();
    await expect.poll(added, { timeout: 10_000 }).toBe(180_000);
    await addMinute(chair).click();
    await expect.poll(added, { timeout: 10_000 }).toBe(240_000);
    expect(await chair.getByRole('alert').filter({ hasText: 'Someone else changed' }).count()).toBe(0);
  });

  it('two consoles restarting a speaker’s countdown at once restart it once: the later console is told, and the seconds spoken since stay the speaker’s', async () => {
    const { chair, moderator, downlink, added } = await twoConsolesOnASpeech();
    const restart = (page: Page) => page.getByRole('region', { name: 'The floor' }).getByRole('button', { name: 'Restart the countdown' });

    // The microphone was off: the chair and the moderator both restart the countdown.
    downlink.link.held = true;
    await restart(chair).click();
    await expect.poll(added, { timeout: 10_000 }).toBeGreaterThan(0);
    // A second restart, even a moment later, would set the added time to the longer time spoken by then.
    const restartedWith = added();
    await restart(moderator).click();
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    await expect
      .poll(() => moderator.getByRole('alert').filter({ hasText: 'Someone else changed' }).innerText(), { timeout: 10_000 })
      .toBe("Someone else changed this speech's time before your command arrived. Nothing was changed: the countdown shows the time left now.");
    expect(added()).toBe(restartedWith);
  });

  it('a delegate who withdraws just as the chair gives them the floor is told they have it and how to decline, not that their request is gone', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const downlink = slowDownlink();
    const phone = await suite.open(links.participant(meeting.participants.remote.id), { viewport: { width: 390, height: 844 }, beforeLoad: downlink.route });
    await phone.getByRole('button', { name: 'Request the floor' }).click();
    const withdraw = phone.getByRole('button', { name: 'Withdraw' });
    await withdraw.waitFor({ timeout: 10_000 });
    await expect.poll(() => downlink.link.upgraded, { timeout: 10_000, message: 'socket upgraded' }).toBe(true);

    // The phone stops hearing from the server; the chair gives the floor; the delegate withdraws.
    downlink.link.held = true;
    const held = suite.server.app.registry.get(meeting.meetingId)!;
    const entryId = held.state.topics.find((topic) => topic.id === held.state.currentTopicId)!.queue[0]!.id;
    const given = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'floor:give', entryId });
    expect(given.status).toBe(200);
    await withdraw.click();
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    await phone.getByText('You have the floor.').waitFor({ timeout: 10_000 });
    const told = phone.getByRole('alert').filter({ hasText: 'before your withdrawal arrived' });
    await expect
      .poll(() => told.innerText(), { timeout: 10_000 })
      .toBe('The chair gave you the floor before your withdrawal arrived: you have the floor now. If you no longer wish to speak, tell the chair.');
    expect(await phone.getByText('That request to speak is no longer in the queue.').count()).toBe(0);
  });

  it('adjourning asks first, naming the speech it ends; resuming offers the floor back; an archived console is disabled', async () => {
    const { meeting, chair } = await chairWithOneRequest();
    await chair.getByRole('button', { name: /^Next speaker/ }).click();
    const floor = chair.getByRole('region', { name: 'The floor' });
    await expect.poll(() => floor.getByRole('timer').count(), { timeout: 10_000 }).toBe(1);

    const adjourn = chair.getByRole('button', { name: 'Adjourn the meeting' });
    await adjourn.click();
    const dialog = chair.getByRole('dialog', { name: 'Adjourn the meeting?' });
    await expect
      .poll(() => dialog.innerText(), { timeout: 5_000 })
      .toContain('Delegate of Kenya is speaking: end the speech and adjourn?');
    expect(await axeViolations(chair, 'adjourn confirmation')).toEqual([]);
    // Focus starts on Cancel; Escape cancels and nothing changes.
    await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await chair.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), { timeout: 5_000 }).toBe(0);
    expect(suite.server.app.registry.get(meeting.meetingId)!.state.status).toBe('open');

    await adjourn.click();
    await dialog.getByRole('button', { name: 'End the speech and adjourn' }).click();
    await expect.poll(() => chair.locator('.meeting-status').innerText(), { timeout: 10_000 }).toContain('Adjourned');
    await expect.poll(() => floor.innerText()).toContain('Nobody has the floor.');

    await chair.getByRole('button', { name: 'Resume the meeting' }).click();
    const resume = chair.getByRole('dialog', { name: 'Resume the meeting' });
    await resume.getByRole('button', { name: 'Resume and give the floor back to Delegate of Kenya' }).click();
    await expect.poll(() => floor.getByRole('timer').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => floor.innerText()).toContain('Delegate of Kenya');
    const topic = suite.server.app.registry.get(meeting.meetingId)!.state.topics[0]!;
    expect(topic.history.map((speech) => speech.participantId)).toEqual([meeting.participants.remote.id]);
    expect(topic.floor?.participantId).toBe(meeting.participants.remote.id);

    // Archived: the console keeps showing the record, refuses nothing because it offers nothing.
    const command = (body: unknown) => http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    await command({ type: 'meeting:transition', to: 'adjourned' });
    expect((await command({ type: 'meeting:transition', to: 'archived' })).status).toBe(200);
    const record = chair.getByRole('link', { name: 'Open the public record' });
    await record.waitFor({ timeout: 10_000 });
    expect(await record.getAttribute('href')).toBe(`/archive/${meeting.meetingId}`);
    expect(await chair.getByRole('button', { name: /^Next speaker/ }).isDisabled()).toBe(true);
    expect(await chair.getByRole('button', { name: 'Take up this topic' }).first().isDisabled()).toBe(true);
  });

  it('requests stay with their topic: the participant is told, the chair carries them over', async () => {
    const { chair, participant } = await chairWithOneRequest();

    await chair.getByRole('button', { name: 'Take up this topic' }).click();
    await expect
      .poll(() => participant.getByText('Your request on “Connectivity” is kept for when that topic returns.').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(await axeViolations(participant, 'participant with a kept request')).toEqual([]);
    const agenda = chair.getByRole('region', { name: 'Agenda' });
    await expect.poll(() => agenda.innerText()).toContain('1 request kept for this topic');
    await agenda.getByRole('button', { name: 'Carry over 1 request' }).click();
    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('1st'));
    await expect.poll(() => participant.getByText('is kept for when').count()).toBe(0);
  });

  it('one-key shortcuts run the floor, never while typing, and can be remapped from the help overlay', async () => {
    const { chair, participant } = await chairWithOneRequest();
    const floor = chair.getByRole('region', { name: 'The floor' });

    // Typing an "n" in a field is typing.
    await chair.getByRole('textbox', { name: 'Name as it should be shown' }).fill('');
    await chair.getByRole('textbox', { name: 'Name as it should be shown' }).press('KeyN');
    await chair.waitForTimeout(300);
    expect(await floor.innerText()).toContain('Nobody has the floor.');

    await chair.locator('body').click({ position: { x: 5, y: 5 } });
    await chair.keyboard.press('KeyN');
    // The region also names the next speaker, so "has the floor" is read from the empty state going away.
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).not.toContain('Nobody has the floor.');
    expect(await floor.innerText()).toContain('Delegate of Kenya');
    await chair.keyboard.press('KeyP');
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).toMatch(/paused/i);
    await chair.keyboard.press('KeyE');
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).toContain('Nobody has the floor.');

    await chair.keyboard.press('Shift+Slash');
    const help = chair.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor({ timeout: 5_000 });
    expect(await axeViolations(chair, 'shortcut help')).toEqual([]);
    await help.getByRole('button', { name: 'Change Next speaker' }).click();
    await chair.keyboard.press('KeyX');
    await expect.poll(() => help.getByRole('status').innerText()).toContain('Next speaker: X');
    await chair.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    expect(await chair.getByRole('button', { name: /^Next speaker/ }).innerText()).toContain('X');

    await participant.getByRole('button', { name: 'Request the floor' }).click();
    await expect.poll(() => chair.getByRole('region', { name: 'List of speakers' }).innerText()).toContain('Delegate of Kenya');
    await chair.keyboard.press('KeyN');
    await chair.waitForTimeout(300);
    expect(await floor.innerText()).toContain('Nobody has the floor.');
    await chair.keyboard.press('KeyX');
    await expect.poll(() => floor.innerText(), { timeout: 10_000 }).not.toContain('Nobody has the floor.');
    expect(await floor.innerText()).toContain('Delegate of Kenya');
  });

  it('the list is reordered by dragging a line, or by keyboard with "Move to the top"', async () => {
    const { chair, list, order } = await chairWithQueue(names);
    await expect.poll(order, { timeout: 10_000 }).toEqual(names);

    await list.locator('.queue-line', { hasText: 'Chen Jing' }).dragTo(list.locator('.queue-line', { hasText: 'Ana Silva' }));
    await expect.poll(order, { timeout: 10_000 }).toEqual(['Chen Jing', 'Ana Silva', 'Ben Okafor']);

    const toTop = list.getByRole('button', { name: 'Move to the top' }).nth(2);
    await toTop.focus();
    await chair.keyboard.press('Enter');
    await expect.poll(order, { timeout: 10_000 }).toEqual(['Ben Okafor', 'Chen Jing', 'Ana Silva']);
  });

  it('the list is reordered by keyboard on a line itself: Space picks it up, the arrows move it, Space drops it, Escape puts it back, each said in a live region', async () => {
    const { chair, list, order } = await chairWithQueue(names);
    const said = () => list.locator('[aria-live="assertive"]').innerText();
    const focusedLine = () => chair.evaluate(() => document.activeElement?.closest('.queue-line')?.querySelector('.person-name')?.textContent?.trim() ?? null);
    await expect.poll(order, { timeout: 10_000 }).toEqual(names);

    const ana = list.locator('.queue-line', { hasText: 'Ana Silva' });
    await ana.focus();
    expect(await focusedLine()).toBe('Ana Silva');
    await chair.keyboard.press('Space');
    await expect.poll(said).toBe('Ana Silva picked up, at position 1 of 3. Move with the up and down arrow keys, Space to drop, Escape to cancel.');
    await chair.keyboard.press('ArrowDown');
    await expect.poll(said).toBe('Ana Silva: position 2 of 3.');
    await chair.keyboard.press('ArrowDown');
    await expect.poll(said).toBe('Ana Silva: position 3 of 3.');
    // Nothing moves before the drop: the list shows where the line would go.
    expect(await order()).toEqual(names);
    // Focusable lines holding buttons, a line picked up, the live region: WCAG 2.2 AA still holds.
    expect(await axeViolations(chair, 'console with a line picked up')).toEqual([]);
    expect(await list.locator('.queue-drop-end.drop-target').count()).toBe(1);
    await chair.keyboard.press('Space');
    await expect.poll(order, { timeout: 10_000 }).toEqual(['Ben Okafor', 'Chen Jing', 'Ana Silva']);
    await expect.poll(said).toBe('Ana Silva dropped at position 3 of 3.');
    // Focus stays on the line moved, so it can be moved again.
    await expect.poll(focusedLine).toBe('Ana Silva');

    await chair.keyboard.press('Space');
    await chair.keyboard.press('Home');
    await expect.poll(said).toBe('Ana Silva: position 1 of 3.');
    await chair.keyboard.press('Escape');
    await expect.poll(said).toBe('Reordering cancelled: Ana Silva stays at position 3 of 3.');
    expect(await order()).toEqual(['Ben Okafor', 'Chen Jing', 'Ana Silva']);
    expect(await list.locator('.drop-target, .grabbed').count()).toBe(0);

    // Space on one of the line's buttons still presses that button.
    await list.locator('.queue-line', { hasText: 'Chen Jing' }).getByRole('button', { name: 'Move to the top' }).focus();
    await chair.keyboard.press('Space');
    await expect.poll(order, { timeout: 10_000 }).toEqual(['Chen Jing', 'Ben Okafor', 'Ana Silva']);
  });

  it('the list is reordered by touch: a finger drags a line by its handle (pointer events, no mouse drag and drop)', async () => {
    const { chair, list, order } = await chairWithQueue(names);
    await expect.poll(order, { timeout: 10_000 }).toEqual(names);

    // Touches as the touch screen sends them, through the DevTools protocol.
    const cdp = await chair.context().newCDPSession(chair);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    await list.locator('.queue-line', { hasText: 'Chen Jing' }).scrollIntoViewIfNeeded();
    const handle = (await list.locator('.queue-line', { hasText: 'Ana Silva' }).locator('.drag-handle').boundingBox())!;
    const last = (await list.locator('.queue-line', { hasText: 'Chen Jing' }).boundingBox())!;
    const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    const end = { x: start.x, y: last.y + last.height * 0.9 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
    for (let step = 1; step <= 5; step += 1) {
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: [{ x: start.x, y: start.y + ((end.y - start.y) * step) / 5 }],
      });
    }
    await expect.poll(() => list.locator('.queue-drop-end.drop-target').count()).toBe(1);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(order, { timeout: 10_000 }).toEqual(['Ben Okafor', 'Chen Jing', 'Ana Silva']);
  });

  it('"Not sent: you are offline" goes away by itself once the page is back online', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const network = { down: false, upgraded: false, refusedWebSockets: 0, sockets: [] as Array<{ close(): Promise<void> }> };
    const participant = await suite.open(links.participant(meeting.participants.remote.id), {
      beforeLoad: async (page) => {
        await page.routeWebSocket(/socket\.io/, (ws) => {
          if (network.down) {
            network.refusedWebSockets += 1;
            return void ws.close();
          }
          network.sockets.push(ws);
          const server = ws.connectToServer();
          ws.onMessage((message) => {
            if (message === '5') network.upgraded = true;
            server.send(message);
          });
        });
        await page.route(/socket\.io/, (route) => (network.down ? route.abort() : route.continue()));
      },
    });
    const request = participant.getByRole('button', { name: 'Request the floor' });
    await request.waitFor({ timeout: 10_000 });
    await expect.poll(() => network.upgraded, { timeout: 10_000, message: 'websocket upgraded' }).toBe(true);

    network.down = true;
    await Promise.all(network.sockets.map((socket) => socket.close()));
    await participant.getByText('Connection lost, reconnecting…').waitFor({ timeout: 10_000 });
    await request.click();
    const notSent = participant.getByText('Not sent: you are offline', { exact: false });
    await expect.poll(() => notSent.count(), { timeout: 5_000, message: 'offline refusal shown' }).toBe(1);
    // The page's first attempt to come back goes by WebSocket (one worked before) and is closed
    // before Engine.IO's handshake, as when the node dies just after taking the connection. The
    // network coming back meanwhile must not leave the page waiting out a 20 s connect timeout.
    await expect.poll(() => network.refusedWebSockets, { timeout: 10_000, message: 'a WebSocket attempt closed' }).toBeGreaterThan(0);

    network.down = false;
    await expect.poll(() => notSent.count(), { timeout: 15_000, message: 'offline refusal cleared' }).toBe(0);
    await request.click();
    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('1st'));
  });
});
