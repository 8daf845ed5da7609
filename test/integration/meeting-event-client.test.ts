import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { CaptionStatus } from '../../client/src/captions/follow.js';
import { MeetingEventClient } from '../../client/src/realtime/MeetingEventClient.js';
import { CAPTION_LINES_PATH, SNAPSHOT_LINES } from '../../shared/protocol/captions.js';
import { http, useMeetingServer, waitFor } from '../support/harness.js';

const suite = useMeetingServer({ captionTailSize: 4 });
const clients: MeetingEventClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function reading(token: string, preferCaptions: string[] = []): MeetingEventClient {
  const client = new MeetingEventClient({ token, url: suite.server.url, meetingId: suite.meeting.meetingId, preferCaptions });
  clients.push(client);
  return client;
}

describe('a reading page’s MeetingEventClient, against a real server', () => {
  it('keeps the same copy of the meeting as a viewer’s socket, through changes and a drop the node caused', async () => {
    const client = reading(suite.meeting.tokens.viewer);
    const socket = await suite.connect(suite.meeting.tokens.viewer);
    await waitFor(() => client.getView().state !== null, 'the meeting');
    expect(client.getView()).toMatchObject({ status: 'online', seq: socket.seq, you: { role: 'viewer' }, presence: { participants: [] }, captionsLive: [] });
    expect(client.getView().state).toEqual(socket.state);

    await suite.command({ type: 'topic:select', topicId: suite.meeting.topicIds[1] });
    await waitFor(() => client.getView().seq === socket.seq && socket.seq > 0, 'the change');
    expect(client.getView().state).toEqual(socket.state);

    // The node ends every stream (it drains): the page comes back by itself, after the stream's delay, and catches up.
    suite.server.app.eventStreams.endAll();
    await waitFor(() => client.getView().status === 'offline', 'the drop');
    const { seq } = await suite.command({ type: 'queue:close' });
    await waitFor(() => client.getView().seq === seq, 'the change made while away', 10_000);
    expect(client.getView().status).toBe('online');
    await socket.atSeq(seq);
    expect(client.getView().state).toEqual(socket.state);
  });

  it('follows the caption language its preferences name from the first opening on, and another one a hook asks for after', async () => {
    await suite.writeCaptions('ar', ['صباح الخير.\n']);
    const client = reading(suite.meeting.tokens.viewer, ['ar-SA']);
    await waitFor(() => client.captionMirror('ar').getView().stream !== null, 'the Arabic captions');
    const statuses: CaptionStatus[] = [];
    const arabic = client.followCaptions(client.captionMirror('ar'), false, (status) => statuses.push(status));
    expect(statuses).toEqual(['live']);
    expect(client.getView().captionsLive).toEqual(['ar']);
    const english = client.followCaptions(client.captionMirror('en'), false, (status) => statuses.push(status));
    await suite.writeCaptions('en', ['Good morning.\n']);
    await waitFor(() => english.mirror.getView().stream?.lines.at(-1)?.text === 'Good morning.', 'the English captions');
    await suite.writeCaptions('ar', ['تؤيد مصر الاقتراح.\n']);
    await waitFor(() => arabic.mirror.getView().stream?.lines.at(-1)?.text === 'تؤيد مصر الاقتراح.', 'the Arabic captions going on');
    arabic.stop();
    english.stop();
  });

  it('fills the transcript lines a long absence left out over HTTP, page by page, when its catch-up could only be a snapshot', async () => {
    const client = reading(suite.meeting.tokens.viewer, ['en']);
    const following = client.followCaptions(client.captionMirror('en'), true, () => {});
    await suite.writeCaptions('en', ['Line one.\n']);
    await waitFor(() => following.mirror.getView().stream?.lines.length === 1, 'the first line');
    suite.server.app.eventStreams.endAll();
    await waitFor(() => client.getView().status === 'offline', 'the drop');
    // More than the server's tail of four entries, and more lines than a snapshot carries
    // (SNAPSHOT_LINES): coming back is a snapshot of the recent lines, and the rest is fetched.
    const total = SNAPSHOT_LINES + 41;
    const lines = Array.from({ length: total - 1 }, (_, index) => `Line ${index + 2}.\n`);
    const fetched: string[] = [];
    const count = (request: { url?: string }) => {
      if (request.url?.startsWith(CAPTION_LINES_PATH)) fetched.push(request.url);
    };
    suite.server.app.httpServer.on('request', count);
    onTestFinished(() => void suite.server.app.httpServer.off('request', count));
    // Two captioner connections: one's write budget holds 100 deltas at once.
    await suite.writeCaptions('en', lines.slice(0, 70));
    await suite.writeCaptions('en', lines.slice(70));
    await waitFor(() => following.mirror.getView().stream?.lines.length === total && following.mirror.getView().missing.length === 0, 'every line', 15_000);
    expect(following.mirror.getView().stream!.lines.map((line) => line.n)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(fetched.length).toBeGreaterThan(0);
    expect(following.mirror.getView().skipped).toEqual([]);
    following.stop();
  });

  it('stops for good, saying why, when its link is revoked', async () => {
    const client = reading(suite.meeting.tokens.screen);
    await waitFor(() => client.getView().state !== null, 'the meeting');
    const links = await http(suite.server.url, 'GET', `/meetings/${suite.meeting.meetingId}/links`);
    const screen = (links.body.links as Array<{ id: string; role: string }>).find((link) => link.role === 'screen')!;
    await suite.command({ type: 'link:revoke', linkId: screen.id });
    await waitFor(() => client.getView().status === 'refused', 'the refusal');
    expect(client.getView().refusal?.code).toBe('LINK_REVOKED');
  });

  it('says why a forged link is refused, from the answer’s coded error, and does not come back', async () => {
    const client = reading(`${suite.meeting.tokens.viewer}x`);
    await waitFor(() => client.getView().status === 'refused', 'the refusal');
    expect(client.getView().refusal?.code).toBe('UNAUTHORIZED');
  });
});
