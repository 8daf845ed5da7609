import { describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

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
});
