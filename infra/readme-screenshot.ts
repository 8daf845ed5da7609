/**
 * Refreshes docs/screenshot.png, the picture in the README: a chair console and the room screen
 * of a meeting in progress, with a speaker on the floor and live captions.
 * Run after `npm run build`: `npx tsx infra/readme-screenshot.ts`.
 */
import { join } from 'node:path';
import { http, MirrorClient, removeDir, seedMeeting, startServer, ADMIN_TOKEN } from '../test/support/harness.js';
import { launchChromium } from '../test/support/browser.js';

const server = await startServer();
const meeting = await seedMeeting(server.url);
const links = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}/links`, undefined, ADMIN_TOKEN)).body.links as {
  role: string;
  url: string;
}[];
const chair = new MirrorClient(server.url, meeting.tokens.chair);
const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
await Promise.all([chair.ready(), captioner.ready()]);
await chair.send('queue:add', { participantId: meeting.participants.remote.id, kind: 'intervention' });
await chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'point_of_order' });
await chair.send('floor:give', { entryId: undefined });
await chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' }).catch(() => null);
for (const text of [
  'Thank you, Chair. Kenya welcomes the compilation report.\n',
  'Community networks have connected thousands of rural households.\n',
  'We propose that the group considers spectrum',
]) {
  await captioner.send('caption:write', { language: 'en', erase: 0, text });
}

const browser = await launchChromium();
const shoot = async (role: string, file: string, width: number, height: number) => {
  const page = await (await browser.newContext({ viewport: { width, height }, locale: 'en-US' })).newPage();
  await page.goto(links.find((link) => link.role === role)!.url);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: file });
};
await shoot('screen', join(import.meta.dirname, '../docs/screenshot.png'), 1280, 720);
await shoot('chair', join(import.meta.dirname, '../docs/chair-console.png'), 1280, 900);
await browser.close();
chair.close();
captioner.close();
await server.stop();
removeDir(server.dataDir);
