import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { touchScreen, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
const shots = join(import.meta.dirname, '../../.cache/shots');
mkdirSync(shots, { recursive: true });

describe('secretariat approval of registrations', () => {
  it('the registrant is told the registration waits, the link says so, and the secretariat approves it by keyboard', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true, maxParticipants: 300 } });

    const registrant = await suite.open(`/m/${meetingId}/register`, { viewport: { width: 390, height: 844 } });
    await registrant.getByText('The secretariat approves each registration to this meeting').waitFor();
    await registrant.getByLabel('Name as it should be shown').fill('Layla Mansour');
    await registrant.getByLabel('Stakeholder group').selectOption('civil_society');
    await registrant.getByRole('button', { name: 'Register', exact: true }).click();
    await registrant.getByText('Your registration is waiting for the secretariat’s approval').waitFor();
    await registrant.screenshot({ path: join(shots, 'register-pending-390x844-en.png'), fullPage: true });
    const link = await registrant.getByRole('textbox', { name: 'Your personal link' }).inputValue();
    await registrant.goto(link);
    await registrant.getByText("Your registration is waiting for the secretariat's approval").waitFor();
    await registrant.context().close();

    const setup = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    const approve = setup.getByRole('button', { name: 'Approve the registration of Layla Mansour' });
    await approve.focus();
    await setup.keyboard.press('Enter');
    await setup.getByText('No registration is waiting.').waitFor();
    await setup.context().close();

    const admitted = await suite.open(link.replace(suite.server.url, ''));
    await admitted.getByText('Open consultation on meaningful connectivity').first().waitFor();
    expect(await admitted.getByText("Your registration is waiting for the secretariat's approval").count()).toBe(0);
    await admitted.context().close();
  }, 120_000);

  it('at the door, with hundreds waiting, the person at the desk is found by a name typed without its accent and approved; the lists show fifty at a time', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true } });
    const register = (displayName: string) =>
      http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName, affiliation: 'Civic Net', country: 'Senegal', stakeholderGroup: 'civil_society', attendance: 'room' }, null);
    for (let index = 0; index < 120; index += 1) await register(`Registrant ${index}`);
    await register('Aïssatou Ndiaye');

    const setup = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    const panel = setup.getByRole('region', { name: 'Registrations' });
    await panel.getByText('The first 50 of 121 are listed: narrow the search to see the others.').waitFor({ timeout: 10_000 });
    expect(await panel.getByRole('button', { name: /^Approve the registration of/ }).count()).toBe(50);

    await panel.getByRole('searchbox', { name: 'Find a registration (name, affiliation or country)' }).fill('aissatou');
    const approve = panel.getByRole('button', { name: 'Approve the registration of Aïssatou Ndiaye' });
    await approve.waitFor({ timeout: 5000 });
    expect(await panel.getByRole('button', { name: /^Approve the registration of/ }).count()).toBe(1);
    await approve.focus();
    await setup.keyboard.press('Enter');
    await panel.getByText('No registration here matches the search.').waitFor({ timeout: 5000 });
    await expect
      .poll(async () => (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.participants.find((participant: { displayName: string }) => participant.displayName === 'Aïssatou Ndiaye')?.registration, { timeout: 5000 })
      .toBe('approved');
    await panel.getByText('Waiting for approval (120)').waitFor({ timeout: 5000 });
    await setup.context().close();
  }, 120_000);

  it('two secretaries at the desk: a registration made online reaches both pages without a reload; the second to decide on the same person is told someone else did, and the first decision stands', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true } });
    const register = (displayName: string) =>
      http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName, affiliation: 'Civic Net', country: 'Jordan', stakeholderGroup: 'civil_society', attendance: 'room' }, null);
    const registrationOf = async (displayName: string) =>
      (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.participants.find((participant: { displayName: string }) => participant.displayName === displayName)?.registration;
    await register('Layla Mansour');

    // The pages' clocks are driven by the test: each follows the meeting when its clock says so.
    const withClock = { viewport: { width: 1440, height: 900 }, beforeLoad: (page: Page) => page.clock.install() };
    const desks = [await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, withClock), await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, withClock)];
    const [first, second] = desks as [Page, Page];
    const panelOf = (page: Page) => page.getByRole('region', { name: 'Registrations' });
    for (const page of desks) {
      await panelOf(page).getByRole('button', { name: 'Approve the registration of Layla Mansour' }).waitFor({ timeout: 10_000 });
      await page.clock.pauseAt(Date.now() + 1000);
    }

    // Someone registers online while both pages are open: each shows them once it has asked again.
    await register('Omar Haddad');
    for (const page of desks) {
      await page.clock.runFor(10_000);
      await panelOf(page).getByRole('button', { name: 'Approve the registration of Omar Haddad' }).waitFor({ timeout: 5000 });
    }

    // The first approves Layla; the second, before its page has asked again, declines her.
    await panelOf(first).getByRole('button', { name: 'Approve the registration of Layla Mansour' }).click();
    await expect.poll(() => registrationOf('Layla Mansour'), { timeout: 5000 }).toBe('approved');
    await panelOf(second).getByRole('button', { name: 'Decline the registration of Layla Mansour' }).click();
    await panelOf(second)
      .getByRole('alert')
      .filter({ hasText: 'Someone else already decided on the registration of Layla Mansour before your command arrived. Nothing was changed' })
      .waitFor({ timeout: 5000 });
    expect(await registrationOf('Layla Mansour')).toBe('approved');
    // The refusal brought the page up to date: she is no longer waiting there.
    await expect.poll(() => panelOf(second).getByRole('button', { name: 'Approve the registration of Layla Mansour' }).count(), { timeout: 5000 }).toBe(0);
    await second.screenshot({ path: join(shots, 'registration-two-desks-1440x900-en.png'), fullPage: true });
    for (const page of desks) await page.context().close();
  }, 120_000);

  it('while a secretary works on the list, a row another desk decides stays in place, so the click lands on the person it was meant for; the desk’s own decision leaves and focus goes to the next person', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true } });
    const names = ['Layla Mansour', 'Omar Haddad', 'Aisha Bello', 'Karim Nasser'];
    for (const displayName of names) {
      await http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName, affiliation: 'Civic Net', country: 'Jordan', stakeholderGroup: 'civil_society', attendance: 'room' }, null);
    }
    const registrationOf = async (displayName: string) =>
      (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.participants.find((participant: { displayName: string }) => participant.displayName === displayName)?.registration;
    const withClock = { viewport: { width: 1440, height: 900 }, beforeLoad: (page: Page) => page.clock.install() };
    const [first, second] = [await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, withClock), await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, withClock)] as [Page, Page];
    const panelOf = (page: Page) => page.getByRole('region', { name: 'Registrations' });
    const approveOf = (page: Page, name: string) => panelOf(page).getByRole('button', { name: `Approve the registration of ${name}` });
    for (const page of [first, second]) {
      await approveOf(page, 'Karim Nasser').waitFor({ timeout: 10_000 });
      await page.clock.pauseAt(Date.now() + 1000);
    }

    // The second desk's pointer rests on Omar's Approve while the first approves Layla, the row above.
    await approveOf(second, 'Omar Haddad').scrollIntoViewIfNeeded();
    const box = (await approveOf(second, 'Omar Haddad').boundingBox())!;
    await second.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await approveOf(first, 'Layla Mansour').click();
    await expect.poll(() => registrationOf('Layla Mansour'), { timeout: 5000 }).toBe('approved');
    await second.clock.runFor(10_000);
    await panelOf(second).getByText('Approved by someone else meanwhile').waitFor({ timeout: 5000 });
    expect(await approveOf(second, 'Omar Haddad').boundingBox()).toEqual(box);
    await second.screenshot({ path: join(shots, 'registration-decided-meanwhile-1440x900-en.png'), fullPage: true });

    // The click where the pointer was approves Omar, not the person below him.
    await second.mouse.down();
    await second.mouse.up();
    await expect.poll(() => registrationOf('Omar Haddad'), { timeout: 5000 }).toBe('approved');
    expect(await registrationOf('Aisha Bello')).toBe('pending');
    // Omar's row left with the desk's own decision, and focus went to the next person waiting.
    await expect.poll(() => second.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 5000 }).toBe('Approve the registration of Aisha Bello');
    expect(await panelOf(second).getByText('Approved by someone else meanwhile').count()).toBe(1);

    // Once the pointer and focus leave the panel, the list settles.
    await second.mouse.move(5, 5);
    await second.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect.poll(() => panelOf(second).getByText('Approved by someone else meanwhile').count(), { timeout: 5000 }).toBe(0);

    // Focus in the list holds it too: a keyboard user on Karim's Decline keeps it when Aisha is approved elsewhere.
    const declineKarim = panelOf(second).getByRole('button', { name: 'Decline the registration of Karim Nasser' });
    await declineKarim.focus();
    await first.clock.runFor(10_000);
    await approveOf(first, 'Aisha Bello').click();
    await expect.poll(() => registrationOf('Aisha Bello'), { timeout: 5000 }).toBe('approved');
    await second.clock.runFor(10_000);
    await panelOf(second).getByText('Approved by someone else meanwhile').waitFor({ timeout: 5000 });
    expect(await second.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Decline the registration of Karim Nasser');
    await second.keyboard.press('Enter');
    await expect.poll(() => registrationOf('Karim Nasser'), { timeout: 5000 }).toBe('declined');
    for (const page of [first, second]) await page.context().close();
  }, 120_000);

  it('on a touch screen, which gives no hover to hold the list, a tap that lands just as another desk’s decision moved the rows does nothing and says why; the next tap, on the row now seen there, acts', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true } });
    for (const displayName of ['Layla Mansour', 'Omar Haddad', 'Aisha Bello']) {
      await http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName, affiliation: 'Civic Net', country: 'Jordan', stakeholderGroup: 'civil_society', attendance: 'room' }, null);
    }
    const registrationOf = async (displayName: string) =>
      (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.participants.find((participant: { displayName: string }) => participant.displayName === displayName)?.registration;
    // A tablet at the desk: the page's clock is the test's, so "just as" is exact whatever the machine's load.
    const tablet = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: 820, height: 1180 }, beforeLoad: (page: Page) => page.clock.install() });
    const panel = tablet.getByRole('region', { name: 'Registrations' });
    const approveOf = (name: string) => panel.getByRole('button', { name: `Approve the registration of ${name}` });
    await approveOf('Aisha Bello').waitFor({ timeout: 10_000 });
    await tablet.clock.pauseAt(Date.now() + 1000);
    const { tap } = await touchScreen(tablet);
    await approveOf('Omar Haddad').scrollIntoViewIfNeeded();
    const box = (await approveOf('Omar Haddad').boundingBox())!;
    const omar = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // Another desk approves Layla, the row above Omar; the tablet follows the meeting just as the secretary's finger comes down on Omar.
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'participant:review', participantId: (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.participants.find((participant: { displayName: string }) => participant.displayName === 'Layla Mansour').id, decision: 'approved' });
    await tablet.clock.runFor(10_000);
    await expect.poll(() => panel.getByText('Layla Mansour').count(), { timeout: 5000 }).toBe(0);
    expect((await approveOf('Aisha Bello').boundingBox())!.y, 'Aisha’s row is where Omar’s was').toBeCloseTo(box.y, 0);
    await tap(omar);
    await tablet.getByRole('status').filter({ hasText: 'The list moved just as you pressed, so nothing was done.' }).waitFor({ timeout: 5000 });
    expect(await registrationOf('Aisha Bello')).toBe('pending');
    expect(await registrationOf('Omar Haddad')).toBe('pending');
    await tablet.screenshot({ path: join(shots, 'registration-moved-as-pressed-820x1180-en.png') });

    // A moment later the secretary has seen Aisha there: the tap approves her.
    await tablet.clock.runFor(1000);
    await tap(omar);
    await expect.poll(() => registrationOf('Aisha Bello'), { timeout: 5000 }).toBe('approved');
    expect(await registrationOf('Omar Haddad')).toBe('pending');
    expect(await tablet.getByRole('status').filter({ hasText: 'The list moved' }).count()).toBe(0);
    await tablet.context().close();
  }, 120_000);
});
