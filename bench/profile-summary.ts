/**
 * Summarises a CPU profile written by `npm run bench -- --profile`: self time by function and
 * by package, to see where a server spends its window.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/openfloor-3000-0.cpuprofile [top] [stretch ms]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = profile.endTime - profile.startTime;

const packageOf = (url: string) => {
  if (!url) return '(native/vm)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return 'node core';
  return url.includes('/work/') || url.startsWith('file:') ? 'openfloor' : url;
};

const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, time] of selfTime) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  functions.set(key, (functions.get(key) ?? 0) + time);
  const pkg = packageOf(url);
  packages.set(pkg, (packages.get(pkg) ?? 0) + time);
}

const show = (title: string, entries: Map<string, number>, count: number) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(6)}%  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms profiled`);
show('Self time by package', packages, 15);
show('Self time by function', functions, top);

// Long busy stretches: consecutive samples off the idle node, which block the event loop.
const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const stackOf = (id: number) => {
  const names: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
    if (functionName === '(root)') break;
    names.push(`${functionName || '(anonymous)'}${url ? ` ${url.replace(/^.*node_modules\//, '').replace(/^.*\/main\//, '')}:${lineNumber + 1}` : ''}`);
  }
  return names;
};
const longest = Number(process.argv[4] ?? 40) * 1000;
let stretchStart = 0;
let stretchSamples: number[] = [];
let clock = profile.startTime;
const stretches: { start: number; length: number; samples: number[] }[] = [];
profile.samples.forEach((id, index) => {
  clock += profile.timeDeltas[index] ?? 0;
  if (idleIds.has(id)) {
    if (stretchSamples.length && clock - stretchStart >= longest) {
      stretches.push({ start: stretchStart - profile.startTime, length: clock - stretchStart, samples: stretchSamples });
    }
    stretchSamples = [];
    return;
  }
  if (!stretchSamples.length) stretchStart = clock;
  stretchSamples.push(id);
});
console.log(`\nBusy stretches of ${longest / 1000} ms or more: ${stretches.length}`);
for (const stretch of stretches.sort((a, b) => b.length - a.length).slice(0, 5)) {
  const leaves = new Map<string, number>();
  for (const id of stretch.samples) {
    const key = stackOf(id).slice(0, Number(process.env.DEPTH ?? 6)).join(' < ');
    leaves.set(key, (leaves.get(key) ?? 0) + 1);
  }
  console.log(`  at ${(stretch.start / 1000).toFixed(0)} ms: ${(stretch.length / 1000).toFixed(1)} ms, ${stretch.samples.length} samples`);
  for (const [stack, count] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${count}  ${stack}`);
}
