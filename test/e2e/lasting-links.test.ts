import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

/** The participant page is there, connected: its request button shows. */
const showsParticipantPage = (page: Page) =>
  page.getByRole('button', { name: 'Request the floor' }).waitFor({ timeout: 10_000 });

const pathOnly = (path: string) => path.replace(/#.*$/, '');

describe('links that can be bookmarked and reopened', () => {
  it('a personal link opened once works from a bookmark, in a second tab and after the browser is reopened', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const link = links.participant(meeting.participants.remote.id);
    const first = await suite.open(link);
    await showsParticipantPage(first);
    // The address keeps the link: a bookmark made now opens the page on any device.
    expect(first.url()).toBe(`${suite.server.url}${link}`);

    const bookmark = await suite.browser.newContext();
    try {
      const fromBookmark = await bookmark.newPage();
      await fromBookmark.goto(first.url());
      await showsParticipantPage(fromBookmark);
    } finally {
      await bookmark.close();
    }

    // A second tab on the same device, opened on the bare address.
    const secondTab = await first.context().newPage();
    await secondTab.goto(`${suite.server.url}${pathOnly(link)}`);
    await showsParticipantPage(secondTab);
    expect(secondTab.url()).toBe(`${suite.server.url}${link}`);

    // The browser closed and opened again with the same profile.
    const storageState = await first.context().storageState();
    await first.context().close();
    const reopened = await suite.browser.newContext({ storageState });
    try {
      const page = await reopened.newPage();
      await page.goto(`${suite.server.url}${pathOnly(link)}`);
      await showsParticipantPage(page);
    } finally {
      await reopened.close();
    }
  });

  it('"Forget me on this device" takes the link out of the device and the address', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const link = links.participant(meeting.participants.room.id);
    const page = await suite.open(link);
    try {
      await showsParticipantPage(page);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Forget me on this device' }).click();
      await page.getByText('Open that link again').waitFor({ timeout: 10_000 });
      expect(page.url()).toBe(`${suite.server.url}${pathOnly(link)}`);
      expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('openfloor.link.')))).toEqual([]);
      await page.reload();
      await page.getByText('Open that link again').waitFor({ timeout: 10_000 });
      await page.getByRole('link', { name: /Get your link again/ }).click();
      await page.getByRole('heading', { name: 'Register to take part' }).waitFor({ timeout: 10_000 });
    } finally {
      await page.context().close();
    }
  });

  it('a link opened on another page of the meeting leads to its own page, link and all', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const chairLink = links.role('chair');
    const page = await suite.open(chairLink.replace('/chair#', '/participant#'));
    try {
      await page.getByRole('link', { name: "Open the chair's console" }).click({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Next speaker' }).waitFor({ timeout: 10_000 });
      expect(page.url()).toBe(`${suite.server.url}${chairLink}`);
    } finally {
      await page.context().close();
    }
  });

  it('pages tell the browser to send no Referer', async () => {
    const response = await fetch(`${suite.server.url}/m/anything/participant`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('<meta name="referrer" content="no-referrer" />');
  });
});

describe('registration on a phone', () => {
  const phone = { width: 390, height: 844 };

  it('names the field to fix, then shows the personal link with a QR code and remembers it on the device', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const page = await suite.open(`/m/${meeting.meetingId}/register`, {
      beforeLoad: (opened) => opened.setViewportSize(phone),
    });
    try {
      const name = page.getByLabel('Name as it should be shown');
      const group = page.getByLabel('Stakeholder group');
      expect(await group.inputValue()).toBe('');
      await name.fill('   ');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.getByText('Enter a name.').waitFor({ timeout: 10_000 });
      await page.getByText('Choose a stakeholder group.').waitFor();
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page, 'registration with errors')).toEqual([]);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('name');

      await name.fill('Ana Lima');
      await group.selectOption('academic_technical');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.getByRole('heading', { name: 'You are registered' }).waitFor({ timeout: 10_000 });
      const url = await page.getByRole('textbox', { name: 'Your personal link' }).inputValue();
      expect(url).toMatch(new RegExp(`/m/${meeting.meetingId}/participant#token=`));
      expect(await page.getByRole('img', { name: 'QR code of your personal link' }).count()).toBe(1);
      expect(await axeViolations(page, 'registration done')).toEqual([]);

      // The device remembers it: the bare participant address opens the page.
      await page.goto(`${suite.server.url}/m/${meeting.meetingId}/participant`);
      await showsParticipantPage(page);
      expect(page.url()).toBe(url);
    } finally {
      await page.context().close();
    }
  });

  it('a second registration under the same name and affiliation is flagged before it is made', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const page = await suite.open(`/m/${meeting.meetingId}/register`, {
      beforeLoad: (opened) => opened.setViewportSize(phone),
    });
    try {
      await page.getByLabel('Name as it should be shown').fill('amina civil');
      await page.getByLabel('Affiliation').fill('MINISTRY');
      await page.getByLabel('Stakeholder group').selectOption('civil_society');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.getByText(/already registered/).first().waitFor({ timeout: 10_000 });
      expect(await axeViolations(page, 'registration flagged as a duplicate')).toEqual([]);
      let state = (await http(suite.server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
      expect(state.participants).toHaveLength(2);

      await page.getByRole('button', { name: 'Register anyway' }).click();
      await page.getByRole('heading', { name: 'You are registered' }).waitFor({ timeout: 10_000 });
      await page.getByText(/the chair sees both registrations/).waitFor();
      state = (await http(suite.server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
      expect(state.participants).toHaveLength(3);
    } finally {
      await page.context().close();
    }
  });
});

describe('setup: links that expire before the meeting', () => {
  it('are flagged in red and renewed with the same address', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const issued = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, {
      role: 'captioner',
      label: 'Early CART',
      expiresAt: Date.now() + 3600_000,
    });
    const page = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      beforeLoad: (opened) => opened.setViewportSize({ width: 1440, height: 900 }),
    });
    try {
      const alert = page.getByRole('alert').filter({ hasText: 'stops working before the meeting ends' });
      await alert.waitFor({ timeout: 10_000 });
      const state = page.locator('.link-too-short');
      expect(await state.count()).toBe(1);
      expect(await state.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(159, 28, 28)');
      expect(await axeViolations(page, 'setup with a link expiring early')).toEqual([]);

      await page.getByRole('button', { name: 'Renew Captioner – Early CART' }).click();
      await alert.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.locator('.link-too-short').count()).toBe(0);
      const listed = await http(suite.server.url, 'GET', `/meetings/${meeting.meetingId}/links`);
      const link = listed.body.links.find((candidate: { id: string }) => candidate.id === issued.body.linkId);
      expect(link.url).toBe(issued.body.url);
      expect(link.followsMeetingSince).not.toBeNull();
    } finally {
      await page.context().close();
    }
  });
});

describe("setup: a delegate's lost link among hundreds", () => {
  it('the personal links are built only when their list is opened, and a name typed without its accent finds the one link, by keyboard', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const register = (displayName: string, country: string) =>
      http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/registrations`, { displayName, affiliation: 'Ministry of ICT', country, stakeholderGroup: 'government', attendance: 'room' }, null);
    for (let index = 0; index < 300; index += 1) await register(`Delegate ${index}`, index % 2 ? 'Kenya' : 'Brazil');
    const lost = await register('Aminata Koné', 'Mali');
    const page = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      beforeLoad: (opened) => opened.setViewportSize({ width: 1440, height: 900 }),
    });
    try {
      const summary = page.getByText('Personal links of 303 participants');
      await summary.waitFor({ timeout: 10_000 });
      // Closed, the list is not built: only the role links are there.
      expect(await page.locator('ul.links > li').count()).toBe(5);
      await summary.focus();
      await page.keyboard.press('Enter');
      await page.getByText('The first 50 of 303 links are listed: narrow the search to see the others.').waitFor({ timeout: 5000 });
      expect(await page.locator('ul.links > li').count()).toBe(55);

      await page.getByRole('searchbox', { name: 'Find a participant (name, affiliation or country)' }).focus();
      await page.keyboard.type('kone mali');
      const copy = page.getByRole('textbox', { name: 'Link for Participant – Aminata Koné' });
      await copy.waitFor({ timeout: 5000 });
      expect(await copy.inputValue()).toBe(lost.body.url);
      expect(await page.locator('ul.links > li').count()).toBe(6);
      expect(await axeViolations(page, 'setup, a personal link found')).toEqual([]);

      await page.keyboard.type(' nobody');
      await page.getByText("No participant's link matches.").waitFor({ timeout: 5000 });
    } finally {
      await page.context().close();
    }
  });
});
