import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CycleLogEntry, type CycleCommand } from '../../shared/cycle/commands.js';
import { replayCycle } from '../../shared/cycle/execute.js';
import { CycleDetails, ProposalDetails } from '../../shared/cycle/model.js';
import { CycleRegistry } from '../../server/cycle/registry.js';
import type { LogStore } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { pdfDocument } from '../support/documents.js';
import { launchedCycle } from '../support/cycles.js';
import { FailingStore } from '../support/failing-store.js';
import { http, startServer, stopServer, waitFor, type RunningServer } from '../support/harness.js';

let store: FailingStore;
let server: RunningServer;
const now = Date.UTC(2026, 9, 22, 8);
let cycleId: string;

beforeAll(async () => {
  server = await startServer({ clock: () => now, wrapStore: (inner) => (store = new FailingStore(inner)) });
  cycleId = await launchedCycle(server.url);
});
afterAll(() => stopServer(server));

const responses = async () => (await http(server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses;

const respond = (document?: Uint8Array) => {
  const form = new FormData();
  for (const [name, value] of Object.entries({ name: 'Ana Torres', stakeholderGroup: 'government', email: 'ana@example.org', consent: 'yes', 'answer-p1': 'Our view.' })) form.append(name, value);
  if (document) form.append('documents-p1', new Blob([document as BlobPart]), 'view.pdf');
  return fetch(`${server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form });
};

describe('the consultation persists before it acknowledges', () => {
  it('a response the cycle log cannot take is not acknowledged and leaves no trace in the cycle', async () => {
    const before = (await http(server.url, 'GET', `/cycles/${cycleId}`)).body;
    store.failing = (stream) => stream.startsWith('cycle:');
    const refused = await respond();
    expect(refused.status).toBe(500);
    expect(await refused.text()).toContain('Something went wrong on the server');
    const after = (await http(server.url, 'GET', `/cycles/${cycleId}`)).body;
    expect(after.seq).toBe(before.seq);
    expect(await responses()).toEqual([]);
  });

  it('a document that cannot be stored refuses the response before the cycle log has it', async () => {
    store.failing = (stream) => stream.startsWith('cycle-document:');
    const refused = await respond(pdfDocument('never kept'));
    expect(refused.status).toBe(500);
    expect(await responses()).toEqual([]);
    store.failing = null;
    expect((await respond(pdfDocument('kept'))).status).toBe(201);
    expect(await responses()).toHaveLength(1);
  });

  it('a secretariat command the log cannot take is refused with INTERNAL and changes nothing', async () => {
    const before = (await http(server.url, 'GET', `/cycles/${cycleId}`)).body;
    const responsesBefore = await responses();
    store.failing = (stream) => stream.startsWith('cycle:');
    const refused = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'response:reject', responseId: responsesBefore[0].id, reason: 'spam', note: '' });
    expect(refused.status).toBe(500);
    expect(refused.body.error.code).toBe('INTERNAL');
    store.failing = null;
    expect((await http(server.url, 'GET', `/cycles/${cycleId}`)).body.state).toEqual(before.state);
    expect(await responses()).toEqual(responsesBefore);
  });
});

describe('a cycle loads from its snapshot', () => {
  it('a start reads the snapshot and only the entries after it, and holds the same cycle as a replay of every entry', async () => {
    const memory = new MemoryLogStore();
    const reads: number[] = [];
    const counting = new Proxy(memory, {
      get(target, property) {
        if (property === 'read') return (stream: string, afterSeq?: number) => (reads.push(afterSeq ?? 0), target.read(stream, afterSeq));
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as LogStore;
    const clock = () => Date.UTC(2026, 9, 22, 8);
    const first = await CycleRegistry.load(counting, clock, { snapshotEvery: 5 });
    const secretariat = { kind: 'secretariat' } as const;
    const run = async (command: CycleCommand) => {
      const result = await first.dispatch('c1', secretariat, command);
      if (!result.ok) throw new Error(result.error.code);
    };
    await run({ type: 'cycle:create', cycleId: 'c1', details: CycleDetails.parse({ title: 'Consultation', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich' }) });
    for (const memberState of ['Peru', 'Chile', 'Ghana', 'Nepal', 'India', 'Egypt', 'Kenya']) {
      await run({ type: 'proposal:add', details: ProposalDetails.parse({ memberState, title: `Topic of ${memberState}`, description: '' }) });
    }
    await first.close();
    // Eight entries: the snapshot was written after the fifth.
    expect((await memory.readSnapshot('cycle:c1'))?.seq).toBe(5);

    reads.length = 0;
    const restarted = await CycleRegistry.load(counting, clock, { snapshotEvery: 5 });
    expect(reads).toEqual([5]);
    const replayed = replayCycle((await memory.read('cycle:c1')).map((raw) => CycleLogEntry.parse(raw)));
    expect(restarted.get('c1')).toEqual({ state: replayed, seq: 8 });
    await restarted.close();
  });
});

describe('finished cycles leave memory', () => {
  it('a finished cycle nobody asked for lately is let go, stays listed, and is read again from its log on first use', async () => {
    const memory = new MemoryLogStore();
    // Every cycle counts as finished here; the server's rule (report out, meeting archived) is in mount.ts.
    const registry = await CycleRegistry.load(memory, () => Date.now(), { finished: () => true, idleUnloadMs: 50 });
    const secretariat = { kind: 'secretariat' } as const;
    await registry.dispatch('c1', secretariat, { type: 'cycle:create', cycleId: 'c1', details: CycleDetails.parse({ title: 'Consultation', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich' }) });
    await registry.dispatch('c1', secretariat, { type: 'proposal:add', details: ProposalDetails.parse({ memberState: 'Peru', title: 'Open data', description: '' }) });
    const before = registry.get('c1')!;
    await waitFor(() => registry.get('c1') === undefined, 'the idle finished cycle let go', 5000);
    expect(registry.catalogue().map((summary) => summary.title)).toEqual(['Consultation']);
    expect(await registry.open('c1')).toEqual(before);
    // A command on it reads it first, and is judged on it.
    await waitFor(() => registry.get('c1') === undefined, 'let go again', 5000);
    const refused = await registry.dispatch('c1', secretariat, { type: 'proposal:add', details: ProposalDetails.parse({ memberState: 'Peru', title: 'Another', description: '' }) });
    expect(refused.ok || refused.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
    await registry.close();
  });
});

describe('a store from before cycle summaries', () => {
  it('is summarised on its first start: a finished cycle is then listed, let go, and its summary stored for the next start', async () => {
    const memory = new MemoryLogStore();
    const details = CycleDetails.parse({ title: 'Consultation of 2024', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2025-02-04' }, timeZone: 'Europe/Zurich' });
    // Its log only, as a node before summaries wrote it.
    await memory.appendBatch([{ stream: 'cycle:old', seq: 1, entry: { seq: 1, at: Date.UTC(2024, 9, 1), actor: { kind: 'secretariat' }, command: { type: 'cycle:create', cycleId: 'old', details } } }]);
    expect(await memory.documents('cycle-summary:')).toEqual([]);
    const registry = await CycleRegistry.load(memory, () => Date.now(), { finished: () => true });
    expect(registry.get('old')).toBeUndefined();
    expect(registry.catalogue().map((summary) => summary.title)).toEqual(['Consultation of 2024']);
    await registry.close();
    expect(await memory.documents('cycle-summary:')).toEqual(['cycle-summary:old']);
    const next = await CycleRegistry.load(memory, () => Date.now(), { finished: () => true });
    expect((await next.open('old'))?.state.title).toBe('Consultation of 2024');
    await next.close();
  });
});
