import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';
import { startTestDatabase, storedLog, type TestDatabase } from '../support/postgres.js';
import { linksIn, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * The consultation's own logs on two OpenFloor nodes sharing one PostgreSQL log, as behind the
 * proxy of infra/compose.yaml: a consultation cycle (its public form, the respondents' links,
 * the secretariat's page) and the addresses registrants leave for "send my link again". Either
 * node gets any request, and each must hold what the other wrote.
 */
let database: TestDatabase;
let smtp: TestSmtpServer;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  [database, smtp] = await Promise.all([startTestDatabase(), startSmtpServer()]);
  for (const nodeName of ['node-a', 'node-b']) nodes.push(await startServer({ databaseUrl: database.url, nodeName, smtpUrl: smtp.url }));
}, 90_000);
afterAll(async () => {
  for (const node of nodes) {
    await node.stop();
    removeDir(node.dataDir);
  }
  nodes = [];
  await database?.stop();
  await smtp?.close();
});

const details = {
  title: 'CWG-Internet open consultation, February 2027',
  previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' },
  nextGroupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
  timeZone: 'Europe/Zurich',
  languages: ['en', 'ar'],
};
const propose = (node: RunningServer, cycleId: string, memberState: string) =>
  http(node.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'proposal:add', details: { memberState, title: `A topic of ${memberState}`, description: '', questions: [] } });
const proposalsOn = async (node: RunningServer, cycleId: string) =>
  ((await http(node.url, 'GET', `/cycles/${cycleId}`)).body.state?.proposals ?? []).map((proposal: { memberState: string }) => proposal.memberState);

describe('a consultation cycle on two nodes', () => {
  it('made on node A is shown and changed on node B at once; node A then takes a command on what node B wrote, and the log is one', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const created = await http(a.url, 'POST', '/cycles', { details });
    expect(created.status).toBe(201);
    const cycleId = created.body.cycleId as string;

    await expect.poll(async () => (await http(b.url, 'GET', `/cycles/${cycleId}`)).status, { timeout: 5000 }).toBe(200);
    // Node B's list of cycles names it too, as node A's does.
    const listedOn = async (node: RunningServer) => ((await http(node.url, 'GET', '/cycles')).body.cycles as { id: string }[]).map((cycle) => cycle.id);
    await expect.poll(() => listedOn(b), { timeout: 5000 }).toContain(cycleId);
    expect((await propose(b, cycleId, 'Kenya')).status).toBe(200);
    await expect.poll(() => proposalsOn(a, cycleId), { timeout: 5000 }).toEqual(['Kenya']);

    // Node A's next command comes after node B's: judged on it (one proposal per Member State), and appended after it.
    expect((await propose(a, cycleId, 'kenya')).body.error?.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
    expect((await propose(a, cycleId, 'Brazil')).status).toBe(200);
    await expect.poll(() => proposalsOn(b, cycleId), { timeout: 5000 }).toEqual(['Kenya', 'Brazil']);
    const log = await storedLog(database.url, `cycle:${cycleId}`, (raw) => raw as { command: { type: string } });
    expect(log.map((entry) => entry.command.type)).toEqual(['cycle:create', 'proposal:add', 'proposal:add']);
  });

  it('commands racing on both nodes are each judged once, on the state the other left: none is lost and none fails for a seq the other took', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const cycleId = (await http(a.url, 'POST', '/cycles', { details })).body.cycleId as string;
    await expect.poll(async () => (await http(b.url, 'GET', `/cycles/${cycleId}`)).status, { timeout: 5000 }).toBe(200);
    const members = ['Brazil', 'Egypt', 'Kenya', 'India', 'Peru', 'Chile', 'Ghana', 'Nepal'];
    const answers = await Promise.all(members.map((member, index) => propose(index % 2 ? b : a, cycleId, member)));
    expect(answers.map((answer) => answer.status)).toEqual(members.map(() => 200));
    for (const node of [a, b]) await expect.poll(async () => (await proposalsOn(node, cycleId)).sort(), { timeout: 5000 }).toEqual([...members].sort());
    const log = await storedLog(database.url, `cycle:${cycleId}`, (raw) => raw as { command: { type: string } });
    expect(log.filter((entry) => entry.command.type === 'proposal:add')).toHaveLength(members.length);
  });
});

describe("registrants' addresses on two nodes", () => {
  const register = (node: RunningServer, meetingId: string, displayName: string, email: string) =>
    http(node.url, 'POST', `/meetings/${meetingId}/registrations`, { stakeholderGroup: 'civil_society', attendance: 'remote', displayName, email, language: 'en' }, null);
  const resend = (node: RunningServer, meetingId: string, email: string) =>
    http(node.url, 'POST', `/meetings/${meetingId}/registrations/resend`, { email }, null);

  it('registrations with an address on both nodes are kept, and "send my link again" on either node finds each', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const { meetingId } = await seedMeeting(a.url);
    const maria = await register(a, meetingId, 'Maria Silva', 'maria@example.org');
    expect(maria.status).toBe(201);
    await smtp.messageTo('maria@example.org');
    // Node B has not read the meeting's addresses yet: its first one must come after Maria's.
    const kofi = await register(b, meetingId, 'Kofi Mensah', 'kofi@example.org');
    expect(kofi.status).toBe(201);
    await smtp.messageTo('kofi@example.org');
    const amina = await register(a, meetingId, 'Amina Diallo', 'amina@example.org');
    expect(amina.status).toBe(201);
    await smtp.messageTo('amina@example.org');

    for (const [node, email, registered] of [[b, 'maria@example.org', maria], [a, 'kofi@example.org', kofi], [b, 'amina@example.org', amina]] as const) {
      const before = smtp.received.length;
      expect((await resend(node, meetingId, email)).status).toBe(202);
      const again = await smtp.messageTo(email, before);
      // Each test node has a public address of its own (a deployment's nodes share one): the link itself is the same.
      const withoutHost = (url: string) => url.slice(new URL(url).origin.length);
      expect(linksIn(again.parsed.text ?? '').map(withoutHost)).toEqual([withoutHost(registered.body.url)]);
    }
    const stored = await storedLog(database.url, `contacts:${meetingId}`, (raw) => raw as { seq: number; participantId: string });
    expect(stored.map((entry) => entry.participantId)).toEqual([maria.body.participantId, kofi.body.participantId, amina.body.participantId]);
    for (const node of [a, b]) expect((await http(node.url, 'GET', '/health', undefined, null)).status).toBe(200);
  });

  it('registrations racing on both nodes are each kept once, every address numbered after the others', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const { meetingId } = await seedMeeting(a.url);
    const names = ['Ana', 'Badr', 'Chen', 'Dina', 'Emeka', 'Farah', 'Goran', 'Hana'];
    const answers = await Promise.all(names.map((name, index) => register(index % 2 ? b : a, meetingId, name, `${name.toLowerCase()}@example.org`)));
    expect(answers.map((answer) => answer.status)).toEqual(names.map(() => 201));
    const ids = answers.map((answer) => answer.body.participantId as string);
    await expect
      .poll(async () => (await storedLog(database.url, `contacts:${meetingId}`, (raw) => raw as { seq: number; participantId: string })).map((entry) => entry.participantId).sort(), { timeout: 10_000 })
      .toEqual([...ids].sort());
    const stored = await storedLog(database.url, `contacts:${meetingId}`, (raw) => raw as { seq: number });
    expect(stored.map((entry) => entry.seq)).toEqual(names.map((_, index) => index + 1));
  });
});
