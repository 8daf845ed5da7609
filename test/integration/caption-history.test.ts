import { describe, expect, it } from 'vitest';
import { CaptionFollower } from '../../client/src/captions/follow.js';
import { CaptionMirror } from '../../client/src/captions/mirror.js';
import { MeetingClient } from '../../client/src/realtime/MeetingClient.js';
import { LINES_PAGE_MAX } from '../../shared/protocol/captions.js';
import { http, MirrorClient, seedMeeting, startServer, stopServer, tokenOf, useMeetingServer } from '../support/harness.js';

/**
 * Issue 12, "nothing lost for a viewer who was away": a viewer offline longer than the server's
 * caption tail got a snapshot of the last 100 lines on its return, and the lines between its
 * own and those were silently missing (44 of 157 after 300 s at 20 deltas/s). Here the tail is
 * 50 entries, so a short absence is already longer than it.
 */
const TAIL = 50;
const suite = useMeetingServer({ captionTailSize: TAIL, captionQuietMs: 60_000 });

/** A viewer page's captions as the browser follows them: the page's own client code, in node. */
function viewerPage(token: string) {
  const client = new MeetingClient({ url: suite.server.url, token, transports: ['websocket'], reconnection: false, ackTimeoutMs: 5000 });
  const mirror = new CaptionMirror('en');
  const follower = new CaptionFollower({
    socket: client.socket,
    request: (event, payload) => client.request(event, payload),
    mirror,
    history: true,
    retryAfterMs: 50,
  });
  const close = () => {
    follower.stop();
    client.close();
  };
  return { client, mirror, follower, close };
}

/** Resolves once `condition` holds of the mirror, checking at each change; fails naming `what`. */
function untilMirror(mirror: CaptionMirror, condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const stop = mirror.subscribe(() => {
      if (!condition()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

const serverLines = () => suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!.lines;

/** A captioner's live typing at its usual pace: a few words a delta, a line every `perLine` deltas. */
async function typeLines(captioner: MirrorClient, from: number, count: number, perLine = 8): Promise<void> {
  const linkId = captioner.you!.linkId;
  const writes = [];
  for (let line = from; line < from + count; line += 1) {
    for (let delta = 0; delta < perLine; delta += 1) {
      const text = delta === perLine - 1 ? `line ${line} ends\n` : `word${delta} `;
      writes.push(suite.server.app.captions.write(suite.meeting.meetingId, 'en', { kind: 'captioner', linkId }, { type: 'caption:write', erase: 0, text }));
    }
  }
  for (const result of await Promise.all(writes)) expect(result.ok).toBe(true);
}

describe('a viewer away longer than the caption tail gets every committed line back', () => {
  it('after an absence of far more entries than the tail, the transcript holds every committed line once, in order', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    const viewer = viewerPage(suite.meeting.tokens.viewer);
    try {
      await typeLines(captioner, 1, 5);
      await untilMirror(viewer.mirror, () => viewer.mirror.getView().stream?.lines.length === 5, 'the first five lines live');

      viewer.client.socket.disconnect();
      // 300 lines of 8 deltas: 2,400 entries, 48 times the tail, and three times a snapshot's lines.
      await typeLines(captioner, 6, 300);
      expect(suite.server.app.captions.entriesSince(suite.meeting.meetingId, 'en', viewer.mirror.getView().seq), 'the absence outlasted the tail').toBeNull();
      viewer.client.socket.connect();
      // The captioner goes on while the page catches up.
      await typeLines(captioner, 306, 20);
      const snapshot = suite.server.app.captions.snapshot(suite.meeting.meetingId, 'en');
      if (!snapshot.ok) throw new Error(snapshot.error.code);
      await untilMirror(viewer.mirror, () => viewer.mirror.getView().seq === snapshot.value.seq, 'the page to follow the stream live again');
      await untilMirror(viewer.mirror, () => viewer.mirror.getView().missing.length === 0, 'the page to fetch the lines it missed');
      const view = viewer.mirror.getView();
      expect(view.stream!.lines).toEqual(serverLines());
      expect(view.stream!.lines.map((line) => line.n)).toEqual(Array.from({ length: 325 }, (_, index) => index + 1));
      expect(view.skipped).toEqual([]);
    } finally {
      viewer.close();
    }
  });

  it('pages of lines are bounded, and a page past the end is empty', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await typeLines(captioner, 1, 3, 1);
    expect(await viewer.client.request('caption:fetchLines', { language: 'en', fromLine: 2, limit: 5 })).toEqual({
      ok: true,
      value: { language: 'en', fromLine: 2, lines: serverLines().slice(1), lineCount: 3 },
    });
    expect(await viewer.client.request('caption:fetchLines', { language: 'en', fromLine: 9, limit: 5 })).toEqual({
      ok: true,
      value: { language: 'en', fromLine: 9, lines: [], lineCount: 3 },
    });
    expect(await viewer.client.request('caption:fetchLines', { language: 'en', fromLine: 1, limit: LINES_PAGE_MAX + 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await viewer.client.request('caption:fetchLines', { language: 'fr', fromLine: 1 })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_LANGUAGE' },
    });
  });

  it('a link past its expiry reads no more lines, though its socket was opened in time', async () => {
    let now = Date.now();
    const server = await startServer({ clock: () => now });
    const clients: MirrorClient[] = [];
    try {
      const meeting = await seedMeeting(server.url);
      const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'viewer', expiresAt: now + 60_000 });
      const viewer = new MirrorClient(server.url, tokenOf(issued.body.url));
      clients.push(viewer);
      await viewer.ready();
      expect(await viewer.client.request('caption:fetchLines', { language: 'en', fromLine: 1 })).toMatchObject({ ok: true });
      now += 120_000;
      expect(await viewer.client.request('caption:fetchLines', { language: 'en', fromLine: 1 })).toMatchObject({
        ok: false,
        error: { code: 'LINK_EXPIRED' },
      });
    } finally {
      for (const client of clients) client.close();
      await stopServer(server);
    }
  });
});
