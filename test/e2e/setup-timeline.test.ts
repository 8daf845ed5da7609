import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http } from '../support/harness.js';

const suite = useBrowserAndServer();

async function meetingBeforeGroupMeeting(): Promise<string> {
  // 2 Feb 2027 is a Tuesday: the group meeting starts on Thursday 4 Feb, so Monday 1 Feb is preferred.
  const startsAt = Date.UTC(2027, 1, 2, 8, 0);
  const created = await http(suite.server.url, 'POST', '/meetings', {
    details: {
      title: 'Open consultation before the group meeting',
      timeZone: 'Europe/Zurich',
      startsAt,
      endsAt: startsAt + 3 * 3600_000,
      groupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' },
    },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return created.body.meetingId as string;
}

describe('setup page: the consultation timeline', () => {
  it('offsets and dates are saved with the meeting: another browser sees them and the warnings they cause', async () => {
    const meetingId = await meetingBeforeGroupMeeting();
    const setupPath = `/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`;
    const page = await suite.open(setupPath);
    const panel = page.getByRole('region', { name: 'Consultation timeline' });
    await panel.getByLabel('Last day of the previous group meeting (the one that chose the topics)').fill('2026-10-02');
    await panel.getByLabel('Day the online consultation was launched (once it has been)').fill('2026-10-30');
    // The default 15 days put the latest launch on 17 Oct: a launch on 30 Oct is late.
    await expect
      .poll(() => panel.getByRole('listitem').allInnerTexts(), { timeout: 5000, message: 'launch warning in the preview' })
      .toEqual(expect.arrayContaining([expect.stringContaining('launched on')]));
    await expect.poll(() => panel.getByRole('status').allInnerTexts(), { timeout: 5000 }).toContain(
      'Not saved yet: the timeline above shows the change.',
    );
    await panel.getByText('Day offsets of the cycle').click();
    await panel.getByLabel('Launch the online consultation within this many days after the group meeting that chose the topics').fill('30');
    await panel.getByRole('button', { name: 'Save the timeline' }).click();
    await expect
      .poll(() => panel.getByRole('status').allInnerTexts(), { timeout: 5000, message: 'saved confirmation' })
      .toContain('Saved with the meeting.');

    const stored = await http(suite.server.url, 'GET', `/meetings/${meetingId}`);
    expect(stored.body.state.cycle).toEqual({
      settings: { launchWithinDays: 30, responsesDueDaysBefore: 30, compilationDaysBefore: 15, physicalWithinDaysBefore: 3 },
      previousGroupMeetingEnd: '2026-10-02',
      consultationLaunchedOn: '2026-10-30',
    });

    // A browser with nothing stored (another secretariat member, or after clearing the cache).
    const elsewhere = await suite.open(setupPath);
    const again = elsewhere.getByRole('region', { name: 'Consultation timeline' });
    await expect
      .poll(() => again.getByLabel('Last day of the previous group meeting (the one that chose the topics)').inputValue(), {
        timeout: 5000,
        message: 'the saved date in a fresh browser',
      })
      .toBe('2026-10-02');
    // With 30 days the launch on 30 Oct is in time: only the Monday preference remains.
    const warnings = await again.getByRole('listitem').allInnerTexts();
    expect(warnings.some((text) => text.includes('launched on'))).toBe(false);
    expect(warnings.some((text) => text.includes('start of the week'))).toBe(true);
    await page.context().close();
    await elsewhere.context().close();
  });
});

describe('setup page: the timeline with two secretaries at once', () => {
  it('a date being entered here is kept when another secretary saves an offset, which shows here, and saving keeps both', async () => {
    const meetingId = await meetingBeforeGroupMeeting();
    const cycleOf = async () => (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.cycle;
    const page = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { beforeLoad: (opened: Page) => opened.clock.install() });
    const panel = page.getByRole('region', { name: 'Consultation timeline' });
    const previousEnd = panel.getByLabel('Last day of the previous group meeting (the one that chose the topics)');
    await previousEnd.fill('2026-10-02');

    // Another secretary saves thirty days for the launch meanwhile; this page follows the meeting.
    const saved = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'meeting:update',
      details: { cycle: { ...(await cycleOf()), settings: { ...(await cycleOf()).settings, launchWithinDays: 30 } } },
    });
    expect(saved.status).toBe(200);
    await page.clock.runFor(10_000);
    await panel.getByText('Day offsets of the cycle').click();
    const launchWithin = panel.getByLabel('Launch the online consultation within this many days after the group meeting that chose the topics');
    await expect.poll(() => launchWithin.inputValue(), { timeout: 5000, message: 'the offset saved elsewhere shown' }).toBe('30');
    expect(await previousEnd.inputValue(), 'the date being entered here is kept').toBe('2026-10-02');

    await panel.getByRole('button', { name: 'Save the timeline' }).click();
    await expect.poll(async () => (await cycleOf()).previousGroupMeetingEnd, { timeout: 5000 }).toBe('2026-10-02');
    expect((await cycleOf()).settings.launchWithinDays, 'the other secretary’s offset is not undone').toBe(30);
    await page.context().close();
  });
});

describe('setup page: the timeline draft while the page is still loading', () => {
  it('dates typed before the consultation cycle check answers stay typed when it answers', async () => {
    const meetingId = await meetingBeforeGroupMeeting();
    // The cycle check answers after the secretariat started typing, as on a busy network.
    let answerCycles!: () => void;
    const cyclesHeld = new Promise<void>((resolve) => (answerCycles = resolve));
    const page = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, {
      beforeLoad: (opening) =>
        opening.route('**/api/cycles?*', async (route) => {
          await cyclesHeld;
          await route.continue();
        }),
    });
    const panel = page.getByRole('region', { name: 'Consultation timeline' });
    const previousEnd = panel.getByLabel('Last day of the previous group meeting (the one that chose the topics)');
    await previousEnd.fill('2026-10-02');
    answerCycles();
    await expect
      .poll(() => page.getByRole('region', { name: 'Consultation cycle' }).count(), { timeout: 5000, message: 'the cycle check answered' })
      .toBe(1);
    expect(await previousEnd.inputValue()).toBe('2026-10-02');
    await page.context().close();
  });
});

describe('setup page: opening a meeting far from its date', () => {
  it('asks first, naming the scheduled date and how far it is; cancelling leaves it scheduled', async () => {
    const meetingId = await meetingBeforeGroupMeeting();
    const scheduled = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to: 'scheduled' });
    expect(scheduled.status).toBe(200);
    const page = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`);
    const status = async () => (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.status;

    await page.getByRole('button', { name: 'Open the meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open the meeting now?' });
    await expect.poll(() => dialog.isVisible(), { timeout: 5000, message: 'the off-schedule question' }).toBe(true);
    const text = await dialog.innerText();
    expect(text).toMatch(/scheduled for Feb 2, 2027, 9:00 AM \(GMT\+1, Europe\/Zurich\), in \d+ days\./);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await status()).toBe('scheduled');

    await page.getByRole('button', { name: 'Open the meeting' }).click();
    await dialog.getByRole('button', { name: 'Open it now' }).click();
    await expect.poll(status, { timeout: 5000, message: 'the meeting opened after confirming' }).toBe('open');
    await page.context().close();
  });
});
