import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { seedMeeting } from '../support/harness.js';

// Two registrations an hour from one address: the seeded meeting's two registrants, made from
// this machine's address as the pages are, spend them.
const suite = useBrowserAndServer({ env: { REGISTRATION_PER_ADDRESS_PER_HOUR: '2' } });
const shots = join(import.meta.dirname, '../../.cache/shots');
mkdirSync(shots, { recursive: true });

describe('a registration refused for coming too often from one address', () => {
  it('says how long until the next one is let in, in English and in Arabic, and keeps what was typed', async () => {
    const { meetingId } = await seedMeeting(suite.server.url);
    for (const [locale, name, group, register, wait] of [
      ['en-US', 'Name as it should be shown', 'Stakeholder group', 'Register', /^Too many requests\. Try again in (\d+) minutes\.$/],
      ['ar', 'الاسم كما ينبغي أن يظهر', 'فئة أصحاب المصلحة', 'تسجيل', /^طلبات كثيرة جدًا\. أعد المحاولة بعد (\d+) دقيقة\.$/],
    ] as const) {
      const page = await suite.open(`/m/${meetingId}/register`, { locale, viewport: { width: 390, height: 844 } });
      await page.getByLabel(name).fill('Layla Mansour');
      await page.getByLabel(group).selectOption('civil_society');
      await page.getByRole('button', { name: register, exact: true }).click();
      const alert = page.getByRole('alert').filter({ hasText: wait });
      await alert.waitFor();
      // Two an hour: the next one half an hour after the seeded registrations.
      const minutes = Number(wait.exec((await alert.innerText()).trim())![1]);
      expect(minutes).toBeGreaterThanOrEqual(29);
      expect(minutes).toBeLessThanOrEqual(30);
      expect(await page.getByLabel(name).inputValue()).toBe('Layla Mansour');
      await page.screenshot({ path: join(shots, `register-rate-limited-390x844-${locale}.png`), fullPage: true });
      await page.context().close();
    }
  }, 60_000);
});
