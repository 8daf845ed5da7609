import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

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

describe('setup page: two secretaries editing at once', () => {
  it("a form open for editing shows what others changed meanwhile in the fields not touched, and saving sends only the fields changed, undoing nobody's change", async () => {
    const meeting = await seedMeeting(suite.server.url);
    const stateOf = () => suite.server.app.registry.get(meeting.meetingId)!.state;
    const elsewhere = async (body: unknown) => expect((await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body)).status).toBe(200);
    const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      viewport: { width: 1440, height: 900 },
      beforeLoad: (page: Page) => page.clock.install(),
    });
    await setup.locator('summary', { hasText: "Edit the meeting's details" }).click();
    const details = setup.locator('details', { has: setup.locator('summary', { hasText: "Edit the meeting's details" }) });
    const speakingTime = details.getByLabel('Speaking time limit in seconds (empty: no limit)');
    expect(await speakingTime.inputValue()).toBe('120');
    await details.getByLabel('Title', { exact: true }).fill('Open consultation on connectivity, renamed');
    const topics = setup.getByRole('region', { name: 'Topics' });
    await topics.getByRole('button', { name: 'Edit' }).first().click();
    // The topic's own form, above the one that adds a topic.
    const topicForm = topics.locator('form').first();
    await topicForm.getByLabel('Description', { exact: true }).fill('Meaningful connectivity in rural areas.');

    // Meanwhile another secretary changes the speaking time, and the consultation's inputs reach the topic.
    const input = { title: 'Contribution of Civic Net', author: 'Civic Net', stakeholderGroup: 'civil_society', url: 'https://example.org/civic-net.pdf' };
    await elsewhere({ type: 'meeting:update', details: { speakingTimeLimitSec: 240 } });
    await elsewhere({ type: 'topic:update', topicId: meeting.topicIds[0], details: { inputs: [input] } });
    await setup.clock.runFor(10_000);
    await expect.poll(() => speakingTime.inputValue(), { timeout: 5000, message: 'the untouched field follows the meeting' }).toBe('240');
    expect(await details.getByLabel('Title', { exact: true }).inputValue()).toBe('Open consultation on connectivity, renamed');
    await topicForm.getByLabel('Title of the input').waitFor({ timeout: 5000 });
    expect(await topicForm.getByLabel('Description', { exact: true }).inputValue()).toBe('Meaningful connectivity in rural areas.');

    await topicForm.getByRole('button', { name: 'Save the topic' }).click();
    await expect.poll(() => stateOf().topics[0]!.description, { timeout: 5000 }).toBe('Meaningful connectivity in rural areas.');
    expect(stateOf().topics[0]!.inputs).toEqual([input]);
    await details.getByRole('button', { name: 'Save the details' }).click();
    await expect.poll(() => stateOf().title, { timeout: 5000 }).toBe('Open consultation on connectivity, renamed');
    expect(stateOf().speakingTimeLimitSec).toBe(240);
  });

  it("two secretaries translating a topic into different languages: each saves their own language, neither undoes the other's, and the form shows the other's translation as it arrives", async () => {
    const meeting = await seedMeeting(suite.server.url);
    const elsewhere = async (body: unknown) => expect((await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body)).status).toBe(200);
    await elsewhere({ type: 'meeting:update', details: { languages: ['en', 'ar', 'es'] } });
    const topicOf = () => suite.server.app.registry.get(meeting.meetingId)!.state.topics[0]!;
    const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      viewport: { width: 1440, height: 900 },
      beforeLoad: (page: Page) => page.clock.install(),
    });
    const topics = setup.getByRole('region', { name: 'Topics' });
    await topics.getByRole('button', { name: 'Edit' }).first().click();
    await setup.clock.pauseAt(Date.now() + 1000);
    const topicForm = topics.locator('form').first();
    await topicForm.getByLabel('Title in Arabic').fill('الاتصال المجدي');
    await topicForm.getByLabel('Description in Arabic').fill('الاتصال في المناطق الريفية.');

    // Meanwhile the Spanish translator saves the Spanish title and description.
    await elsewhere({ type: 'topic:update', topicId: meeting.topicIds[0], details: { titles: { es: 'Conectividad significativa' }, descriptions: { es: 'Conectividad en zonas rurales.' } } });
    await setup.clock.runFor(10_000);
    await expect.poll(() => topicForm.getByLabel('Title in Spanish').inputValue(), { timeout: 5000, message: "the other translator's language follows the topic" }).toBe('Conectividad significativa');
    expect(await topicForm.getByLabel('Description in Spanish').inputValue()).toBe('Conectividad en zonas rurales.');
    expect(await topicForm.getByLabel('Title in Arabic').inputValue()).toBe('الاتصال المجدي');

    // The page reads the meeting again once its command came back: the next step starts after that.
    const reread = setup.waitForResponse((response) => response.request().method() === 'GET' && response.url().endsWith(`/api/meetings/${meeting.meetingId}`));
    await topicForm.getByRole('button', { name: 'Save the topic' }).click();
    await reread;
    await expect.poll(() => topicOf().titles, { timeout: 5000 }).toEqual({ ar: 'الاتصال المجدي', es: 'Conectividad significativa' });
    expect(topicOf().descriptions).toEqual({ ar: 'الاتصال في المناطق الريفية.', es: 'Conectividad en zonas rurales.' });

    // Before the page follows again, the Spanish translator corrects their title and the Arabic one is emptied here: each change is the one made.
    await elsewhere({ type: 'topic:update', topicId: meeting.topicIds[0], details: { titles: { ar: 'الاتصال المجدي', es: 'Conectividad real' } } });
    await topics.getByRole('button', { name: 'Edit' }).first().click();
    const again = topics.locator('form').first();
    await again.getByLabel('Title in Arabic').fill('');
    await again.getByRole('button', { name: 'Save the topic' }).click();
    await expect.poll(() => topicOf().titles, { timeout: 5000 }).toEqual({ es: 'Conectividad real' });
    expect(topicOf().descriptions).toEqual({ ar: 'الاتصال في المناطق الريفية.', es: 'Conectividad en zonas rurales.' });
  });

  it('two secretaries reordering the topics: a move pressed on an order another changed meanwhile is refused by the topics and changes nothing; the same move pressed by both stands once', async () => {
    const meeting = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'topic:add', details: { title: 'Affordability', proposedBy: 'India' } });
    const order = () => suite.server.app.registry.get(meeting.meetingId)!.state.topics.map((topic) => topic.title);
    const withClock = { viewport: { width: 1440, height: 900 }, beforeLoad: (page: Page) => page.clock.install() };
    const desks = [await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, withClock), await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, withClock)];
    const [first, second] = desks as [Page, Page];
    const topicsOf = (page: Page) => page.getByRole('region', { name: 'Topics' });
    const button = (page: Page, name: 'Move up' | 'Move down', topic: string) => topicsOf(page).getByRole('listitem').filter({ hasText: topic }).getByRole('button', { name });
    for (const page of desks) {
      await button(page, 'Move up', 'Affordability').waitFor({ timeout: 10_000 });
      await page.clock.pauseAt(Date.now() + 1000);
    }

    // Both press "Move up" on Affordability: it moves once, and the second press finds it done.
    await button(first, 'Move up', 'Affordability').click();
    await expect.poll(order, { timeout: 5000 }).toEqual(['Connectivity', 'Affordability', 'Accessibility']);
    await button(second, 'Move up', 'Affordability').click();
    // The second page shows the order only once its command came back and it read the meeting again: any refusal is said by then.
    await expect.poll(() => topicsOf(second).getByRole('listitem').nth(1).innerText(), { timeout: 5000 }).toContain('Affordability');
    expect(order()).toEqual(['Connectivity', 'Affordability', 'Accessibility']);
    expect(await topicsOf(second).getByRole('alert').filter({ hasText: 'Someone else' }).count()).toBe(0);

    // The first moves Affordability to the top; the second, before its page follows, moves it down from where it saw it, second.
    await button(first, 'Move up', 'Affordability').click();
    await expect.poll(order, { timeout: 5000 }).toEqual(['Affordability', 'Connectivity', 'Accessibility']);
    await button(second, 'Move down', 'Affordability').click();
    await topicsOf(second).getByRole('alert').filter({ hasText: 'Someone else changed the order of the topics before your command arrived. Nothing was changed' }).waitFor({ timeout: 5000 });
    expect(order()).toEqual(['Affordability', 'Connectivity', 'Accessibility']);
    await expect.poll(() => topicsOf(second).getByRole('listitem').first().innerText(), { timeout: 5000, message: 'the refusal brought the page up to date' }).toContain('Affordability');
    for (const page of desks) await page.context().close();
  });
});
