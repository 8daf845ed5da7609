import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
const shot = (page: Page, name: string) => page.screenshot({ path: `.cache/shots/walk/${name}.png`, fullPage: false });

describe('walk', () => {
  it('topic translations, Arabic setup page', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const cmd = (body: unknown) => http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    await cmd({ type: 'meeting:update', details: { languages: ['en', 'ar', 'es', 'fr'] } });
    await cmd({ type: 'topic:update', topicId: meeting.topicIds[0], details: { description: 'Meaningful connectivity in rural and remote areas.' }, translated: { es: { title: 'Conectividad', description: 'Conectividad en zonas rurales.' } } });
    for (const [size, w, h] of [['1440', 1440, 900], ['390', 390, 844]] as const) {
      const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: w, height: h } });
      await setup.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
      await setup.reload();
      const topics = setup.locator('section', { has: setup.locator('h2', { hasText: 'المواضيع' }) });
      const region = setup.getByRole('region').filter({ has: setup.locator('form') });
      await setup.getByRole('button', { name: 'تعديل' }).first().click();
      const form = setup.locator('form.topic-form').first();
      await form.scrollIntoViewIfNeeded();
      await form.locator('input[lang="ar"]').fill('الاتصال المجدي');
      await form.locator('input[lang="ar"]').scrollIntoViewIfNeeded();
      await shot(setup, `topic-translate-${size}-ar`);
      await setup.context().close();
      void topics; void region;
    }
    const links = await meetingLinks(suite.server, meeting.meetingId);
    void links;
  });
});
