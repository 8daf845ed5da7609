import { afterEach, describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import { parseIdentity, participantIdentity } from '../../shared/access/media.js';
import { MeetingCommand } from '../../shared/meeting/commands.js';
import { emptyCycleRecord } from '../../shared/timeline/timeline.js';
import { ArchiveService } from '../../server/archive/service.js';
import { CaptionDesk } from '../../server/captions/desk.js';
import type { MediaBridge, RoomParticipant } from '../../server/livekit/bridge.js';
import { MediaCoordinator, type PresenceChange } from '../../server/livekit/coordinator.js';
import type { RoomExtension } from '../../server/meetings/extensions.js';
import { MeetingRegistry, type RegistryOptions } from '../../server/meetings/registry.js';
import type { RoomSession } from '../../server/meetings/room.js';
import type { LogAppend, LogStore } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { FailingStore } from '../support/failing-store.js';
import { http, seedMeeting, startServer, stopServer, waitFor } from '../support/harness.js';

/** A memory store that counts what the rooms ask of it. */
class CountingStore extends MemoryLogStore {
  batches: LogAppend[][] = [];
  reads: Array<{ stream: string; afterSeq: number }> = [];

  override async appendBatch(appends: readonly LogAppend[]): Promise<void> {
    await super.appendBatch(appends);
    this.batches.push([...appends]);
  }

  override read(stream: string, afterSeq = 0): Promise<unknown[]> {
    this.reads.push({ stream, afterSeq });
    return super.read(stream, afterSeq);
  }

  documentsRead: string[] = [];

  override readDocument(key: string): Promise<unknown> {
    this.documentsRead.push(key);
    return super.readDocument(key);
  }
}

const registries: MeetingRegistry[] = [];
afterEach(async () => {
  for (const registry of registries.splice(0)) await registry.close();
});

async function registryOn(store: LogStore, options: Partial<RegistryOptions> = {}) {
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 60_000, ...options });
  registries.push(registry);
  return registry;
}

/** Commands as the boundary hands them on: parsed, defaults filled in. */
const command = (raw: unknown): MeetingCommand => MeetingCommand.parse(raw);

const now = Date.now();
const create = (meetingId: string): MeetingCommand => command({
  type: 'meeting:create',
  meetingId,
  details: {
    title: 'Open consultation',
    venue: 'Geneva',
    timeZone: 'Europe/Zurich',
    startsAt: now,
    endsAt: now + 3 * 3600_000,
    languages: ['en', 'ar'],
    groupMeeting: null,
    speakingTimeLimitSec: 120,
    warningSec: 30,
    allowRemoteCamera: false,
    oneProposalPerMemberState: true,
    linkGraceHours: 24,
    cycle: emptyCycleRecord,
  },
});

async function openMeeting(registry: MeetingRegistry, meetingId: string) {
  for (const next of [
    create(meetingId),
    command({ type: 'topic:add', details: { title: 'Connectivity' } }),
    command({ type: 'meeting:transition', to: 'scheduled' }),
    command({ type: 'meeting:transition', to: 'open' }),
  ]) {
    const result = await registry.dispatch(meetingId, SECRETARIAT, next);
    if (!result.ok) throw new Error(`${next.type}: ${result.error.code}`);
  }
  const registered = await registry.dispatch(meetingId, { kind: 'registrant' }, command({
    type: 'participant:register',
    details: { displayName: 'Delegate of Kenya', affiliation: 'Ministry', country: 'Kenya', stakeholderGroup: 'government', attendance: 'remote', publishName: false },
  }));
  if (!registered.ok) throw new Error(registered.error.code);
  return registered.value.createdId!;
}

describe('a command that changes nothing', () => {
  it('is answered, unlogged, once the write it was judged against is durable, and judged again if that write failed', async () => {
    const store = new FailingStore(new MemoryLogStore());
    const registry = await registryOn(store);
    const participantId = await openMeeting(registry, 'm1');
    const rename = command({ type: 'participant:update', participantId, details: { displayName: 'Delegate of Kenya (remote)' } });
    const rows = async () => (await store.read('meeting:m1')).length;
    const before = await rows();

    store.failing = (stream) => stream === 'meeting:m1';
    const first = registry.dispatch('m1', SECRETARIAT, rename);
    // Judged against the first, still on its way to the disk: nothing to change.
    const second = registry.dispatch('m1', SECRETARIAT, rename);
    expect(await first).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    store.failing = null;
    // The first never happened: the second is the change, and is logged.
    expect(await second).toMatchObject({ ok: true, value: { unchanged: false, seq: before + 1 } });
    expect(await rows()).toBe(before + 1);

    expect(await registry.dispatch('m1', SECRETARIAT, rename)).toMatchObject({ ok: true, value: { unchanged: true, seq: before + 1 } });
    expect(await rows()).toBe(before + 1);
  });
});

describe('the meeting room runs its extensions in their declared order, each isolated', () => {
  it('an extension that throws stops neither the extensions after it nor the acknowledgement', async () => {
    const registry = await registryOn(new MemoryLogStore());
    const seen: string[] = [];
    const failing: RoomExtension = {
      name: 'failing',
      committed: () => {
        seen.push('failing');
        throw new Error('test: this extension is broken');
      },
    };
    const rejecting: RoomExtension = {
      name: 'rejecting',
      committed: async () => {
        seen.push('rejecting');
        throw new Error('test: this one fails later');
      },
    };
    const last: RoomExtension = { name: 'last', committed: ({ entry }) => void seen.push(`last ${entry.seq}`) };
    registry.setExtensions([failing, rejecting, last]);
    const result = await registry.dispatch('m1', SECRETARIAT, create('m1'));
    expect(result).toMatchObject({ ok: true, value: { seq: 1 } });
    expect(seen).toEqual(['failing', 'rejecting', 'last 1']);
  });

  it('hooks run only once the change is durable, and never for a change the store refused', async () => {
    const store = new MemoryLogStore();
    const registry = await registryOn(store);
    const seen: number[] = [];
    registry.setExtensions([{ name: 'watch', committed: ({ entry }) => void seen.push(entry.seq) }]);
    await registry.dispatch('m1', SECRETARIAT, create('m1'));
    const append = store.appendBatch.bind(store);
    store.appendBatch = () => {
      throw new Error('test: disk full');
    };
    const refused = await registry.dispatch('m1', SECRETARIAT, command({ type: 'topic:add', details: { title: 'Lost' } }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    store.appendBatch = append;
    const next = await registry.dispatch('m1', SECRETARIAT, command({ type: 'topic:add', details: { title: 'Kept' } }));
    expect(next).toMatchObject({ ok: true, value: { seq: 2 } });
    expect(seen).toEqual([1, 2]);
    expect(registry.get('m1')!.state.topics.map((topic) => topic.title)).toEqual(['Kept']);
  });
});

describe('group commits', () => {
  it('commands sent in the same few milliseconds are written in one batch, and each is acknowledged after it', async () => {
    const store = new CountingStore();
    const registry = await registryOn(store, { commitWindowMs: 5 });
    await openMeeting(registry, 'm1');
    store.batches = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        registry.dispatch('m1', SECRETARIAT, command({ type: 'topic:add', details: { title: `Topic ${index}` } })),
      ),
    );
    expect(results.map((result) => result.ok && result.value.seq)).toEqual(Array.from({ length: 20 }, (_, index) => 6 + index));
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((append) => append.seq)).toEqual(Array.from({ length: 20 }, (_, index) => 6 + index));
  });

  it('giving the floor and the caption streams following it take one batch, not one sync per language', async () => {
    const store = new CountingStore();
    const registry = await registryOn(store);
    const participantId = await openMeeting(registry, 'm1');
    const room = registry.room('m1')!;
    const linkIssued = await registry.dispatch('m1', SECRETARIAT, command({ type: 'link:issue', role: 'captioner', label: 'seat', expiresAt: now + 3600_000, captions: [] }));
    if (!linkIssued.ok) throw new Error(linkIssued.error.code);
    const captioner = { kind: 'captioner', linkId: linkIssued.value.createdId! } as const;
    for (const language of ['en', 'ar'] as const) {
      expect(await room.writeCaption(language, captioner, { type: 'caption:write', erase: 0, text: 'Hello ' })).toMatchObject({ ok: true });
    }
    await registry.dispatch('m1', SECRETARIAT, command({ type: 'queue:add', participantId, kind: 'intervention' }));
    store.batches = [];
    const given = await registry.dispatch('m1', SECRETARIAT, command({ type: 'floor:give' }));
    expect(given.ok).toBe(true);
    await waitFor(() => room.fullStream('ar')?.context.participantId === participantId, 'the Arabic stream following the floor');
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((append) => append.stream)).toEqual(['meeting:m1', 'captions:m1:en', 'captions:m1:ar']);
  });
});

describe('attendance records transitions, not reconnections', () => {
  const sessionOf = (id: string, participantId: string): RoomSession => ({
    id,
    meetingId: 'm1',
    actor: { kind: 'link', linkId: 'l1', role: 'participant', participantId },
  });

  it('a participant who reconnects within the grace period is recorded once; leaving for good is dated when they left', async () => {
    const store = new MemoryLogStore();
    const registry = await registryOn(store, { attendanceGraceMs: 200 });
    const participantId = await openMeeting(registry, 'm1');
    const room = registry.room('m1')!;
    room.join(sessionOf('a', participantId));
    for (let index = 0; index < 5; index += 1) {
      room.leave(sessionOf(index === 0 ? 'a' : `b${index}`, participantId));
      room.join(sessionOf(`b${index + 1}`, participantId));
    }
    const leftAt = Date.now();
    room.leave(sessionOf('b5', participantId));
    await waitFor(async () => (await room.attendanceEntries()).length === 2, 'the departure after the grace period');
    const [joined, left] = await room.attendanceEntries();
    expect(joined).toMatchObject({ change: 'joined', participantId });
    expect(left).toMatchObject({ change: 'left', participantId, connection: joined!.connection });
    expect(left!.at).toBeGreaterThanOrEqual(leftAt);
    expect(left!.at).toBeLessThan(leftAt + 150);
  });
});

describe('attendance across a stop', () => {
  it('a participant still connected when the process stopped is recorded as leaving at the restart, before anyone connects', async () => {
    const store = new MemoryLogStore();
    const first = await registryOn(store);
    const participantId = await openMeeting(first, 'm1');
    first.room('m1')!.join({ id: 's1', meetingId: 'm1', actor: { kind: 'link', linkId: 'l1', role: 'participant', participantId } });
    await waitFor(async () => (await store.read('attendance:m1')).length === 1, 'the participant joining');
    // A crash: nothing of the first registry is closed.
    registries.splice(registries.indexOf(first), 1);
    const restarted = Date.now();
    await registryOn(store);
    await waitFor(async () => (await store.read('attendance:m1')).length === 2, 'the departure written at the restart');
    expect((await store.read('attendance:m1'))[1]).toMatchObject({ change: 'left', participantId });
    expect(((await store.read('attendance:m1'))[1] as { at: number }).at).toBeGreaterThanOrEqual(restarted);
  });
});

describe('loading a meeting reads its last snapshot and what follows it', () => {
  it('a restarted registry replays only the entries after the snapshot and rebuilds the same state', async () => {
    const store = new CountingStore();
    const first = await registryOn(store, { snapshotEvery: 10 });
    await openMeeting(first, 'm1');
    for (let index = 0; index < 23; index += 1) {
      await first.dispatch('m1', SECRETARIAT, command({ type: 'topic:add', details: { title: `Topic ${index}` } }));
    }
    const before = first.get('m1')!;
    expect(before.seq).toBe(28);
    // Closing writes the last snapshot too; take the registry down without it, as a crash would.
    registries.splice(registries.indexOf(first), 1);
    store.reads = [];
    // An open meeting is loaded at start.
    const second = await registryOn(store);
    expect(second.loaded().map((room) => room.meetingId)).toEqual(['m1']);
    const after = second.get('m1')!;
    expect(after).toEqual(before);
    const meetingRead = store.reads.find((read) => read.stream === 'meeting:m1')!;
    expect(meetingRead.afterSeq).toBe(20);
  });

  it('start-up reads no log of any meeting, and an archived meeting is never loaded to be listed or read', async () => {
    const store = new CountingStore();
    const first = await registryOn(store);
    await openMeeting(first, 'old');
    await first.dispatch('old', SECRETARIAT, command({ type: 'meeting:transition', to: 'adjourned' }));
    const archive = new ArchiveService(first, store, () => Date.now());
    first.setExtensions([archive.extension()]);
    await first.dispatch('old', SECRETARIAT, command({ type: 'meeting:transition', to: 'archived' }));
    await new Promise((resolve) => setImmediate(resolve));
    const sealed = await archive.record('old');
    expect(sealed.ok).toBe(true);
    await first.close();
    registries.splice(registries.indexOf(first), 1);

    store.reads = [];
    const second = await registryOn(store);
    const archiveAgain = new ArchiveService(second, store, () => Date.now());
    expect(second.catalogue()).toMatchObject([{ id: 'old', status: 'archived' }]);
    expect(await second.list()).toEqual([]);
    store.documentsRead = [];
    expect((await archiveAgain.archived()).map((card) => card.meeting.id)).toEqual(['old']);
    // The index reads the meeting's card, not its record.
    expect(store.documentsRead).toEqual(['archive-card:old']);
    expect(await archiveAgain.record('old')).toEqual(sealed);
    expect(store.reads).toEqual([]);
    expect(second.loaded()).toEqual([]);
  });

  it('a long transcript comes back whole from the caption snapshot and the entries after it', async () => {
    const store = new CountingStore();
    const first = await registryOn(store, { captionSnapshotEvery: 100 });
    await openMeeting(first, 'm1');
    const issued = await first.dispatch('m1', SECRETARIAT, command({ type: 'link:issue', role: 'captioner', label: 'seat', expiresAt: now + 3600_000, captions: [] }));
    if (!issued.ok) throw new Error(issued.error.code);
    const captioner = { kind: 'captioner', linkId: issued.value.createdId! } as const;
    const room = first.room('m1')!;
    const writes = [];
    for (let index = 0; index < 450; index += 1) {
      writes.push(room.writeCaption('en', captioner, { type: 'caption:write', erase: 0, text: `Line ${index}.\n` }));
    }
    for (const result of await Promise.all(writes)) expect(result.ok).toBe(true);
    const before = room.fullStream('en')!;
    expect(before.lines.map((line) => line.text)).toEqual(Array.from({ length: 450 }, (_, index) => `Line ${index}.`));
    expect(before.lineCount).toBe(450);
    registries.splice(registries.indexOf(first), 1);

    store.reads = [];
    const second = await registryOn(store);
    expect(second.room('m1')!.fullStream('en')).toEqual(before);
    const captionRead = store.reads.find((read) => read.stream === 'captions:m1:en')!;
    expect(captionRead.afterSeq).toBeGreaterThanOrEqual(400);
  });

  it('an idle room leaves memory (its snapshot written) and comes back on first use; an open one stays', async () => {
    const store = new CountingStore();
    const registry = await registryOn(store, { idleUnloadMs: 50 });
    await openMeeting(registry, 'open');
    await openMeeting(registry, 'done');
    await registry.dispatch('done', SECRETARIAT, command({ type: 'meeting:transition', to: 'adjourned' }));
    const before = registry.get('done')!;
    await waitFor(() => registry.loaded().length === 1, 'the adjourned meeting unloaded', 5000);
    expect(registry.loaded().map((room) => room.meetingId)).toEqual(['open']);
    store.reads = [];
    expect(registry.get('done')).toBeUndefined();
    expect((await registry.open('done'))?.state).toEqual(before.state);
    expect(registry.get('done')).toEqual(before);
    expect(store.reads.find((read) => read.stream === 'meeting:done')!.afterSeq).toBe(before.seq);
  });
});

describe("a meeting's LiveKit state leaves memory with its room", () => {
  it('presence is not kept past an unload (webhooks for an unloaded room are not applied); microphone checks are kept until the meeting is archived', async () => {
    const registry = await registryOn(new MemoryLogStore(), { idleUnloadMs: 50 });
    const media = new MediaCoordinator(registry, { reconcileMs: 60_000, clock: () => Date.now() });
    registry.setExtensions([media.extension()]);
    const participantId = await openMeeting(registry, 'm1');
    const identity = participantIdentity(participantId);
    media.applyShared({ meetingId: 'm1', kind: 'set', record: { identity, tracks: [{ sid: 'TR_1', source: 'microphone', muted: false }] } });
    media.reportMicCheck('m1', participantId, true);
    expect(media.view('m1').participants).toEqual([expect.objectContaining({ participantId, connected: true, microphone: 'published', micChecked: true })]);

    await registry.dispatch('m1', SECRETARIAT, command({ type: 'meeting:transition', to: 'adjourned' }));
    await waitFor(() => registry.loaded().length === 0, 'the adjourned meeting unloaded', 5000);
    await registry.open('m1');
    expect(media.view('m1').participants).toEqual([expect.objectContaining({ participantId, connected: false, microphone: 'none', micChecked: true })]);

    await registry.dispatch('m1', SECRETARIAT, command({ type: 'meeting:transition', to: 'archived' }));
    await waitFor(() => registry.loaded().length === 0, 'the archived meeting unloaded', 5000);
    expect(media.view('m1').participants).toEqual([]);
  });
});

describe("a webcast's hidden listeners on LiveKit", () => {
  it('reconciliation keeps and shares with the other nodes only those the chair is shown, and asks LiveKit nothing about the listeners', async () => {
    const registry = await registryOn(new MemoryLogStore());
    const shared: PresenceChange[] = [];
    const media = new MediaCoordinator(registry, { reconcileMs: 600_000, clock: () => Date.now(), share: (change) => shared.push(change) });
    registry.setExtensions([media.extension()]);
    const participantId = await openMeeting(registry, 'm1');
    const speaker = participantIdentity(participantId);
    const listening = (identity: string, index: number): RoomParticipant => ({ identity, session: `PA_${index}`, joinedAtMs: 1000 + index, canPublish: false, tracks: [] });
    // What LiveKit's ListParticipants answers: every participant of the room, hidden or not.
    const inRoom: RoomParticipant[] = [
      ...Array.from({ length: 300 }, (_, index) => listening(`viewer.lv.${index}`, index)),
      listening('chair.lc.a1', 301),
      listening('captioner.lk.b2', 302),
      listening('recorder.s1', 303),
      { ...listening(speaker, 304), tracks: [{ sid: 'TR_1', source: 'microphone', muted: false }] },
    ];
    const asked: string[] = [];
    const askedRoles: (readonly string[] | undefined)[] = [];
    const bridge: MediaBridge = {
      clientUrl: 'ws://127.0.0.1:7880',
      mintToken: async () => 'token',
      setPermission: async (_room, identity) => void asked.push(identity),
      // As LiveKitBridge answers it: everyone, or those of the roles asked for (its thread filters).
      listParticipants: async (_room, roles) => {
        askedRoles.push(roles);
        return inRoom.filter(({ identity }) => !roles || (roles as readonly string[]).includes(parseIdentity(identity)?.role ?? ''));
      },
      participant: async (_room, identity) => inRoom.find((entry) => entry.identity === identity) ?? null,
      muteTrack: async () => {},
      receiveWebhook: async () => {
        throw new Error('not used');
      },
    };
    await media.connect(bridge);
    const replaced = shared.filter((change) => change.kind === 'replace');
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.kind === 'replace' && replaced[0]!.records.map((record) => record.identity)).toEqual([speaker]);
    expect(media.view('m1').participants).toEqual([expect.objectContaining({ identity: speaker, microphone: 'published' })]);
    // The speaker holds no floor, yet LiveKit says they may not publish: nothing to put right for anyone.
    expect(asked).toEqual([]);
    expect(askedRoles, 'only the roles shown are asked of LiveKit').toEqual([['participant', 'venue', 'interpreter']]);
    media.close();
  });
});

describe("a meeting's caption desk leaves memory with its room", () => {
  it('what its senders last did is shown while the room is loaded and forgotten when it unloads', async () => {
    const registry = await registryOn(new MemoryLogStore(), { idleUnloadMs: 50 });
    const desk = new CaptionDesk(() => Date.now());
    registry.setExtensions([desk.extension()]);
    await openMeeting(registry, 'm1');
    await openMeeting(registry, 'm2');
    desk.heard('m1', 'zoom-en', 'zoom', 'en', 'Good morning.');
    desk.heard('m2', 'zoom-en', 'zoom', 'en', 'Bonjour.');
    await registry.dispatch('m1', SECRETARIAT, command({ type: 'meeting:transition', to: 'adjourned' }));
    await waitFor(() => registry.loaded().length === 1, 'the adjourned meeting unloaded', 5000);
    expect(desk.statuses('m1')).toEqual([]);
    expect(desk.statuses('m2').map((status) => status.lastText)).toEqual(['Bonjour.']);
  });
});

describe('the whole server at start', () => {
  it('loads no archived meeting, not even one a consultation cycle and a StreamText pull still name', async () => {
    const first = await startServer();
    const { dataDir } = first;
    const meeting = await seedMeeting(first.url);
    const pulled = await http(first.url, 'PUT', `/captions/meetings/${meeting.meetingId}/pulls/en`, { event: 'ITU-OC-2026' });
    expect(pulled.status).toBe(200);
    const cycle = await http(first.url, 'POST', '/cycles', {
      details: { title: 'Consultation', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich', meetingId: meeting.meetingId },
    });
    expect(cycle.status).toBe(201);
    for (const to of ['adjourned', 'archived']) {
      const sealed = await http(first.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to });
      expect(sealed.status).toBe(200);
    }
    // Stopped, its data kept for the restart.
    await first.stop();

    const second = await startServer({ dataDir });
    try {
      expect(second.app.registry.catalogue()).toMatchObject([{ id: meeting.meetingId, status: 'archived' }]);
      expect(second.app.registry.loaded()).toEqual([]);
      // The cycle's page reads the meeting's day from its summary.
      const shown = await http(second.url, 'GET', `/cycles/${cycle.body.cycleId}`);
      expect(shown.status).toBe(200);
      expect(second.app.registry.loaded()).toEqual([]);
    } finally {
      await stopServer(second);
    }
  });
});

describe("a room following what another node appends to the same store", () => {
  /** The same store seen from a second node whose reads of the log can be held after they were taken. */
  function heldReads(store: LogStore) {
    let hold: Promise<void> | null = null;
    const reading = new Proxy(store, {
      get(target, key) {
        if (key === 'readNewer') {
          return async (stream: string, heldSeq: number) => {
            const read = await target.readNewer(stream, heldSeq);
            if (hold) await hold;
            return read;
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return {
      store: reading,
      /** Reads taken from now on wait until `release` is called. */
      holdReads(): () => void {
        let release!: () => void;
        hold = new Promise((resolve) => (release = resolve));
        return () => {
          hold = null;
          release();
        };
      },
    };
  }

  it('a notice of an append that arrives while a read taken before it is under way is read too, not left for the next notice', async () => {
    const shared = new MemoryLogStore();
    const writer = await registryOn(shared);
    await openMeeting(writer, 'm1');
    const second = heldReads(shared);
    const reader = await registryOn(second.store);
    const room = (await reader.open('m1'))!;
    const setTime = (seconds: number) => writer.dispatch('m1', SECRETARIAT, command({ type: 'meeting:setSpeakingTime', seconds }));

    const first = await setTime(301);
    const release = second.holdReads();
    const following = room.follow('meeting:m1', first.ok ? first.value.seq : 0);
    // Appended after the read above was taken; its notice comes while that read is under way.
    const next = await setTime(302);
    const followingNext = room.follow('meeting:m1', next.ok ? next.value.seq : 0);
    release();
    await Promise.all([following, followingNext]);
    expect(room.seq).toBe(next.ok ? next.value.seq : -1);
    expect(room.state?.speakingTimeLimitSec).toBe(302);
  });
});
