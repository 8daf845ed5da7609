import { beforeEach, describe, expect, it } from 'vitest';
import { http, startServer, useMeetingServer } from '../support/harness.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

const QUIET_MS = 600;
const suite = useMeetingServer({ captionQuietMs: QUIET_MS });
let captionerB: string;

beforeEach(async () => {
  // Seat 2 takes streams over below: a lead captioner's seat.
  const second = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/links`, { role: 'captioner', label: 'Seat 2', lead: true });
  captionerB = new URL(second.body.url).hash.slice('#token='.length);
});

const ingestUrl = (token: string) => `${suite.server.url}/api/captions/closedcaption?token=${token}`;

describe('CAT-software ingest (Zoom third-party caption API)', () => {
  it('captions posted with retries and repeated seq numbers reach every viewer exactly once, in order', async () => {
    const screen = await suite.connect(suite.meeting.tokens.screen);
    const participant = await suite.connect(suite.meeting.participants.room.token);
    await screen.followCaptions('en');
    await participant.followCaptions('en');

    const cat = new ZoomStyleCaptionClient(ingestUrl(suite.meeting.tokens.captioner));
    // Zoom's published example, byte for byte: the first caption ends with a space, the second
    // with a line break (support.zoom.us article 115002212983, "I'M SENDING " then
    // "SEVERAL CAPTIONS.\n").
    expect(await cat.send("I'M SENDING ", 2)).toBe(200);
    expect(await cat.send('SEVERAL CAPTIONS.\n', 1)).toBe(200);
    expect(await cat.send('AND ONE MORE', 3)).toBe(200);
    expect(await cat.lastSeq()).toBe(3);

    const stream = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!;
    for (const viewer of [screen, participant]) {
      await viewer.until((client) => client.captions.get('en')!.seq === suite.server.app.captions.entriesSince(suite.meeting.meetingId, 'en', 0)!.length);
      const seen = viewer.captionsOf('en');
      expect(seen.lines.map((line) => line.text)).toEqual(["I'M SENDING SEVERAL CAPTIONS."]);
      expect(seen.tail.text).toBe('AND ONE MORE');
      const writes = viewer.captions.get('en')!.received.filter((entry) => entry.command.type === 'caption:write');
      expect(writes).toHaveLength(3);
      expect(seen.lines).toEqual(stream.lines);
    }
  });

  it('a repeated seq is acknowledged again without being applied again', async () => {
    const cat = new ZoomStyleCaptionClient(ingestUrl(suite.meeting.tokens.captioner));
    await cat.send('ONCE', 4);
    expect(cat.statuses).toEqual([200, 200, 200, 200, 200]);
    expect(suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!.tail.text).toBe('ONCE');
  });

  it('refuses bad tokens with 403, a missing or malformed seq and a closed meeting with 400 saying why, and other methods with 405', async () => {
    const post = (url: string, body: BodyInit = 'TEXT') => fetch(url, { method: 'POST', body });
    expect((await post(`${ingestUrl('forged.token')}&seq=1`)).status).toBe(403);
    expect((await post(`${ingestUrl(suite.meeting.tokens.viewer)}&seq=1`)).status).toBe(403);
    for (const query of ['', '&seq=', '&seq=abc', '&seq=-1', '&seq=1.5']) {
      const answer = await post(`${ingestUrl(suite.meeting.tokens.captioner)}${query}`);
      expect(answer.status, query).toBe(400);
      expect(await answer.text(), query).toMatch(/seq/);
    }
    expect((await fetch(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1`)).status).toBe(405);
    expect((await post(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1&lang=de-DE`)).status).toBe(400);
    expect((await post(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1`, new Uint8Array([0x48, 0xff, 0xfe]))).status).toBe(400);
    expect((await post(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1`, 'x'.repeat(20_000))).status).toBe(413);
    expect((await post(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1`, 'bell\u0007')).status).toBe(400);
    expect(suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')?.tail.text ?? '').toBe('');

    const links = await http(suite.server.url, 'GET', `/meetings/${suite.meeting.meetingId}/links`);
    const seat = links.body.links.find((link: { role: string; label: string }) => link.role === 'captioner' && link.label === 'captioner');
    await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'link:revoke', linkId: seat.id });
    expect((await post(`${ingestUrl(suite.meeting.tokens.captioner)}&seq=1`)).status).toBe(403);

    await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'meeting:transition', to: 'adjourned' });
    expect((await post(`${ingestUrl(captionerB)}&seq=1`)).status).toBe(400);
  });

  it('accepts the YouTube caption format, one line per cue', async () => {
    const body = '2026-11-28T10:00:01.000\nGOOD MORNING<br>EVERYONE\n2026-11-28T10:00:02.500 region:reg1#cue1\nWELCOME\n';
    const response = await fetch(`${suite.server.url}/api/captions/youtube?token=${suite.meeting.tokens.captioner}&seq=1`, {
      method: 'POST',
      body,
    });
    expect(response.status).toBe(200);
    const lines = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!.lines.map((line) => line.text);
    expect(lines).toEqual(['GOOD MORNING EVERYONE', 'WELCOME']);
  });

  it('serves the current lines as GETlivecap XML, with markup escaped', async () => {
    const cat = new ZoomStyleCaptionClient(ingestUrl(suite.meeting.tokens.captioner));
    await cat.send('FIRST LINE\n');
    await cat.send('<b>SECOND</b> & LAST');
    const response = await fetch(`${suite.server.url}/api/captions/getlivecap?token=${suite.meeting.tokens.screen}&lang=en&lines=2`);
    expect(response.headers.get('content-type')).toContain('xml');
    expect(await response.text()).toContain(
      '<caption><line1>FIRST LINE</line1><line2>&#60;b&#62;SECOND&#60;/b&#62; &#38; LAST</line2></caption>',
    );
  });
});

describe('captioner console over the socket', () => {
  it('deltas with backspaces build the same text on every viewer; newline commits a line', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    const write = (erase: number, text: string) => captioner.send('caption:write', { language: 'en', erase, text });
    expect(await write(0, 'Good mornign')).toMatchObject({ ok: true });
    expect(await write(2, 'ng, colleagues')).toMatchObject({ ok: true });
    const last = await write(0, '.\nWe begin');
    if (!last.ok) throw new Error(last.error.code);
    await viewer.until((client) => client.captions.get('en')!.seq === (last.value as unknown as { seq: number }).seq);
    expect(viewer.captionsOf('en').lines.map((line) => line.text)).toEqual(['Good morning, colleagues.']);
    expect(viewer.captionsOf('en').tail.text).toBe('We begin');
  });

  it('a line commits by itself after the quiet period', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Then silence' });
    await viewer.until((client) => client.captionsOf('en').lines.length === 1, QUIET_MS * 5);
    const [line] = viewer.captionsOf('en').lines;
    expect(line!.text).toBe('Then silence');
    expect(line!.committedAt - line!.startedAt).toBeGreaterThanOrEqual(QUIET_MS);
  });

  it('each line is attributed to the floor holder, or to the speaker an explicit label names', async () => {
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    await chair.send('queue:add', { participantId: suite.meeting.participants.remote.id, kind: 'intervention' });
    await chair.send('floor:give', {});
    await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Thank you, Chair.\n>> Delegate of Brazil: We agree.\n' });
    const lines = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!.lines;
    expect(lines[0]).toMatchObject({
      text: 'Thank you, Chair.',
      topicId: suite.meeting.topicIds[0],
      speaker: { participantId: suite.meeting.participants.remote.id, label: null },
      writer: captioner.you!.linkId,
      language: 'en',
    });
    expect(lines[1]!.speaker).toEqual({ participantId: null, label: 'Delegate of Brazil' });
  });

  it('taking over hands the stream to the other seat with nothing lost or repeated', async () => {
    const seatA = await suite.connect(suite.meeting.tokens.captioner);
    const seatB = await suite.connect(captionerB);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    await seatA.send('caption:write', { language: 'en', erase: 0, text: 'First writer finishes' });
    expect(await seatB.send('caption:write', { language: 'en', erase: 0, text: 'too early' })).toMatchObject({
      ok: false,
      error: { code: 'CAPTION_NOT_WRITER' },
    });
    expect(await seatB.send('caption:takeOver', { language: 'en' })).toMatchObject({ ok: true });
    expect(await seatA.send('caption:write', { language: 'en', erase: 0, text: ' late' })).toMatchObject({
      ok: false,
      error: { code: 'CAPTION_NOT_WRITER' },
    });
    const last = await seatB.send('caption:write', { language: 'en', erase: 0, text: 'Second writer starts.\n' });
    if (!last.ok) throw new Error(last.error.code);
    await viewer.until((client) => client.captions.get('en')!.seq === last.value.seq);
    const lines = viewer.captionsOf('en').lines;
    expect(lines.map((line) => [line.text, line.writer])).toEqual([
      ['First writer finishes', seatA.you!.linkId],
      ['Second writer starts.', seatB.you!.linkId],
    ]);
  });

  it('a viewer that misses a minute of captions resumes with no gap and no duplicate', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Before. ' });
    await viewer.until((client) => client.captionsOf('en').tail.text === 'Before. ');
    viewer.socket.disconnect();
    // A minute of typing at 20 deltas a second, written straight to the hub (in group commits).
    const writes = [];
    for (let index = 0; index < 1200; index += 1) {
      const text = index % 40 === 39 ? 'word.\n' : 'word ';
      writes.push(
        suite.server.app.captions.write(suite.meeting.meetingId, 'en', { kind: 'captioner', linkId: captioner.you!.linkId }, {
          type: 'caption:write',
          erase: index % 7 === 0 ? 1 : 0,
          text,
        }),
      );
    }
    for (const result of await Promise.all(writes)) expect(result.ok).toBe(true);
    viewer.socket.connect();
    await viewer.ready();
    const resumed = await viewer.followCaptions('en');
    expect(resumed).toMatchObject({ ok: true, value: { kind: 'entries' } });
    const seqs = viewer.captions.get('en')!.received.map((entry) => entry.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => seqs[0]! + index));
    const server_ = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!;
    expect(viewer.captionsOf('en').lines).toEqual(server_.lines);
    expect(viewer.captionsOf('en').tail).toEqual(server_.tail);
  });

  it('captions from a non-captioner, in an unknown language, or with control characters are refused', async () => {
    const participant = await suite.connect(suite.meeting.participants.room.token);
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    expect(await participant.send('caption:write', { language: 'en', erase: 0, text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await captioner.send('caption:write', { language: 'fr', erase: 0, text: 'salut' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_LANGUAGE' },
    });
    expect(await captioner.send('caption:write', { language: 'xx', erase: 0, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await captioner.send('caption:write', { language: 'en', erase: 0, text: 'esc\u001b[2J' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await captioner.send('caption:write', { language: 'en', erase: -1, text: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')).toBeNull();
  });

  it('caption streams survive a restart', async () => {
    const captioner = await suite.connect(suite.meeting.tokens.captioner);
    await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Kept line.\nKept tail' });
    const before = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en');
    for (const client of suite.clients.splice(0)) client.close();
    await suite.server.stop();
    suite.server = await startServer({ dataDir: suite.server.dataDir, captionQuietMs: QUIET_MS });
    expect(suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')).toEqual(before);
  });
});
