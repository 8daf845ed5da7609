import { describe, expect, it } from 'vitest';
import { meetingLinks, slowDownlink, useBrowserAndServer } from '../support/e2e.js';
import { http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

describe('two interpreters in one booth, in Chromium', () => {
  it('pressing "Take the booth" just after a colleague went on air does not take them off it: the console names who is on air and offers the hand-over, which then works', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const issue = async (label: string) => {
      const issued = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'interpreter', label, booth: 'ar' });
      expect(issued.status).toBe(201);
      return issued.body.linkId as string;
    };
    const halaLink = await issue('Hala Haddad');
    await issue('Omar Nasser');
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const pageOf = (label: string) => links.all.find((link) => link.label === label)!.path;
    const downlink = slowDownlink();
    const hala = await suite.open(pageOf('Hala Haddad'));
    const omar = await suite.open(pageOf('Omar Nasser'), { beforeLoad: downlink.route });
    const booths = () => suite.server.app.registry.get(meeting.meetingId)!.state.booths;

    const take = (page: typeof hala) => page.getByRole('button', { name: 'Take the booth (go on air)' });
    await take(hala).waitFor({ timeout: 10_000 });
    await take(omar).waitFor({ timeout: 10_000 });
    await expect.poll(() => downlink.link.upgraded, { timeout: 10_000, message: 'socket upgraded' }).toBe(true);

    // Omar's page stops hearing from the server; Hala goes on air; Omar, seeing the booth free, presses too.
    downlink.link.held = true;
    await take(hala).click();
    await expect.poll(booths, { timeout: 10_000 }).toEqual([expect.objectContaining({ language: 'ar', linkId: halaLink })]);
    await take(omar).click();
    await expect.poll(() => downlink.link.queue.length, { timeout: 10_000, message: 'answer held' }).toBeGreaterThan(1);
    downlink.release();

    const told = omar.getByRole('alert').filter({ hasText: 'before your command arrived' });
    await expect
      .poll(() => told.innerText(), { timeout: 10_000 })
      .toContain('Hala Haddad went on air in this booth before your command arrived. Nothing was changed: press “Take over from your colleague” if you mean to.');
    expect(booths(), 'Hala stays on air').toEqual([expect.objectContaining({ linkId: halaLink })]);
    await expect.poll(() => hala.getByRole('status').filter({ hasText: 'You are on air' }).count()).toBe(1);

    // Knowingly now: the hand-over.
    await omar.getByRole('button', { name: 'Take over from your colleague' }).click();
    await omar.getByRole('status').filter({ hasText: 'You are on air' }).waitFor({ timeout: 10_000 });
    await hala.getByRole('status').filter({ hasText: 'On air: Omar Nasser' }).waitFor({ timeout: 10_000 });
  });
});
