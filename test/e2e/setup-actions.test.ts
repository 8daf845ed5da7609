import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

describe('setup page: changes made one after another', () => {
  it('a change made while the page still reloads after the one before is carried out after it, not dropped', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const linksOf = () => suite.server.app.registry.get(meeting.meetingId)!.state.links;
    // After the first listing, the page's reloads of the links wait until the test lets them go,
    // as on a slow network: the secretariat goes on working meanwhile.
    let listings = 0;
    let releaseListings!: () => void;
    const listingsHeld = new Promise<void>((resolve) => (releaseListings = resolve));
    const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      viewport: { width: 1440, height: 900 },
      beforeLoad: (page) =>
        page.route('**/api/meetings/*/links', async (route) => {
          if (route.request().method() === 'GET' && (listings += 1) > 1) await listingsHeld;
          await route.continue();
        }),
    });
    const toggle = setup.getByRole('button', { name: 'Lead captioner Captioner – captioner' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    await setup.getByLabel('Role', { exact: true }).selectOption('viewer');
    await setup.getByLabel('Label').fill('Press gallery');
    await setup.getByRole('button', { name: 'Issue the link' }).press('Enter');
    await expect
      .poll(() => linksOf().some((link) => link.label === 'Press gallery'), { timeout: 10_000, message: 'the issued link' })
      .toBe(true);
    // The page is still waiting for its reload when the second change is asked for.
    await toggle.press('Enter');
    releaseListings();
    const seeded = linksOf().find((link) => link.role === 'captioner' && link.label === 'captioner')!;
    await expect
      .poll(() => linksOf().find((link) => link.id === seeded.id)!.lead, { timeout: 10_000, message: 'the lead turned off' })
      .toBe(false);
    await expect.poll(() => toggle.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    expect(linksOf().filter((link) => link.label === 'Press gallery')).toHaveLength(1);
    await setup.context().close();
  });

  it('a double click on "Issue the link" issues one link', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    await setup.getByLabel('Role', { exact: true }).selectOption('viewer');
    await setup.getByLabel('Label').fill('Webcast desk');
    await setup.getByRole('button', { name: 'Issue the link' }).dblclick();
    const issued = () => suite.server.app.registry.get(meeting.meetingId)!.state.links.filter((link) => link.label === 'Webcast desk');
    await expect.poll(() => issued().length, { timeout: 10_000, message: 'the issued link' }).toBe(1);
    // The page has reloaded its list after the issue: nothing else is on its way.
    await expect.poll(() => setup.getByText('Webcast desk', { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(issued()).toHaveLength(1);
    await setup.context().close();
  });
});
