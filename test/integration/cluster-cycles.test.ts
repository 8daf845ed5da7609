import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, removeDir, startServer, type RunningServer } from '../support/harness.js';
import { startTestDatabase, storedLog, type TestDatabase } from '../support/postgres.js';

/**
 * Consultation cycles on two OpenFloor nodes sharing one PostgreSQL log, as behind the proxy of
 * infra/compose.yaml: the public form, the respondents' links and the secretariat's page reach
 * either node, and each node must hold what the other wrote.
 */
let database: TestDatabase;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  database = await startTestDatabase();
  for (const nodeName of ['node-a', 'node-b']) nodes.push(await startServer({ databaseUrl: database.url, nodeName }));
}, 90_000);
afterAll(async () => {
  for (const node of nodes) {
    await node.stop();
    removeDir(node.dataDir);
  }
  nodes = [];
  await database?.stop();
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
