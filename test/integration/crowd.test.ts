import { describe, expect, it } from 'vitest';
import { http, MirrorClient, tokenOf, useMeetingServer } from '../support/harness.js';

/**
 * A hall's worth of delegates at once: at an ITU consultation about 300 people sit in the room
 * and 500 follow remotely, and the moment the chair opens a topic many of them press "Request
 * the floor" together, some from two devices.
 */
const suite = useMeetingServer();
const CROWD = 300;
const groups = ['government', 'civil_society', 'private_sector', 'academic_technical'];

async function registeredDelegates(count: number): Promise<Array<{ id: string; token: string }>> {
  const { meetingId } = suite.meeting;
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const details = { displayName: `Delegate ${index}`, stakeholderGroup: groups[index % groups.length], attendance: index % 2 ? 'room' : 'remote' };
    const answer = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'participant:register', details });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
    ids.push(answer.body.createdId);
  }
  const links = (await http(suite.server.url, 'GET', `/meetings/${meetingId}/links`)).body.links as Array<{ participantId: string | null; url: string }>;
  return ids.map((id) => ({ id, token: tokenOf(links.find((link) => link.participantId === id)!.url) }));
}

/** Pages of the given links, connected a batch at a time as a hall's phones come in. */
async function pagesOf(tokens: string[]): Promise<MirrorClient[]> {
  const pages: MirrorClient[] = [];
  for (let start = 0; start < tokens.length; start += 50) pages.push(...(await Promise.all(tokens.slice(start, start + 50).map((token) => suite.connect(token)))));
  return pages;
}

const currentQueue = (page: MirrorClient) => {
  const state = page.state!;
  return state.topics.find((topic) => topic.id === state.currentTopicId)!.queue;
};

describe('a hall of delegates pressing one button at once', () => {
  it(`${CROWD} delegates requesting the floor in the same instant, 50 of them from a second device too: each request is answered, each delegate is on the list once, in the order of the seqs their answers gave, and every page ends with the server's list`, async () => {
    const delegates = await registeredDelegates(CROWD);
    const pages = await pagesOf(delegates.map((delegate) => delegate.token));
    const secondDevices = await pagesOf(delegates.slice(0, 50).map((delegate) => delegate.token));
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);

    const presses = [...pages, ...secondDevices].map((page) => page.send('queue:request', { kind: 'intervention' }));
    const answers = await Promise.all(presses);

    const accepted = answers.flatMap((answer, index) => (answer.ok ? [{ seq: answer.value.seq, delegate: delegates[index % CROWD]! }] : []));
    const refused = answers.flatMap((answer) => (answer.ok ? [] : [answer.error.code]));
    // One press of each delegate is taken; their other device is told they already wait.
    expect(accepted).toHaveLength(CROWD);
    expect(new Set(accepted.map(({ delegate }) => delegate.id)).size).toBe(CROWD);
    expect(refused).toEqual(Array(50).fill('ALREADY_IN_QUEUE'));
    expect(new Set(accepted.map(({ seq }) => seq)).size).toBe(CROWD);

    const last = Math.max(...accepted.map(({ seq }) => seq));
    const everyone = [chair, viewer, ...pages, ...secondDevices];
    await Promise.all(everyone.map((page) => page.atSeq(last)));
    const held = suite.server.app.registry.get(suite.meeting.meetingId)!.state;
    const heldQueue = held.topics.find((topic) => topic.id === held.currentTopicId)!.queue;
    const inSeqOrder = [...accepted].sort((a, b) => a.seq - b.seq).map(({ delegate }) => delegate.id);
    expect(heldQueue.map((entry) => entry.participantId)).toEqual(inSeqOrder);
    for (const page of everyone) expect(currentQueue(page)).toEqual(heldQueue);
    // Nobody needed a second snapshot to get there.
    expect(everyone.filter((page) => page.snapshots !== 1)).toEqual([]);
  }, 120_000);
});
