/**
 * How fast a listener hears the channel they switch to (issue 13: "switching channels changes it
 * within a second"), against a real livekit-server in Chromium, as test/e2e/interpretation.test.ts
 * sets it up: the venue publishes a 300 Hz tone, the French booth 900 Hz, the Arabic booth
 * 1700 Hz, each from a browser of its own; a webcast viewer switches floor → French → Arabic →
 * floor. Each switch is timed in the viewer's page from the `change` of the channel menu to
 * the moment the chosen tone dominates what the page plays (85 ms analysis windows, polled every
 * 100 ms). The baseline does the same measurement right after, with nothing switched: the time
 * the analysis itself takes to recognise a tone already playing. Five rounds, each switch and
 * its baseline alternating; median (min–max) and the ratio of medians.
 * Run with `npm run bench:interpretation`; it takes about two minutes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startServer, stopServer } from '../test/support/harness.js';
import {
  browserWithTone,
  closeRun,
  connected,
  interpretationStage,
  openIn,
  pollUntil,
  published,
  restartChoiceClock,
  TONES,
  waitForDominant,
  watchChoice,
  type MediaRun,
} from '../test/support/listening.js';

const ROUNDS = 5;
const SWITCHES = [
  { to: 'fr', label: 'floor → French', tone: TONES.fr },
  { to: 'ar', label: 'French → Arabic', tone: TONES.ar },
  { to: '', label: 'Arabic → floor', tone: TONES.floor },
] as const;

const run: MediaRun = { dir: mkdtempSync(join(tmpdir(), 'openfloor-bench-tones-')), browsers: [], pages: [] };
const server = await startServer({ liveKit: true });

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const fmt = (values: number[]) => {
  const { median, min, max } = stats(values);
  return `${median} (${min}–${max})`;
};

try {
  const { links, claire, salma } = await interpretationStage(server, run);
  for (const page of [claire, salma]) await page.getByRole('button', { name: 'Take the booth (go on air)' }).click();
  await pollUntil(() => published(claire), (names) => names?.includes('interpretation.fr') ?? false, 'the French booth on air');
  await pollUntil(() => published(salma), (names) => names?.includes('interpretation.ar') ?? false, 'the Arabic booth on air');

  const viewer = await openIn(run, await browserWithTone(run, null), `${server.url}${links.role('viewer')}`, 'viewer');
  await connected(viewer);
  await watchChoice(viewer);
  const hear = viewer.getByRole('group', { name: 'What you hear' });
  // Warm-up: every channel subscribed and heard once before anything is timed.
  for (const { to, tone } of SWITCHES) {
    await hear.locator(`input[value="${to}"]`).check();
    if ((await waitForDominant(viewer, tone)).ms < 0) throw new Error(`the viewer never heard ${tone} Hz`);
  }

  const switched = new Map<string, number[]>(SWITCHES.map(({ label }) => [label, []]));
  const baseline = new Map<string, number[]>(SWITCHES.map(({ label }) => [label, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const { to, label, tone } of SWITCHES) {
      await hear.locator(`input[value="${to}"]`).check();
      const heard = await waitForDominant(viewer, tone);
      if (heard.ms < 0) throw new Error(`${label}: ${tone} Hz never dominated (last heard ${heard.heard} Hz)`);
      switched.get(label)!.push(heard.ms);
      await restartChoiceClock(viewer);
      const again = await waitForDominant(viewer, tone);
      if (again.ms < 0) throw new Error(`${label}: ${tone} Hz stopped dominating (last heard ${again.heard} Hz)`);
      baseline.get(label)!.push(again.ms);
    }
  }

  console.log(`Interpretation channel switch, heard by a viewer: ${ROUNDS} rounds, ms, median (min–max).`);
  console.log('switch             | choice → heard | baseline (no switch) | ratio of medians');
  const all: number[] = [];
  const allBaseline: number[] = [];
  for (const { label } of SWITCHES) {
    const times = switched.get(label)!;
    const base = baseline.get(label)!;
    all.push(...times);
    allBaseline.push(...base);
    console.log(`${label.padEnd(18)} | ${fmt(times).padEnd(14)} | ${fmt(base).padEnd(20)} | ${(stats(times).median / stats(base).median).toFixed(1)}x`);
  }
  console.log(`${'all'.padEnd(18)} | ${fmt(all).padEnd(14)} | ${fmt(allBaseline).padEnd(20)} | ${(stats(all).median / stats(allBaseline).median).toFixed(1)}x`);
  console.log(`Switches heard within a second: ${all.filter((ms) => ms <= 1000).length} of ${all.length}.`);
} finally {
  await closeRun(run);
  await stopServer(server);
  removeDir(run.dir);
}
