/**
 * Refreshes docs/i18n/*.png, the Chinese and Russian pictures in the README: the chair console
 * (1440x900), the participant page on a phone (390x844) and the room screen (1920x1080) of a
 * meeting in progress, with delegates whose names are written in Chinese and in Cyrillic.
 * Run after `npm run build`: `npx tsx infra/language-screenshots.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { http, MirrorClient, removeDir, seedMeeting, startServer, tokenOf, ADMIN_TOKEN } from '../test/support/harness.js';
import { launchChromium } from '../test/support/browser.js';

const server = await startServer();
const meeting = await seedMeeting(server.url);
const base = server.url;
const register = async (displayName: string, affiliation: string, country: string, stakeholderGroup: string) => {
  const result = await http(
    base,
    'POST',
    `/meetings/${meeting.meetingId}/registrations`,
    { displayName, affiliation, country, stakeholderGroup, attendance: 'remote' },
    null,
  );
  if (result.status !== 201) throw new Error(JSON.stringify(result.body));
  return { id: result.body.participantId as string, url: result.body.url as string, token: tokenOf(result.body.url) };
};
const wang = await register('王芳', '工业和信息化部', '中国', 'government');
const olga = await register('Ольга Смирнова', 'Минцифры России', 'Россия', 'government');
const links = (await http(base, 'GET', `/meetings/${meeting.meetingId}/links`, undefined, ADMIN_TOKEN)).body.links as {
  role: string;
  url: string;
}[];
const chair = new MirrorClient(base, meeting.tokens.chair);
const captioner = new MirrorClient(base, meeting.tokens.captioner);
await Promise.all([chair.ready(), captioner.ready()]);
await chair.send('queue:add', { participantId: olga.id, kind: 'intervention' });
await chair.send('queue:add', { participantId: wang.id, kind: 'intervention' });
await chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'point_of_order' });
await chair.send('floor:give', { entryId: undefined });
await chair.send('queue:add', { participantId: meeting.participants.remote.id, kind: 'reply' }).catch(() => null);
for (const text of [
  'Thank you, Chair. The Russian Federation welcomes the compilation report.\n',
  'Community networks have connected thousands of rural households.\n',
  'We propose that the group considers spectrum',
]) {
  await captioner.send('caption:write', { language: 'en', erase: 0, text });
}

const out = join(import.meta.dirname, '../docs/i18n');
mkdirSync(out, { recursive: true });
const browser = await launchChromium();
const locales = { zh: 'zh-CN', ru: 'ru-RU' } as const;
const shoot = async (language: 'zh' | 'ru', url: string, file: string, width: number, height: number) => {
  const context = await browser.newContext({ viewport: { width, height }, locale: locales[language] });
  await context.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(out, file) });
  await context.close();
};
for (const language of ['zh', 'ru'] as const) {
  await shoot(language, links.find((link) => link.role === 'chair')!.url, `${language}-chair.png`, 1440, 900);
  await shoot(language, language === 'zh' ? wang.url : olga.url, `${language}-participant.png`, 390, 844);
  await shoot(language, links.find((link) => link.role === 'screen')!.url, `${language}-screen.png`, 1920, 1080);
}
await browser.close();
chair.close();
captioner.close();
await server.stop();
removeDir(server.dataDir);
