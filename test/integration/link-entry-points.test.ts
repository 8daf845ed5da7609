import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { HOUR } from '../unit/fixtures.js';
import { http, MirrorClient, removeDir, seedMeeting, startServer, tokenOf, within, type RunningServer, type SeededMeeting } from '../support/harness.js';

/**
 * A revoked or expired link is refused at every door on its own: the socket handshake, the
 * LiveKit token, the Zoom-style caption ingest and its seq lookup, the overlay pull, and the
 * caption hub behind them. Each door is tried one by one, with a valid link of the same role as
 * the control, so that one layer's check cannot hide the absence of another's.
 */
let now = Date.now();
let server: RunningServer;
let meeting: SeededMeeting;

beforeAll(async () => {
  server = await startServer({ liveKit: true, clock: () => now });
  meeting = await seedMeeting(server.url);
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

type Credential = 'valid' | 'revoked' | 'expired';

/** A fresh captioner link in the given state (the clock moves on for an expired one). */
async function captionerLink(state: Credential): Promise<{ token: string; linkId: string }> {
  const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, {
    role: 'captioner',
    label: `seat (${state})`,
    expiresAt: now + HOUR,
  });
  if (issued.status !== 201) throw new Error(JSON.stringify(issued.body));
  const link = { token: tokenOf(issued.body.url), linkId: issued.body.linkId as string };
  if (state === 'revoked') {
    const revoked = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'link:revoke', linkId: link.linkId });
    if (revoked.status !== 200) throw new Error(JSON.stringify(revoked.body));
  }
  return link;
}

/** Moves the clock past every link issued so far, and back: links issued later are fresh again. */
async function whileExpired<T>(work: () => Promise<T>): Promise<T> {
  const saved = now;
  now += 2 * HOUR;
  try {
    return await work();
  } finally {
    now = saved;
  }
}

async function inState(state: Credential, door: (token: string, linkId: string) => Promise<unknown>): Promise<unknown> {
  const { token, linkId } = await captionerLink(state);
  return state === 'expired' ? whileExpired(() => door(token, linkId)) : door(token, linkId);
}

const expected: Record<Exclude<Credential, 'valid'>, { code: string; message: RegExp }> = {
  revoked: { code: 'LINK_REVOKED', message: /revoked/i },
  expired: { code: 'LINK_EXPIRED', message: /expired/i },
};

const plain = async (response: Response) => ({ status: response.status, text: await response.text() });
const ingest = (path: string, token: string, query = '') => `${server.url}/api/captions/${path}?token=${token}${query}`;

describe('a revoked or expired link is refused at each door on its own', () => {
  it('socket handshake', async () => {
    expect(
      await inState('valid', async (token) => {
        const client = new MirrorClient(server.url, token);
        await client.ready();
        client.close();
        return 'connected';
      }),
    ).toBe('connected');
    for (const state of ['revoked', 'expired'] as const) {
      const refusal = await inState(state, async (token) => {
        const client = new MirrorClient(server.url, token);
        try {
          return await client.refusal();
        } finally {
          client.close();
        }
      });
      expect(refusal, state).toMatchObject({ code: expected[state].code });
    }
  });

  it('LiveKit token', async () => {
    const door = async (token: string) => {
      const response = await fetch(`${server.url}/api/media/token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { error?: { code: string } };
      return { status: response.status, code: body.error?.code ?? null };
    };
    expect(await inState('valid', door)).toEqual({ status: 200, code: null });
    for (const state of ['revoked', 'expired'] as const) {
      expect(await inState(state, door), state).toEqual({ status: 401, code: expected[state].code });
    }
  });

  it('Zoom-style caption ingest (POST)', async () => {
    let seq = 0;
    const door = async (token: string) =>
      plain(await fetch(ingest('closedcaption', token, `&seq=${++seq}&lang=en-US`), { method: 'POST', body: 'Hello ' }));
    expect(await inState('valid', door)).toMatchObject({ status: 200 });
    for (const state of ['revoked', 'expired'] as const) {
      const answer = (await inState(state, door)) as { status: number; text: string };
      expect(answer.status, state).toBe(403);
      expect(answer.text, state).toMatch(expected[state].message);
    }
  });

  it('caption ingest seq lookup (GET /closedcaption/seq)', async () => {
    const door = async (token: string) => plain(await fetch(ingest('closedcaption/seq', token)));
    expect(await inState('valid', door)).toEqual({ status: 200, text: '0' });
    for (const state of ['revoked', 'expired'] as const) {
      const answer = (await inState(state, door)) as { status: number; text: string };
      expect(answer.status, state).toBe(403);
      expect(answer.text, state).toMatch(expected[state].message);
    }
  });

  it('overlay pull (GETlivecap)', async () => {
    const door = async (token: string) => plain(await fetch(ingest('getlivecap', token, '&lang=en&lines=2')));
    expect(await inState('valid', door)).toMatchObject({ status: 200 });
    for (const state of ['revoked', 'expired'] as const) {
      const answer = (await inState(state, door)) as { status: number; text: string };
      expect(answer.status, state).toBe(403);
      expect(answer.text, state).toMatch(expected[state].message);
    }
  });

  it('the caption hub itself, for a write that got past the doors before the link changed', async () => {
    const door = async (_token: string, linkId: string) => {
      // Arabic: no other seat holds that stream (the ingest tests wrote English).
      const result = await server.app.captions.write(meeting.meetingId, 'ar', { kind: 'captioner', linkId }, {
        type: 'caption:write',
        erase: 0,
        text: 'queued text ',
      });
      return result.ok ? 'written' : result.error.code;
    };
    expect(await inState('valid', door)).toBe('written');
    for (const state of ['revoked', 'expired'] as const) {
      expect(await inState(state, door), state).toBe(expected[state].code);
    }
  });

  it('revoking a link disconnects the sockets already open with it', async () => {
    const { token, linkId } = await captionerLink('valid');
    // A bare Socket.IO client: the pages' own client leaves by itself once told why, which
    // would hide whether the server closes the connection.
    const socket = connectClient(server.url, { auth: { protocolVersion: PROTOCOL_VERSION, token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await within(new Promise((connected) => socket.once('connect', () => connected(null))), 'the revoked link to connect first');
      const told = within(new Promise<AppError>((resolve) => socket.once('session:ended', resolve)), 'the reason the session ended');
      const disconnected = within(new Promise<string>((resolve) => socket.once('disconnect', resolve)), 'the disconnection of the revoked link');
      await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'link:revoke', linkId });
      expect((await told).code).toBe('LINK_REVOKED');
      expect(await disconnected).toBe('io server disconnect');
    } finally {
      socket.close();
    }
  });
});
