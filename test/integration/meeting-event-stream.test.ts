import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingState } from '../../shared/meeting/model.js';
import { CAPTION_LINES_PATH, type CaptionCatchUp, type CaptionChanged, type CaptionLinesPage } from '../../shared/protocol/captions.js';
import { MEETING_EVENTS_PATH, meetingEventsQuery, type FollowedCaptions } from '../../shared/protocol/meeting-events.js';
import type { MediaPresenceView } from '../../shared/protocol/media.js';
import { applyPatch } from '../../shared/protocol/patch.js';
import type { CatchUp, MeetingChange, SelfChanged } from '../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { EventSourceReader } from '../support/event-source.js';
import { http, useMeetingServer, waitFor } from '../support/harness.js';

const suite = useMeetingServer();
const readers: EventSourceReader[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close();
});

interface Has {
  seq?: number;
  captions?: FollowedCaptions[];
  prefer?: string[];
  v?: number;
}

const streamUrl = (token: string, has: Has = {}) =>
  `${suite.server.url}${MEETING_EVENTS_PATH}?${meetingEventsQuery({ token, v: has.v ?? PROTOCOL_VERSION, ...has }).toString()}`;

async function read(token: string, has?: Has): Promise<EventSourceReader> {
  const reader = await EventSourceReader.open(streamUrl(token, has));
  readers.push(reader);
  return reader;
}

const started = (reader: EventSourceReader) => reader.until((stream) => stream.of('meeting').length === 1, 5000, 'the meeting');
const dataOf = <T>(reader: EventSourceReader, type: string): T[] => reader.of(type).map((message) => JSON.parse(message.data) as T);

/** The meeting as a page following the stream holds it: its start, then each change's patch in order. */
function replay(reader: EventSourceReader): { seq: number; state: MeetingState } {
  const [start] = dataOf<CatchUp>(reader, 'meeting');
  if (start?.kind !== 'snapshot') throw new Error('the stream did not start from a snapshot');
  let { seq, state } = start.snapshot;
  for (const change of dataOf<MeetingChange>(reader, 'changed')) {
    expect(change.seq).toBe(seq + 1);
    state = applyPatch(state, change.patch);
    seq = change.seq;
  }
  return { seq, state };
}

describe('the meeting event stream: one response carries what a reading page gets over a socket', () => {
  it('a viewer’s stream starts from the meeting as a viewer’s socket sees it, and its changes keep the two alike', async () => {
    const socket = await suite.connect(suite.meeting.tokens.viewer);
    const reader = await read(suite.meeting.tokens.viewer);
    expect(reader.status).toBe(200);
    await started(reader);
    const [start] = dataOf<CatchUp>(reader, 'meeting');
    expect(start).toMatchObject({ kind: 'snapshot', snapshot: { seq: socket.seq, you: { role: 'viewer', meetingId: suite.meeting.meetingId }, self: null } });
    expect(replay(reader).state).toEqual(socket.state);
    // Nobody's contact details or links reach a viewer: the projection is the role's.
    expect(JSON.stringify(replay(reader).state)).not.toContain('Ministry');

    await suite.command({ type: 'topic:select', topicId: suite.meeting.topicIds[1] });
    const { seq } = await suite.command({ type: 'queue:add', participantId: suite.meeting.participants.room.id, kind: 'intervention' });
    await socket.atSeq(seq);
    await reader.until((stream) => replay(stream).seq === seq, 5000, 'the two changes');
    expect(dataOf<MeetingChange>(reader, 'changed').map((change) => change.type)).toEqual(['topic:select', 'queue:add']);
    expect(replay(reader).state).toEqual(socket.state);
  });

  it('a page coming back with the seq it has gets only the changes it missed; one from before what the node holds, a snapshot', async () => {
    const first = await read(suite.meeting.tokens.screen);
    await started(first);
    const { seq: had, state: held } = replay(first);
    first.close();
    await suite.command({ type: 'topic:select', topicId: suite.meeting.topicIds[1] });
    const { seq } = await suite.command({ type: 'queue:close' });

    const back = await read(suite.meeting.tokens.screen, { seq: had });
    await started(back);
    const [caughtUp] = dataOf<CatchUp>(back, 'meeting');
    if (caughtUp?.kind !== 'changes') throw new Error(`expected the missed changes, got ${caughtUp?.kind}`);
    expect(caughtUp.changes.map((change) => change.seq)).toEqual([had + 1, seq]);
    const socket = await suite.connect(suite.meeting.tokens.screen);
    expect(caughtUp.changes.reduce((state, change) => applyPatch(state, change.patch), held)).toEqual(socket.state);

    // A seq this node never reached (another node's page, or a forged address) gets the meeting whole.
    const ahead = await read(suite.meeting.tokens.screen, { seq: seq + 50 });
    await started(ahead);
    expect(dataOf<CatchUp>(ahead, 'meeting')[0]!.kind).toBe('snapshot');
  });

  it('follows the captions of each language it names, from where the page was in each, and no others', async () => {
    const before = await suite.writeCaptions('en', ['Good morning. ']);
    const reader = await read(suite.meeting.tokens.viewer, { captions: [{ language: 'en' }] });
    await started(reader);
    const [catchUp] = dataOf<CaptionCatchUp>(reader, 'captions');
    expect(catchUp).toMatchObject({ kind: 'snapshot', snapshot: { language: 'en', seq: before } });
    const live = await suite.writeCaptions('en', ['The floor is open.\n']);
    await suite.writeCaptions('ar', ['صباح الخير.\n']);
    await reader.until((stream) => stream.of('caption').length === 1, 5000, 'the English caption');
    // The page goes on to follow Arabic too, coming back with where it was in English.
    reader.close();
    const missed = await suite.writeCaptions('en', ['Kenya has the floor.\n']);
    const back = await read(suite.meeting.tokens.viewer, { captions: [{ language: 'en', lastSeq: live }, { language: 'ar' }] });
    await started(back);
    const catchUps = dataOf<CaptionCatchUp>(back, 'captions');
    expect(catchUps).toEqual([
      { kind: 'entries', language: 'en', entries: [expect.objectContaining({ seq: missed })] },
      expect.objectContaining({ kind: 'snapshot', snapshot: expect.objectContaining({ language: 'ar' }) }),
    ]);
    const arabic = await suite.writeCaptions('ar', ['تؤيد مصر الاقتراح.\n']);
    await back.until((stream) => stream.of('caption').length === 1, 5000, 'the Arabic caption');
    expect(dataOf<CaptionChanged>(back, 'caption')).toEqual([{ language: 'ar', entry: expect.objectContaining({ seq: arabic }) }]);
    expect(dataOf<CaptionChanged>(reader, 'caption').map((change) => change.language)).toEqual(['en']);
  });

  it('a page that names only its preferences is sent the captions of the first the meeting has, else of its first language', async () => {
    const arabic = await read(suite.meeting.tokens.viewer, { prefer: ['fr', 'ar-SA', 'en'] });
    await started(arabic);
    expect(dataOf<CaptionCatchUp>(arabic, 'captions')).toEqual([expect.objectContaining({ kind: 'snapshot', snapshot: expect.objectContaining({ language: 'ar' }) })]);
    const none = await read(suite.meeting.tokens.viewer, { prefer: ['zh'] });
    await started(none);
    expect(dataOf<CaptionCatchUp>(none, 'captions')).toEqual([expect.objectContaining({ snapshot: expect.objectContaining({ language: 'en' }) })]);
    // Named already with its seq: followed once, from there.
    const seq = await suite.writeCaptions('en', ['Hello.\n']);
    const named = await read(suite.meeting.tokens.viewer, { captions: [{ language: 'en', lastSeq: seq }], prefer: ['en'] });
    await started(named);
    expect(dataOf<CaptionCatchUp>(named, 'captions')).toEqual([{ kind: 'entries', language: 'en', entries: [] }]);
  });

  it('takes the link as a bearer, as the pages send it, so that no address carries it', async () => {
    const query = meetingEventsQuery({ v: PROTOCOL_VERSION }).toString();
    const reader = await EventSourceReader.open(`${suite.server.url}${MEETING_EVENTS_PATH}?${query}`, '', { authorization: `Bearer ${suite.meeting.tokens.screen}` });
    readers.push(reader);
    expect(reader.status).toBe(200);
    await started(reader);
    expect(dataOf<CatchUp>(reader, 'meeting')[0]).toMatchObject({ snapshot: { you: { role: 'screen' } } });
  });

  it('tells which languages are being captioned, on arrival and as they change, and the presence view of its role', async () => {
    const reader = await read(suite.meeting.tokens.viewer);
    await started(reader);
    expect(dataOf(reader, 'live')).toEqual([{ languages: [] }]);
    expect(dataOf<MediaPresenceView>(reader, 'presence')).toEqual([expect.objectContaining({ participants: [] })]);
    await suite.writeCaptions('ar', ['صباح الخير.\n']);
    await reader.until((stream) => stream.of('live').length === 2, 5000, 'the live languages');
    expect(dataOf(reader, 'live')).toEqual([{ languages: [] }, { languages: ['ar'] }]);
    const later = await read(suite.meeting.tokens.screen);
    await started(later);
    expect(dataOf(later, 'live')).toEqual([{ languages: ['ar'] }]);
  });

  it('a participant’s stream carries their own registration, which their projection withholds, and its changes', async () => {
    const { id, token } = suite.meeting.participants.remote;
    const reader = await read(token);
    await started(reader);
    const [start] = dataOf<CatchUp>(reader, 'meeting');
    expect(start).toMatchObject({ kind: 'snapshot', snapshot: { self: { participant: { id, affiliation: 'Ministry' } } } });
    const { seq } = await suite.command({ type: 'participant:update', participantId: id, details: { affiliation: 'Ministry of ICT' } });
    await reader.until((stream) => stream.of('self').length === 1, 5000, 'their own registration');
    expect(dataOf<SelfChanged>(reader, 'self')).toEqual([expect.objectContaining({ seq, participant: expect.objectContaining({ affiliation: 'Ministry of ICT' }) })]);
  });

  it('a revoked link’s stream is told why and closed, and coming back is refused with 401', async () => {
    const reader = await read(suite.meeting.tokens.viewer);
    await started(reader);
    const links = await http(suite.server.url, 'GET', `/meetings/${suite.meeting.meetingId}/links`);
    const viewer = (links.body.links as Array<{ id: string; role: string }>).find((link) => link.role === 'viewer')!;
    await suite.command({ type: 'link:revoke', linkId: viewer.id });
    await reader.until((stream) => stream.closed, 5000, 'the stream to close');
    expect(dataOf<{ code: string }>(reader, 'ended').map((error) => error.code)).toEqual(['LINK_REVOKED']);
    const again = await fetch(streamUrl(suite.meeting.tokens.viewer));
    expect(again.status).toBe(401);
    expect((await again.json()).error.code).toBe('LINK_REVOKED');
    await waitFor(() => suite.server.app.eventStreams.size === 0, 'no stream left open');
  });

  it('refuses another protocol version, a language the meeting lacks and an address it cannot read, each with its code, and opens nothing', async () => {
    const token = suite.meeting.tokens.viewer;
    const refused = async (url: string) => {
      const answer = await fetch(url);
      return { status: answer.status, code: ((await answer.json()) as { error: { code: string } }).error.code };
    };
    expect(await refused(streamUrl(token, { v: PROTOCOL_VERSION - 1 }))).toEqual({ status: 426, code: 'CLIENT_TOO_OLD' });
    expect(await refused(streamUrl(token, { v: PROTOCOL_VERSION + 1 }))).toMatchObject({ code: 'SERVER_TOO_OLD' });
    expect(await refused(streamUrl(token, { captions: [{ language: 'fr' }] }))).toEqual({ status: 409, code: 'UNKNOWN_LANGUAGE' });
    expect(await refused(`${streamUrl(token)}&captions=english`)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await refused(`${streamUrl(token)}&since=4`)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await refused(streamUrl(`${token}x`))).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(suite.server.app.eventStreams.size).toBe(0);
  });
});

describe('caption lines over HTTP, for a reading page’s transcript', () => {
  const lines = (token: string, query: string) =>
    fetch(`${suite.server.url}${CAPTION_LINES_PATH}?${query}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers a page of committed lines from the one asked for, with how many the stream has, to any link of the meeting', async () => {
    await suite.writeCaptions('en', ['One.\n', 'Two.\n', 'Three.\n', 'Four, still being typed']);
    const answer = await lines(suite.meeting.tokens.viewer, 'lang=en&fromLine=2&limit=2');
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as CaptionLinesPage;
    expect(page).toMatchObject({ language: 'en', fromLine: 2, lineCount: 3 });
    expect(page.lines.map((line) => [line.n, line.text])).toEqual([
      [2, 'Two.'],
      [3, 'Three.'],
    ]);
  });

  it('refuses a forged link, a language the meeting lacks and a line that is not one, each with its code', async () => {
    const refused = async (answer: Promise<Response>) => {
      const response = await answer;
      return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
    };
    expect(await refused(lines(`${suite.meeting.tokens.viewer}x`, 'lang=en&fromLine=1'))).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(await refused(lines(suite.meeting.tokens.viewer, 'lang=fr&fromLine=1'))).toMatchObject({ code: 'UNKNOWN_LANGUAGE' });
    expect(await refused(lines(suite.meeting.tokens.viewer, 'lang=en&fromLine=0'))).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });
});

