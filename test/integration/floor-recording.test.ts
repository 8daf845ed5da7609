import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import type { AudioIndex } from '../../shared/archive/audio.js';
import { buildArchive } from '../../shared/archive/build.js';
import { replay } from '../../shared/meeting/execute.js';
import { isFloorRecorded } from '../../shared/meeting/recording.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { topicCaptionsVtt } from '../../server/archive/exports/index.js';
import type { MediaBridge } from '../../server/livekit/bridge.js';
import { MeetingRegistry } from '../../server/meetings/registry.js';
import { RecorderCoordinator } from '../../server/recorder/coordinator.js';
import { cutIntervals, loadTracks } from '../../server/recorder/cut.js';
import { parseJournalText, readJournals } from '../../server/recorder/journal.js';
import { oggCrc, opusSamples, readOpus, SILENCE_FRAME, writeOpus } from '../../server/recorder/ogg.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { waitFor } from '../support/harness.js';
import { buildMeeting, MEETING_ID, meetingDetails, MIN, SEC, T0, type Person } from '../unit/fixtures.js';

/**
 * Recording the floor (issue 16), the parts that need no media server: OGG/Opus written and
 * read back without decoding, the speech timeline (pauses out), the cut on the journal's wall
 * clock, the meeting setting and the "not for publication" edit, the record and its topic
 * captions, and the recorder's life cycle with a stand-in process.
 */

/** A 20 ms CELT fullband frame whose second byte numbers it, so a cut can be read back. */
const frame = (n: number) => Uint8Array.of(0xfc, n & 0xff, n >> 8);

describe('OGG/Opus without decoding', () => {
  it('packets written are read back as they were, with their positions, and every page checksum holds', () => {
    const packets = Array.from({ length: 120 }, (_, i) => frame(i));
    const file = writeOpus(packets, { channels: 2, serialSeed: 'x' });
    const stream = readOpus(file);
    expect(stream.channels).toBe(2);
    expect(stream.samples).toBe(120 * 960);
    expect(stream.packets.map((packet) => [...packet.data])).toEqual(packets.map((packet) => [...packet]));
    expect(stream.packets[7]!.start).toBe(7 * 960);
    // Every page's CRC is over the page with its CRC field zeroed.
    let offset = 0;
    while (offset < file.length) {
      const segments = file[offset + 26]!;
      const body = file.subarray(offset + 27, offset + 27 + segments).reduce((sum, value) => sum + value, 0);
      const page = file.slice(offset, offset + 27 + segments + body);
      const stored = new DataView(page.buffer).getUint32(22, true);
      page.fill(0, 22, 26);
      expect(oggCrc(page)).toBe(stored);
      offset += 27 + segments + body;
    }
  });

  it('the same packets give the same bytes (the archive is reproducible)', () => {
    const packets = [frame(1), frame(2)];
    expect(writeOpus(packets, { channels: 1, serialSeed: 'a' })).toEqual(writeOpus(packets, { channels: 1, serialSeed: 'a' }));
  });

  it('a file torn by a crash is read up to its last whole page', () => {
    const file = writeOpus(Array.from({ length: 200 }, (_, i) => frame(i)), { channels: 2, serialSeed: 'x' });
    const torn = file.subarray(0, file.length - 40);
    const stream = readOpus(torn);
    expect(stream.packets.length).toBe(150);
  });

  it('a packet lasts what its TOC byte says: 10, 20, 40 and 60 ms frames, one or several', () => {
    expect(opusSamples(Uint8Array.of(0xf8))).toBe(960);
    expect(opusSamples(Uint8Array.of(0xf0))).toBe(480);
    expect(opusSamples(Uint8Array.of(0x08))).toBe(960);
    expect(opusSamples(Uint8Array.of(0x18))).toBe(2880);
    expect(opusSamples(Uint8Array.of(0xf9, 0))).toBe(1920);
    expect(opusSamples(Uint8Array.of(0xfb, 3))).toBe(2880);
    expect(opusSamples(SILENCE_FRAME)).toBe(960);
    expect(opusSamples(new Uint8Array())).toBe(0);
  });
});

describe('cutting a recording on the log’s clock', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  /** A venue track of 10 s starting at wall time 1000, journaled as the Go recorder does. */
  function recorded() {
    dir = mkdtempSync(join(tmpdir(), 'openfloor-cut-'));
    writeFileSync(join(dir, 's1-001-venue.ogg'), writeOpus(Array.from({ length: 500 }, (_, i) => frame(i)), { channels: 2, serialSeed: 'v' }));
    const lines = [
      { type: 'session', session: 's1', at: 900 },
      { type: 'track', session: 's1', file: 's1-001-venue.ogg', identity: 'venue.l1.abc', trackSid: 'TR_1', at: 1000, rtp: 12345 },
      ...Array.from({ length: 10 }, (_, i) => ({ type: 'sync', file: 's1-001-venue.ogg', at: 1000 + i * 1000, granule: i * 48_000 })),
      { type: 'alive', session: 's1', at: 11_000 },
    ];
    // A torn last line, as a killed recorder may leave, is ignored.
    writeFileSync(join(dir, 'journal-s1.jsonl'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"type":"sync","fi`);
    const journal = readJournals(dir);
    return { journal, tracks: loadTracks(dir, journal) };
  }

  it('keeps exactly the packets of the spoken intervals, pauses out, in order, unchanged', () => {
    const { tracks } = recorded();
    const cut = cutIntervals(
      tracks,
      [
        { startedAt: 2000, endedAt: 3000 },
        { startedAt: 5000, endedAt: 5500 },
      ],
      (identity) => identity.startsWith('venue.'),
      [{ startedAt: 0, endedAt: 20_000 }],
    );
    const numbers = cut.packets.map((packet) => packet[1]! | (packet[2]! << 8));
    expect(numbers).toEqual([...Array.from({ length: 50 }, (_, i) => 50 + i), ...Array.from({ length: 25 }, (_, i) => 200 + i)]);
    expect(cut.samples).toBe(75 * 960);
    expect(cut.gaps).toEqual([]);
  });

  it('fills with silence where the speaker was not sending and marks where no recorder ran', () => {
    const { tracks, journal } = recorded();
    const cut = cutIntervals(tracks, [{ startedAt: 0, endedAt: 2000 }], (identity) => identity.startsWith('venue.'), [
      { startedAt: 900, endedAt: 11_000 },
    ]);
    // 0-1000: nothing sent yet (silence); 1000-2000: the first 50 packets.
    expect(cut.samples).toBe(100 * 960);
    expect(cut.packets.slice(0, 50).every((packet) => packet === SILENCE_FRAME)).toBe(true);
    expect(cut.packets[50]![1]).toBe(0);
    expect(cut.gaps).toEqual([{ startedAt: 0, endedAt: 900 }]);
    expect(journal.sessions).toEqual([{ id: 's1', startedAt: 900, lastSeenAt: 11_000, endReason: null }]);
  });

  it('another speaker’s track is never cut into a speech', () => {
    const { tracks } = recorded();
    const cut = cutIntervals(tracks, [{ startedAt: 2000, endedAt: 3000 }], (identity) => identity === 'participant.p9', [
      { startedAt: 0, endedAt: 20_000 },
    ]);
    expect(cut.packets.every((packet) => packet === SILENCE_FRAME)).toBe(true);
    expect(cut.samples).toBe(50 * 960);
  });

  it('journal lines that do not match the schema are skipped', () => {
    expect(parseJournalText('{"type":"alive","session":"s","at":1}\n{"type":"nonsense"}\nnot json\n')).toHaveLength(1);
  });
});

describe('the meeting setting and the record', () => {
  it('a log from before recording existed replays as a meeting whose floor is not recorded', () => {
    const details = meetingDetails() as Record<string, unknown>;
    delete details.recordFloor;
    delete details.playableAudioCopy;
    // As the registry does on start: the stored entry is parsed, then replayed.
    const entry = LogEntry.parse({ seq: 1, at: T0, actor: SECRETARIAT, command: { type: 'meeting:create', meetingId: 'old', details } });
    const state = replay([entry]);
    expect(state).toMatchObject({ recordFloor: false, playableAudioCopy: false });
  });

  it('the floor is recorded only while the meeting is open with the setting on', () => {
    expect(isFloorRecorded({ status: 'open', recordFloor: true })).toBe(true);
    expect(isFloorRecorded({ status: 'open', recordFloor: false })).toBe(false);
    expect(isFloorRecorded({ status: 'adjourned', recordFloor: true })).toBe(false);
    expect(isFloorRecorded({ status: 'scheduled', recordFloor: true })).toBe(false);
  });

  function recordedMeeting() {
    const built = buildMeeting({ details: { recordFloor: true } });
    const [amina, liWei] = built.participants as [Person, Person];
    const { session, chair } = built;
    for (const person of [amina, liWei]) {
      const entryId = session.advance(SEC).run(person.actor, { type: 'queue:request', kind: 'intervention' });
      session.advance(SEC).run(chair, { type: 'floor:give', entryId: entryId ?? undefined });
      session.advance(MIN).run(chair, { type: 'floor:end' });
    }
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const [first, second] = session.meeting.topics[0]!.history;
    return { ...built, first: first!, second: second! };
  }

  it('not for publication: only in review, once per speech, and the speech keeps its place without its audio', () => {
    const { session, secretariat, chair, first, second, topicIds } = recordedMeeting();
    const withhold = { type: 'record:correct' as const, edit: { kind: 'withholdAudio' as const, speechId: first.id } };
    expect(session.try(chair, withhold)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    session.run(secretariat, withhold);
    expect(session.try(secretariat, withhold)).toMatchObject({ ok: false, error: { code: 'SPEECH_NOT_FOUND' } });
    expect(
      session.try(secretariat, { type: 'record:correct', edit: { kind: 'withholdAudio', speechId: 'nope' } }),
    ).toMatchObject({ ok: false, error: { code: 'SPEECH_NOT_FOUND' } });
    session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const file = (name: string) => ({ name, mediaType: 'audio/ogg; codecs=opus', bytes: 10, sha256: 'a'.repeat(64) });
    const index: AudioIndex = {
      speeches: {
        [first.id]: { files: [file(`audio-speech-${first.id}.ogg`)], durationMs: MIN, gaps: [] },
        [second.id]: { files: [file(`audio-speech-${second.id}.ogg`)], durationMs: MIN, gaps: [] },
      },
      topics: { [topicIds[0]!]: { files: [file('audio-topic.ogg')], durationMs: MIN, gaps: [] } },
      gaps: [],
    };
    const record = buildArchive(session.meeting, [], [], index);
    const [kept, heard] = record.topics[0]!.speeches;
    expect(kept).toMatchObject({ id: first.id, audio: null, audioWithheld: true });
    expect(heard).toMatchObject({ id: second.id, audioWithheld: false, audio: index.speeches[second.id] });
    expect(record.corrections).toBe(1);
    expect(record.recording).toEqual({ recorded: true, gaps: [] });
    // Without a recording, the record says the floor was not recorded.
    expect(buildArchive(session.meeting, [], []).recording).toEqual({ recorded: false, gaps: [] });
  });

  it('a topic’s captions are timed on its audio: speeches back to back, pauses and the time between out', () => {
    const { session, secretariat, first, second, topicIds } = recordedMeeting();
    session.advance(MIN).run(secretariat, { type: 'meeting:transition', to: 'archived' });
    const audio = (durationMs: number) => ({ files: [{ name: 'a.ogg', mediaType: 'audio/ogg', bytes: 1, sha256: 'b'.repeat(64) }], durationMs, gaps: [] });
    const index: AudioIndex = { speeches: { [first.id]: audio(MIN), [second.id]: audio(MIN) }, topics: { [topicIds[0]!]: audio(2 * MIN) }, gaps: [] };
    const line = (n: number, at: number, text: string) => ({
      n, text, startedAt: at, committedAt: at + 3 * SEC, writer: 'l1', topicId: topicIds[0]!, speaker: { participantId: null, label: null },
    });
    const stream = {
      meetingId: MEETING_ID,
      language: 'en' as const,
      lines: [line(1, first.startedAt + 10 * SEC, 'First words.'), line(2, second.startedAt + 5 * SEC, 'Second speaker.')],
      draft: null,
      seq: 2,
    };
    const record = buildArchive(session.meeting, [stream as never], [], index);
    const topic = record.topics[0]!;
    expect(topic.audio!.captions).toEqual([{ language: 'en', name: `audio-topic-${topic.id}-en.vtt` }]);
    const vtt = topicCaptionsVtt(record, topic, 'en');
    // The second speech starts one minute into the topic's audio, whatever the wait between them.
    expect(vtt).toContain('00:00:10.000 --> 00:00:13.000');
    expect(vtt).toContain('00:01:05.000 --> 00:01:08.000');
  });
});

describe('the recorder follows the meeting', () => {
  let dir: string | null = null;
  let coordinator: RecorderCoordinator | null = null;
  afterEach(async () => {
    await coordinator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('starts when the meeting opens with the setting on, restarts after a crash, stops when the meeting adjourns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openfloor-recorder-'));
    // Stands in for the Go recorder: runs until told to stop, and checks it was given a token.
    const binary = join(dir, 'recorder.sh');
    writeFileSync(binary, '#!/bin/sh\n[ -n "$OPENFLOOR_RECORDER_TOKEN" ] || exit 9\nexec sleep 600\n');
    chmodSync(binary, 0o755);
    mkdirSync(join(dir, 'data'));
    const registry = await MeetingRegistry.load(new MemoryLogStore(), () => Date.now());
    const minted: { identity: string; hidden: boolean; canPublish: boolean }[] = [];
    const bridge = {
      clientUrl: 'ws://127.0.0.1:1',
      mintToken: async (_room: string, identity: string, _name: string, permission: { hidden: boolean; canPublish: boolean }) => {
        minted.push({ identity, hidden: permission.hidden, canPublish: permission.canPublish });
        return 'token';
      },
    } as unknown as MediaBridge;
    coordinator = new RecorderCoordinator(registry, { dataDir: join(dir, 'data'), clock: () => Date.now(), restartDelaysMs: [50] });
    registry.setExtensions([coordinator.extension()]);
    coordinator.attachMedia(bridge);
    coordinator.setBinary(binary);
    const run = async (command: Parameters<typeof registry.dispatch>[2]) => {
      const result = await registry.dispatch('m1', SECRETARIAT, command);
      if (!result.ok) throw new Error(result.error.code);
    };
    const now = Date.now();
    await run({ type: 'meeting:create', meetingId: 'm1', details: meetingDetails({ startsAt: now, endsAt: now + 3600_000 }) });
    await run({ type: 'meeting:transition', to: 'scheduled' });
    await run({ type: 'meeting:transition', to: 'open' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(coordinator.pidOf('m1'), 'no recording unless the meeting asks').toBeNull();

    await run({ type: 'meeting:update', details: { recordFloor: true } });
    await waitFor(() => coordinator!.pidOf('m1') !== null, 'the recorder to start');
    expect(minted[0]).toMatchObject({ hidden: true, canPublish: false });
    expect(minted[0]!.identity).toMatch(/^recorder\./);
    const first = coordinator.pidOf('m1')!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => ![null, first].includes(coordinator!.pidOf('m1')), 'the recorder to restart after a crash');
    expect(minted).toHaveLength(2);
    expect(minted[1]!.identity).not.toBe(minted[0]!.identity);

    await run({ type: 'meeting:transition', to: 'adjourned' });
    await coordinator.stopped('m1');
    expect(coordinator.pidOf('m1')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(coordinator.pidOf('m1'), 'not restarted once the meeting adjourned').toBeNull();
  });
});
