import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
const shot = (page: Page, name: string) => page.screenshot({ path: `.cache/shots/walk/${name}.png`, fullPage: false });
const arabic = async (page: Page) => {
  await page.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
  await page.reload();
};

describe('walk', () => {
  it('Arabic chair, participant, screen with Latin names', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const cmd = async (body: unknown) => {
      const r = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      return r.body;
    };
    await cmd({ type: 'topic:update', topicId: meeting.topicIds[0], details: { title: 'What is IPv6?' } });
    await cmd({ type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
    await cmd({ type: 'queue:add', participantId: meeting.participants.room.id, kind: 'intervention' });
    await cmd({ type: 'floor:give' });
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1440, height: 900 } });
    await arabic(chair);
    await chair.waitForTimeout(1500);
    await shot(chair, 'chair-1440-ar');
    const phone = await suite.open(links.participant(meeting.participants.room.id), { viewport: { width: 390, height: 844 } });
    await arabic(phone);
    await phone.waitForTimeout(1500);
    await shot(phone, 'participant-390-ar');
    const screen = await suite.open(links.role('screen'), { viewport: { width: 1920, height: 1080 } });
    await arabic(screen);
    await screen.waitForTimeout(1500);
    await shot(screen, 'screen-1920-ar');
  });
});
