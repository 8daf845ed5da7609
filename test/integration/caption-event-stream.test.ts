import { afterEach, describe, expect, it } from 'vitest';
import type { CaptionChanged, CaptionSnapshot } from '../../shared/protocol/captions.js';
import { EventSourceReader } from '../support/event-source.js';
import { ADMIN_TOKEN, http, useMeetingServer } from '../support/harness.js';

const suite = useMeetingServer();
const readers: EventSourceReader[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close();
});

const streamUrl = (token: string, query = 'lang=en') => `${suite.server.url}/api/captions/events?token=${encodeURIComponent(token)}&${query}`;

async function read(token: string, query?: string, lastEventId?: string): Promise<EventSourceReader> {
  const reader = await EventSourceReader.open(streamUrl(token, query), lastEventId);
  readers.push(reader);
  return reader;
}

const captionsOf = (reader: EventSourceReader) => reader.of('caption').map((message) => JSON.parse(message.data) as CaptionChanged);

async function linkIdOf(role: string): Promise<string> {
  const listed = await http(suite.server.url, 'GET', `/meetings/${suite.meeting.meetingId}/links`);
  return (listed.body.links as Array<{ id: string; role: string; participantId: string | null }>).find((link) => link.role === role && !link.participantId)!.id;
}

describe('the caption event stream, read as a browser’s EventSource reads it', () => {
  it('starts with a snapshot of the stream, then sends each caption command as one event, its entry’s seq as the event’s id, in order', async () => {
    const before = await suite.writeCaptions('en', ['Good morning. ']);
    const reader = await read(suite.meeting.tokens.viewer);
    expect(reader.status).toBe(200);
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    expect(reader.reconnectionMs).toBe(3000);
    const snapshot = JSON.parse(reader.of('snapshot')[0]!.data) as CaptionSnapshot;
    expect(snapshot).toMatchObject({ language: 'en', seq: before });
    expect(reader.of('snapshot')[0]!.lastEventId).toBe(String(before));

    const last = await suite.writeCaptions('en', ['The floor ', 'is open.\n']);
    await reader.until((stream) => stream.lastEventId === String(last), 5000, 'the live captions');
    const told = captionsOf(reader);
    expect(told.map((change) => change.entry.seq)).toEqual([before + 1, before + 2]);
    expect(told.map((change) => change.entry.command)).toEqual([
      { type: 'caption:write', erase: 0, text: 'The floor ' },
      { type: 'caption:write', erase: 0, text: 'is open.\n' },
    ]);
    expect(reader.of('caption').map((message) => message.lastEventId)).toEqual([String(before + 1), String(before + 2)]);
    // A reader arriving now is given the stream as it is now, not the snapshot given before.
    const later = await read(suite.meeting.tokens.viewer);
    await later.until((stream) => stream.of('snapshot').length === 1, 5000, 'the later snapshot');
    expect(JSON.parse(later.of('snapshot')[0]!.data)).toMatchObject({ seq: last, stream: { tail: { text: '' } } });
    // Only its own language: the Arabic stream's commands are not sent to it.
    await suite.writeCaptions('ar', ['صباح الخير.\n']);
    await reader.until((stream) => stream.closed || stream.messages.length > 3, 300).catch(() => undefined);
    expect(captionsOf(reader).every((change) => change.language === 'en')).toBe(true);
  });

  it('a reader coming back with Last-Event-ID gets exactly the entries it missed, then the live ones, with no gap and nothing twice', async () => {
    const reader = await read(suite.meeting.tokens.screen);
    const first = await suite.writeCaptions('en', ['One. ']);
    await reader.until((stream) => stream.lastEventId === String(first), 5000, 'the first caption');
    reader.close();
    const missed = await suite.writeCaptions('en', ['Two. ', 'Three. ']);
    await reader.reconnect();
    await reader.until((stream) => stream.of('entries').length === 1, 5000, 'the missed entries');
    const { entries } = JSON.parse(reader.of('entries')[0]!.data) as { entries: Array<{ seq: number }> };
    expect(entries.map((entry) => entry.seq)).toEqual([first + 1, missed]);
    expect(reader.lastEventId).toBe(String(missed));
    const live = await suite.writeCaptions('en', ['Four.\n']);
    await reader.until((stream) => stream.lastEventId === String(live), 5000, 'the live caption after the catch-up');
    // From the empty stream's snapshot on, every entry once: live, then caught up, then live again.
    const seen = [...captionsOf(reader).map((change) => change.entry.seq), ...entries.map((entry) => entry.seq)].sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: live }, (_, index) => index + 1));
  });

  it('a revoked link’s stream is told why and closed, and coming back is refused with 401, on which EventSource gives up', async () => {
    const reader = await read(suite.meeting.tokens.viewer);
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    const revoked = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'link:revoke', linkId: await linkIdOf('viewer') });
    expect(revoked.status).toBe(200);
    await reader.until((stream) => stream.closed, 5000, 'the stream to close');
    expect(reader.of('ended').map((message) => JSON.parse(message.data).code)).toEqual(['LINK_REVOKED']);
    await reader.reconnect();
    expect(reader.status).toBe(401);
    expect(suite.server.app.eventStreams.size).toBe(0);
  });

  it('refuses a forged token and a language the meeting is not captioned in, each with its status and code, and opens nothing', async () => {
    const forged = await fetch(streamUrl(`${suite.meeting.tokens.viewer}x`));
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('UNAUTHORIZED');
    const french = await fetch(streamUrl(suite.meeting.tokens.viewer, 'lang=fr'));
    expect(french.status).toBe(409);
    expect((await french.json()).error.code).toBe('UNKNOWN_LANGUAGE');
    const badId = await fetch(streamUrl(suite.meeting.tokens.viewer), { headers: { 'last-event-id': 'yesterday' } });
    expect(badId.status).toBe(400);
    expect(suite.server.app.eventStreams.size).toBe(0);
  });

  it('each language has its own stream: a reader of the Arabic captions gets them, with a language written as CAT software writes it (ar-SA)', async () => {
    const reader = await read(suite.meeting.participants.room.token, 'lang=ar-SA');
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    expect(JSON.parse(reader.of('snapshot')[0]!.data).language).toBe('ar');
    const last = await suite.writeCaptions('ar', ['تؤيد مصر الاقتراح.\n']);
    await reader.until((stream) => stream.lastEventId === String(last), 5000, 'the Arabic caption');
    expect(captionsOf(reader).at(-1)!.entry.command).toMatchObject({ text: 'تؤيد مصر الاقتراح.\n' });
  });

  it('a participant reading the stream is present in the meeting, as on any device, and leaves with it', async () => {
    const { id } = suite.meeting.participants.remote;
    const room = suite.server.app.registry.room(suite.meeting.meetingId)!;
    const changes = async () => (await room.attendanceEntries()).filter((entry) => entry.participantId === id).map((entry) => entry.change);
    expect(await changes()).toEqual([]);
    const reader = await read(suite.meeting.participants.remote.token);
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    await expect.poll(changes, { timeout: 5000 }).toEqual(['joined']);
    reader.close();
    await expect.poll(changes, { timeout: 5000 }).toEqual(['joined', 'left']);
  });

  it('a reader counts among its role’s open connections in /metrics while its stream is open', async () => {
    const open = async () => {
      const text = await (await fetch(`${suite.server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      return Number(text.match(/^openfloor_connections\{role="screen"\} (\d+)/m)?.[1] ?? 0);
    };
    const before = await open();
    const reader = await read(suite.meeting.tokens.screen);
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    expect(await open()).toBe(before + 1);
    reader.close();
    await expect.poll(open, { timeout: 5000 }).toBe(before);
  });

  it('a node that drains ends its streams, and each reader comes back after the delay the stream gave', async () => {
    const reader = await read(suite.meeting.tokens.viewer);
    await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
    suite.server.app.eventStreams.endAll();
    await reader.until((stream) => stream.closed, 5000, 'the stream to end');
    expect(reader.reconnectionMs).toBe(3000);
    await reader.reconnect();
    expect(reader.status).toBe(200);
    await reader.until((stream) => stream.of('entries').length + stream.of('snapshot').length === 2, 5000, 'the catch-up');
  });
});
