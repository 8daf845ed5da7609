import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfDocument } from '../support/documents.js';
import { FailingStore } from '../support/failing-store.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';

let store: FailingStore;
let server: RunningServer;
const now = Date.UTC(2026, 9, 22, 8);
let cycleId: string;

beforeAll(async () => {
  server = await startServer({ clock: () => now, wrapStore: (inner) => (store = new FailingStore(inner)) });
  const created = await http(server.url, 'POST', '/cycles', {
    details: { title: 'Consultation', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich' },
  });
  cycleId = created.body.cycleId;
  for (const command of [
    { type: 'proposal:add', details: { memberState: 'Peru', title: 'Open data', description: '', questions: [] } },
    { type: 'topics:choose', proposalIds: ['p1'] },
    { type: 'consultation:launch' },
  ]) {
    const result = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, command);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
  }
});
afterAll(() => stopServer(server));

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
    expect(after.state.responses).toEqual([]);
  });

  it('a document that cannot be stored refuses the response before the cycle log has it', async () => {
    store.failing = (stream) => stream.startsWith('cycle-document:');
    const refused = await respond(pdfDocument('never kept'));
    expect(refused.status).toBe(500);
    expect((await http(server.url, 'GET', `/cycles/${cycleId}`)).body.state.responses).toEqual([]);
    store.failing = null;
    expect((await respond(pdfDocument('kept'))).status).toBe(201);
    expect((await http(server.url, 'GET', `/cycles/${cycleId}`)).body.state.responses).toHaveLength(1);
  });

  it('a secretariat command the log cannot take is refused with INTERNAL and changes nothing', async () => {
    const before = (await http(server.url, 'GET', `/cycles/${cycleId}`)).body;
    store.failing = (stream) => stream.startsWith('cycle:');
    const refused = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'response:reject', responseId: before.state.responses[0].id, reason: 'spam', note: '' });
    expect(refused.status).toBe(500);
    expect(refused.body.error.code).toBe('INTERNAL');
    store.failing = null;
    expect((await http(server.url, 'GET', `/cycles/${cycleId}`)).body.state).toEqual(before.state);
  });
});
