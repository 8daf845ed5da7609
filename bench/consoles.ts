/**
 * What a page costs its device each second while a meeting runs, at ITU size: the chair's
 * console (countdown, list, record of speeches, balance, all drawn again every second), the
 * room screen, a viewer's and a participant's page, in Chromium. The meeting has 800
 * registered, 150 speeches on the topic and 40 waiting; the baseline is the same page on a
 * meeting of 6 registered, 2 speeches and 2 waiting, measured in the same run. Each point is
 * the page's main-thread task time over a 10 s window (Chromium's Performance metrics, after 3 s
 * to settle), pages taken in turn small / ITU-size, `--repeat` times; median (min–max) and the
 * ratio of medians. Run with `npm run bench:consoles` after `npm run build` (`-- --pages=chair`
 * for one page, `--repeat=3`).
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.js';
import { meetingLinks, openPage } from '../test/support/e2e.js';
import { http, seedMeeting, startServer, stopServer } from '../test/support/harness.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const REPEAT = Number(args.get('repeat') ?? 3);
const PAGES = ['chair', 'screen', 'viewer', 'participant'] as const;
/** `--pages=chair,viewer`: only those (all four by default). */
const chosen = (args.get('pages') ?? PAGES.join(',')).split(',');
const WINDOW_MS = 10_000;

const server = await startServer();
const browser = await launchChromium();

const groups = ['government', 'private_sector', 'civil_society', 'academic_technical', 'intergovernmental', 'international'];

/** A meeting in progress: `registered` people, `speeches` over on the topic, `waiting` in the list, one speaking. */
async function meetingOf(registered: number, speeches: number, waiting: number) {
  const meeting = await seedMeeting(server.url);
  const command = async (body: unknown) => {
    const result = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
  };
  const people: string[] = [];
  for (let index = 0; index < registered; index++) {
    const result = await http(
      server.url,
      'POST',
      `/meetings/${meeting.meetingId}/registrations`,
      {
        displayName: `Delegate ${index}`,
        affiliation: `Ministry of Communications ${index}`,
        country: `Country ${index % 190}`,
        stakeholderGroup: groups[index % groups.length],
        attendance: index % 2 ? 'room' : 'remote',
      },
      null,
    );
    if (result.status !== 201) throw new Error(JSON.stringify(result.body));
    people.push(result.body.participantId);
  }
  for (let index = 0; index < speeches; index++) {
    await command({ type: 'queue:add', participantId: people[index % people.length], kind: 'intervention' });
    await command({ type: 'floor:give', expectedSpeechId: null });
    await command({ type: 'floor:end' });
  }
  for (let index = 0; index < waiting + 1; index++) {
    await command({ type: 'queue:add', participantId: people[(speeches + index) % people.length], kind: 'intervention' });
  }
  await command({ type: 'floor:give', expectedSpeechId: null });
  const links = await meetingLinks(server, meeting.meetingId);
  return {
    chair: links.role('chair'),
    screen: links.role('screen'),
    viewer: links.role('viewer'),
    participant: links.participant(people[(speeches + 1) % people.length]!),
  };
}

/** Main-thread task time, ms per second, of the page over the window. */
async function costOf(path: string): Promise<number> {
  const page: Page = await openPage(browser, `${server.url}${path}`, { viewport: { width: 1920, height: 1080 } });
  await page.waitForFunction(() => document.querySelector('h1') !== null && document.querySelector('[data-loading]') === null, null, { timeout: 30_000 });
  await page.waitForTimeout(3000);
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Performance.enable');
  const taskSeconds = async () => (await devtools.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')!.value;
  const before = await taskSeconds();
  await page.waitForTimeout(WINDOW_MS);
  const after = await taskSeconds();
  await page.context().close();
  return ((after - before) * 1000) / (WINDOW_MS / 1000);
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const fmt = (values: number[]) => {
  const { median, min, max } = stats(values);
  return `${median.toFixed(1)} (${min.toFixed(1)}–${max.toFixed(1)})`;
};

try {
  const small = await meetingOf(4, 2, 2);
  const itu = await meetingOf(800, 150, 40);
  const pages = PAGES.filter((name) => chosen.includes(name));
  const measured = new Map(pages.map((name) => [name, { small: [] as number[], itu: [] as number[] }]));
  for (let round = 0; round < REPEAT; round++) {
    for (const name of pages) {
      measured.get(name)!.small.push(await costOf(small[name]));
      measured.get(name)!.itu.push(await costOf(itu[name]));
    }
  }
  console.log(`Main-thread task time, ms per second, median (min–max) of ${REPEAT}`);
  console.log('| page | small meeting | 800 registered, 150 speeches, 40 waiting | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, { small: base, itu: big }] of measured) {
    console.log(`| ${name} | ${fmt(base)} | ${fmt(big)} | ${(stats(big).median / stats(base).median).toFixed(2)}x |`);
  }
} finally {
  await browser.close();
  await stopServer(server);
}
