import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRecord } from '../../shared/archive/record.js';
import { parseVtt } from '../support/webvtt.js';
import { accepted, http, MirrorClient, removeDir, seedMeeting, startServer, type RunningServer, type SeededMeeting, waitFor } from '../support/harness.js';

const SEC = 1000;
let now = Date.now();
const clock = () => now;
const at = (offsetSec: number) => {
  now = start + offsetSec * SEC;
};
let start = now;

let server: RunningServer;
let meeting: SeededMeeting;
let clients: MirrorClient[] = [];
let seatB: string;

async function connect(token: string) {
  const client = new MirrorClient(server.url, token);
  clients.push(client);
  await client.ready();
  return client;
}

const ok = accepted;

beforeAll(async () => {
  server = await startServer({ clock });
  start = now = Date.now();
  meeting = await seedMeeting(server.url);
  // Seat B takes the English stream over in the script: a lead captioner's seat.
  const second = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'captioner', label: 'Seat B', lead: true });
  seatB = new URL(second.body.url).hash.slice('#token='.length);

  // The script of the meeting: who speaks on which topic when, and what the captioners write.
  const chair = await connect(meeting.tokens.chair);
  const remote = await connect(meeting.participants.remote.token);
  const room = await connect(meeting.participants.room.token);
  const captionerA = await connect(meeting.tokens.captioner);
  const captionerB = await connect(seatB);

  at(10);
  await ok(remote.send('queue:request', { kind: 'intervention' }));
  at(20);
  await ok(chair.send('floor:give', {}));
  at(25);
  await ok(captionerA.send('caption:write', { language: 'en', erase: 0, text: 'Thank you, Chair.\n' }));
  at(30);
  await ok(captionerB.send('caption:write', { language: 'ar', erase: 0, text: 'شكرا سيدي الرئيس.\n' }));
  at(50);
  await ok(chair.send('floor:pause', {}));
  at(60);
  await ok(chair.send('floor:resume', {}));
  at(70);
  await ok(captionerB.send('caption:takeOver', { language: 'en' }));
  at(75);
  await ok(captionerB.send('caption:write', { language: 'en', erase: 0, text: 'We support the proposal.\n' }));
  at(100);
  await ok(chair.send('floor:end', {}));
  at(110);
  await ok(chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' }));
  at(120);
  await ok(chair.send('floor:give', {}));
  at(125);
  await ok(captionerB.send('caption:write', { language: 'en', erase: 0, text: '>> Amina Civil: Civil society agrees.\n' }));
  at(150);
  await ok(chair.send('floor:end', {}));
  at(160);
  await ok(chair.send('topic:select', { topicId: meeting.topicIds[1] }));
  at(165);
  await ok(remote.send('queue:request', { kind: 'intervention' }));
  at(170);
  await ok(chair.send('floor:give', {}));
  at(175);
  await ok(captionerB.send('caption:write', { language: 'en', erase: 0, text: 'On accessibility, captions matter.\n' }));
  at(200);
  await ok(chair.send('floor:end', {}));
  at(205);
  room.close();
  await waitFor(
    async () => (await server.app.registry.room(meeting.meetingId)!.attendanceEntries()).some((entry) => entry.participantId === meeting.participants.room.id && entry.change === 'left'),
    'the room participant leaving in the attendance log',
  );
  at(210);
  await ok(chair.send('meeting:transition', { to: 'adjourned' }));
  at(220);
  const archived = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to: 'archived' });
  expect(archived.status).toBe(200);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server.stop();
  removeDir(server.dataDir);
});

describe('the archive of a scripted meeting', () => {
  it('lists each topic’s speakers with kind, times, durations and pauses as they happened', async () => {
    const record = await server.app.archive.record(meeting.meetingId);
    if (!record.ok) throw new Error(record.error.code);
    const [connectivity, accessibility] = record.value.topics;
    expect(connectivity!.speeches).toMatchObject([
      {
        name: 'Delegate of Kenya',
        affiliation: 'Ministry',
        country: 'Kenya',
        stakeholderGroup: 'government',
        attendance: 'remote',
        kind: 'intervention',
        startedAt: start + 20 * SEC,
        endedAt: start + 100 * SEC,
        durationMs: 70 * SEC,
        pauses: [{ startedAt: start + 50 * SEC, endedAt: start + 60 * SEC }],
      },
      { name: 'Amina Civil', attendance: 'room', stakeholderGroup: 'civil_society', durationMs: 30 * SEC, pauses: [] },
    ]);
    expect(accessibility!.speeches).toMatchObject([{ name: 'Delegate of Kenya', durationMs: 30 * SEC }]);
    expect(record.value.meeting).toMatchObject({ adjournedAt: start + 210 * SEC, archivedAt: start + 220 * SEC });
  });

  it('attributes every caption line to its speaker, topic and captioner, in each language', async () => {
    const record = await server.app.archive.record(meeting.meetingId);
    if (!record.ok) throw new Error(record.error.code);
    const english = record.value.transcripts.find((transcript) => transcript.language === 'en')!;
    expect(english.lines.map((line) => [line.text, line.speaker, line.topicId, line.writer])).toEqual([
      ['Thank you, Chair.', 'Delegate of Kenya', meeting.topicIds[0], 'captioner'],
      ['We support the proposal.', 'Delegate of Kenya', meeting.topicIds[0], 'Seat B'],
      ['>> Amina Civil: Civil society agrees.', 'Amina Civil', meeting.topicIds[0], 'Seat B'],
      ['On accessibility, captions matter.', 'Delegate of Kenya', meeting.topicIds[1], 'Seat B'],
    ]);
    const arabic = record.value.transcripts.find((transcript) => transcript.language === 'ar')!;
    expect(arabic.lines).toMatchObject([{ text: 'شكرا سيدي الرئيس.', speaker: 'Delegate of Kenya', startedAt: start + 30 * SEC }]);
  });

  it('counts attendance and speaking time by stakeholder group and by room/remote', async () => {
    const record = await server.app.archive.record(meeting.meetingId);
    if (!record.ok) throw new Error(record.error.code);
    expect(record.value.attendance).toMatchObject({
      registered: 2,
      attended: 2,
      registeredInRoom: 1,
      registeredRemote: 1,
      peakConcurrent: 2,
    });
    expect(record.value.attendance.byStakeholderGroup.find((row) => row.group === 'government')).toEqual({
      group: 'government',
      registered: 1,
      attended: 1,
    });
    const byGroup = Object.fromEntries(record.value.speakingTime.byStakeholderGroup.map((row) => [row.group, row.speakingMs]));
    expect(byGroup).toMatchObject({ government: 100 * SEC, civil_society: 30 * SEC, private_sector: 0 });
    expect(record.value.speakingTime.byAttendance).toEqual([
      { attendance: 'room', speeches: 1, speakingMs: 30 * SEC },
      { attendance: 'remote', speeches: 2, speakingMs: 100 * SEC },
    ]);
    expect(ArchiveRecord.parse(record.value)).toEqual(record.value);
  });

  it('an archived meeting refuses every command and its record never changes', async () => {
    const before = JSON.stringify(await server.app.archive.record(meeting.meetingId));
    const chair = clients[0]!;
    for (const [type, payload] of [
      ['queue:reopen', {}],
      ['meeting:transition', { to: 'open' }],
      ['meeting:setSpeakingTime', { seconds: 60 }],
    ] as const) {
      expect(await chair.send(type, payload)).toMatchObject({ ok: false, error: { code: 'MEETING_ARCHIVED' } });
    }
    const edit = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, {
      type: 'meeting:update',
      details: { title: 'Rewritten history' },
    });
    expect(edit.body.error.code).toBe('MEETING_ARCHIVED');
    const register = await http(
      server.url,
      'POST',
      `/meetings/${meeting.meetingId}/registrations`,
      { displayName: 'Latecomer', stakeholderGroup: 'government', attendance: 'room' },
      null,
    );
    expect(register.body.error.code).toBe('MEETING_ARCHIVED');
    expect(await clients[3]!.send('caption:write', { language: 'en', erase: 0, text: 'late' })).toMatchObject({
      ok: false,
      error: { code: 'MEETING_NOT_OPEN' },
    });
    expect(JSON.stringify(await server.app.archive.record(meeting.meetingId))).toBe(before);
  });

  it('the record is the same after a restart', async () => {
    const before = await server.app.archive.record(meeting.meetingId);
    for (const client of clients) client.close();
    clients = [];
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, clock });
    expect(await server.app.archive.record(meeting.meetingId)).toEqual(before);
  });
});

describe('the public archive', () => {
  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

  it('the index lists the archived meeting with its topics and links its record page', async () => {
    const index = await (await get('/archive/')).text();
    expect(index).toContain('Open consultation on meaningful connectivity');
    expect(index).toContain('Accessibility');
    expect(index).toContain(`href="/archive/${meeting.meetingId}/"`);
    const arabic = await (await get('/archive/?lang=ar')).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
  });

  it('the record page links every export, and each downloads with its media type', async () => {
    const folder = await get(`/archive/${meeting.meetingId}/`);
    expect(folder.status).toBe(302);
    expect(folder.headers.get('location')).toBe('record-en.html');
    const page = await (await get(`/archive/${meeting.meetingId}/record-en.html`)).text();
    for (const file of ['transcript-en.vtt', 'transcript-en.srt', 'transcript-en.txt', 'transcript-ar.vtt', 'record.json', 'bundle.zip']) {
      expect(page).toContain(`href="${file}"`);
    }
    const vtt = await get(`/archive/${meeting.meetingId}/transcript-en.vtt`);
    expect(vtt.headers.get('content-type')).toContain('text/vtt');
    const parsed = parseVtt(await vtt.text());
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((cue) => cue.text)).toEqual([
      '<v Delegate of Kenya><lang en>Thank you, Chair.</lang></v>',
      '<v Delegate of Kenya><lang en>We support the proposal.</lang></v>',
      '<v Amina Civil><lang en>Civil society agrees.</lang></v>',
      '<v Delegate of Kenya><lang en>On accessibility, captions matter.</lang></v>',
    ]);
    // Cue times keep the script's spacing: the second line began 50 s after the first.
    expect(parsed.cues[1]!.startTime - parsed.cues[0]!.startTime).toBe(50);
    const json = await (await get(`/archive/${meeting.meetingId}/record.json`)).json();
    const record = await server.app.archive.record(meeting.meetingId);
    expect(record.ok && ArchiveRecord.parse(json)).toEqual(record.ok && record.value);
  });

  it('the bundle holds every export with a manifest whose SHA-256 hashes match', async () => {
    const response = await get(`/archive/${meeting.meetingId}/bundle.zip`);
    expect(response.headers.get('content-disposition')).toContain(`${meeting.meetingId}-archive.zip`);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      files: { name: string; sha256: string; bytes: number }[];
    };
    expect(manifest.files.map((file) => file.name).sort()).toEqual(
      Object.keys(files).filter((name) => name !== 'manifest.json').sort(),
    );
    for (const file of manifest.files) {
      const content = files[file.name]!;
      expect(createHash('sha256').update(content).digest('hex'), file.name).toBe(file.sha256);
      expect(content.byteLength).toBe(file.bytes);
    }
  });

  it('a meeting that is not archived has no public record', async () => {
    const open = await seedMeeting(server.url);
    expect((await get(`/archive/${open.meetingId}/record-en.html`)).status).toBe(404);
    expect((await get(`/archive/${open.meetingId}/bundle.zip`)).status).toBe(404);
  });
});
