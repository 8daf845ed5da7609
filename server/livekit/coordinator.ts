import { z } from 'zod';
import type { WebhookEvent } from 'livekit-server-sdk';
import type { Actor } from '../../shared/access/actor.js';
import type { MeetingState, Role } from '../../shared/meeting/model.js';
import { participantById } from '../../shared/meeting/selectors.js';
import type { MediaGrant, MediaPresence, MediaPresenceView } from '../../shared/protocol/media.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { trackOf, type MediaBridge, type RoomParticipant } from './bridge.js';
import { participantIdentity } from '../../shared/access/media.js';
import { identityOf, parseIdentity, permissionFor, remotePublisher } from './grants.js';
import { signatureExpiry, WebhookSequencer } from './webhook-order.js';
import { logger } from '../observability/log.js';
import { meteredBridge } from '../observability/metered.js';
import type { Metrics } from '../observability/metrics.js';
import type { WorkLease } from '../storage/work-lease.js';

type LinkActor = Extract<Actor, { kind: 'link' }>;

const PresenceTrack = z.object({ sid: z.string().max(256), source: z.enum(['microphone', 'camera', 'other']), muted: z.boolean() });
type PresenceTrack = z.infer<typeof PresenceTrack>;
/**
 * What LiveKit said of one identity. A page that reloads comes back under the same identity in
 * a new session (LiveKit's participant sid), often within the second its old session left: an
 * event of one session never undoes the other's, and an older session never replaces a newer.
 */
const PresenceRecord = z.object({
  identity: z.string().max(256),
  session: z.string().max(256).nullable().default(null),
  joinedAtMs: z.number().nullable().default(null),
  tracks: z.array(PresenceTrack).max(64),
});
type PresenceRecord = z.infer<typeof PresenceRecord>;

/**
 * One change of a meeting's presence, as the node that learned it (a webhook, its
 * reconciliation, a participant's microphone check) tells the other nodes, so that every node
 * holds the same view: a console connecting to any node, and any node's next announcement,
 * show what all of them learned.
 */
export const PresenceChange = z.discriminatedUnion('kind', [
  z.object({ meetingId: z.string().max(64), kind: z.literal('set'), record: PresenceRecord }),
  z.object({ meetingId: z.string().max(64), kind: z.literal('remove'), identity: z.string().max(256), session: z.string().max(256).nullable() }),
  z.object({ meetingId: z.string().max(64), kind: z.literal('published'), identity: z.string().max(256), session: z.string().max(256).nullable(), track: PresenceTrack }),
  z.object({ meetingId: z.string().max(64), kind: z.literal('unpublished'), identity: z.string().max(256), session: z.string().max(256).nullable(), trackSid: z.string().max(256) }),
  z.object({ meetingId: z.string().max(64), kind: z.literal('replace'), records: z.array(PresenceRecord).max(5000) }),
  // What LiveKit answered when asked for one identity: taken as it is (null: not in the room).
  z.object({ meetingId: z.string().max(64), kind: z.literal('read'), identity: z.string().max(256), record: PresenceRecord.nullable() }),
  z.object({ meetingId: z.string().max(64), kind: z.literal('micCheck'), participantId: z.string().max(64), passed: z.boolean() }),
]);
export type PresenceChange = z.infer<typeof PresenceChange>;

type RecordChange = Extract<PresenceChange, { kind: 'set' | 'remove' | 'published' | 'unpublished' }>;

/** Whether an event of `session` concerns what `current` holds: the same session, or one side unknown. */
const sameSession = (current: PresenceRecord, session: string | null) =>
  session === null || current.session === null || current.session === session;

/**
 * An identity's record after a change: the new record, null when it goes, undefined when the
 * change belongs to another session than the one held (a late event of the session a reload
 * replaced, or of an older session altogether).
 */
function nextRecord(current: PresenceRecord | undefined, change: RecordChange): PresenceRecord | null | undefined {
  switch (change.kind) {
    case 'set': {
      const { record } = change;
      if (!current) return record;
      if (sameSession(current, record.session)) {
        // A join arriving after its own session's tracks knows fewer of them.
        return { ...record, session: record.session ?? current.session, tracks: record.tracks.length > 0 ? record.tracks : current.tracks };
      }
      const older = current.joinedAtMs !== null && record.joinedAtMs !== null && record.joinedAtMs < current.joinedAtMs;
      return older ? undefined : record;
    }
    case 'remove':
      if (!current) return undefined;
      return sameSession(current, change.session) ? null : undefined;
    case 'published':
    case 'unpublished': {
      if (current && !sameSession(current, change.session)) return undefined;
      const trackSid = change.kind === 'published' ? change.track.sid : change.trackSid;
      const others = (current?.tracks ?? []).filter((track) => track.sid !== trackSid);
      return {
        identity: change.identity,
        session: current?.session ?? change.session,
        joinedAtMs: current?.joinedAtMs ?? null,
        tracks: change.kind === 'published' ? [...others, change.track] : others,
      };
    }
  }
}

/** How long after a speaker's or the room's mute or unmute LiveKit is asked for it (see `recheck`). */
const RECHECK_DELAY_MS = 1000;

/** How long a webhook's signature is taken to last when its token carries no expiry. */
const WEBHOOK_WINDOW_MS = 10 * 60_000;

/** Who appears in the chair's presence view: those who can be heard (interpreters on their channels). */
const SHOWN_ROLES: readonly Role[] = ['participant', 'venue', 'interpreter'];
const shownRoles = new Set<string>(SHOWN_ROLES);

/**
 * Whether presence is kept for an identity: only for those shown. The others (webcast viewers,
 * the chair's, captioners' and screens' pages) listen hidden, with a permission no change of the
 * meeting alters: their thousands of joins and leaves at a webcast's start are not kept, not
 * shared between nodes, and not answered with a permission update each.
 */
function tracked(identity: string): boolean {
  const who = parseIdentity(identity);
  return who !== null && shownRoles.has(who.role);
}

/**
 * Keeps LiveKit in line with the meeting: tokens minted from the current state, publishing
 * granted to a remote floor holder and revoked when the speech ends, pauses or is withdrawn,
 * presence from webhooks, and periodic reconciliation because webhooks can be lost.
 */
export class MediaCoordinator {
  private readonly presence = new Map<string, Map<string, PresenceRecord>>();
  private readonly micChecked = new Map<string, Set<string>>();
  private readonly appliedPublisher = new Map<string, string | null>();
  /** Per meeting, the interpreter links whose booth publishing LiveKit was last told about. */
  private readonly appliedBooths = new Map<string, Set<string>>();
  private readonly listeners = new Set<(meetingId: string) => void>();
  private readonly bridgeListeners = new Set<(bridge: MediaBridge) => void>();
  private timer: NodeJS.Timeout | null = null;
  private bridge: MediaBridge | null = null;
  private preparing = false;
  private readonly webhooks = new WebhookSequencer();
  /** Per meeting and identity, the pending second look at LiveKit a mute or an unmute asked for. */
  private readonly rechecks = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly registry: MeetingRegistry,
    /** With several nodes, the one holding `lease` compares LiveKit's rooms with the meetings. */
    /** With several nodes, `claimOnce` (Redis) tells a webhook another node applied already. */
    /** `share` tells the other nodes each presence change this one makes (several nodes, Redis). */
    private readonly options: {
      reconcileMs: number;
      clock: () => number;
      metrics?: Metrics;
      lease?: WorkLease;
      claimOnce?: (key: string, untilMs: number) => Promise<boolean>;
      share?: (change: PresenceChange) => void;
    },
  ) {}

  /** The room extension that grants and revokes publishing as the floor changes. */
  extension(): RoomExtension {
    return {
      name: 'livekit',
      committed: ({ meetingId, state }) => this.followFloor(meetingId, state),
      unload: ({ room }) => this.forget(room.meetingId, room.state?.status === 'archived'),
    };
  }

  /**
   * What this node knows of a meeting's room on LiveKit, dropped when the meeting's room leaves
   * memory (only a meeting that is not open does): a webhook for a meeting whose room is not
   * loaded is not applied, so presence kept past an unload would be stale when the room comes
   * back (reconciliation rebuilds it once the meeting is open), and what was applied to
   * LiveKit is applied again on the next change. Microphone checks are kept until the meeting
   * is archived: delegates check before the meeting opens and between its sessions.
   */
  private forget(meetingId: string, archived: boolean): void {
    for (const [key, timer] of this.rechecks) {
      if (!key.startsWith(`${meetingId}\n`)) continue;
      clearTimeout(timer);
      this.rechecks.delete(key);
    }
    this.presence.delete(meetingId);
    this.appliedPublisher.delete(meetingId);
    this.appliedBooths.delete(meetingId);
    if (archived) this.micChecked.delete(meetingId);
  }

  /**
   * Media is attached after the app listens: a local livekit-server needs the app's address
   * for its webhooks. Until then (or without LiveKit) the meeting runs without audio/video.
   */
  async connect(bridge: MediaBridge): Promise<void> {
    // Every call to LiveKit, the recorder's included, is counted.
    const metered = this.options.metrics ? meteredBridge(bridge, this.options.metrics) : bridge;
    this.bridge = metered;
    this.preparing = false;
    for (const listener of this.bridgeListeners) listener(metered);
    this.timer = setInterval(() => void this.reconcileAll(), this.options.reconcileMs).unref();
    await this.reconcileAll();
    this.announceAll();
  }

  /**
   * A first start builds the local livekit-server while the meeting already runs: pages say
   * audio/video is on its way, and come back by themselves once `connect` is called.
   */
  setPreparing(preparing: boolean): void {
    if (this.bridge || this.preparing === preparing) return;
    this.preparing = preparing;
    this.announceAll();
  }

  get available(): boolean {
    return this.bridge !== null;
  }

  /** Where pages connect to LiveKit, once it is connected. */
  get clientUrl(): string | null {
    return this.bridge?.clientUrl ?? null;
  }

  /** Others that speak to LiveKit (the floor recorder) start once media is attached. */
  onConnected(listener: (bridge: MediaBridge) => void): void {
    this.bridgeListeners.add(listener);
    if (this.bridge) listener(this.bridge);
  }

  /**
   * Told that a meeting's presence changed, not given the view: each webhook announces, and a
   * webcast of 3,000 viewers on LiveKit joining at once made building the view for every one of
   * their webhooks quadratic (0.6 ms a view at 3,300 on the audio/video); listeners batch.
   */
  onPresence(listener: (meetingId: string) => void): void {
    this.listeners.add(listener);
  }

  async join(meetingId: string, actor: LinkActor, nonce: string): Promise<Result<MediaGrant>> {
    if (!this.bridge) return fail(this.preparing ? 'MEDIA_PREPARING' : 'MEDIA_UNAVAILABLE');
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    const participant = actor.participantId ? participantById(meeting.state, actor.participantId) : undefined;
    const identity = identityOf(actor, nonce);
    const name = participant?.displayName ?? actor.role;
    const permission = permissionFor(meeting.state, actor.role, actor.participantId, actor.linkId);
    try {
      const token = await this.bridge.mintToken(meetingId, identity, name, permission);
      const loopback = /^wss?:\/\/(127\.|localhost|\[::1\])/.test(this.bridge.clientUrl);
      return ok({ url: this.bridge.clientUrl, token, identity, iceServers: loopback ? [] : null });
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not mint a LiveKit token');
      return fail('MEDIA_FAILED');
    }
  }

  view(meetingId: string): MediaPresenceView {
    const state = this.registry.get(meetingId)?.state;
    const records = [...(this.presence.get(meetingId)?.values() ?? [])];
    const checked = this.micChecked.get(meetingId) ?? new Set<string>();
    const participants: MediaPresence[] = records.flatMap((record) => {
      const who = parseIdentity(record.identity);
      if (!who || !shownRoles.has(who.role)) return [];
      const microphone = record.tracks.find((track) => track.source === 'microphone');
      return [
        {
          identity: record.identity,
          role: who.role,
          participantId: who.participantId,
          connected: true,
          microphone: !microphone ? 'none' : microphone.muted ? 'muted' : 'published',
          camera: record.tracks.some((track) => track.source === 'camera' && !track.muted),
          micChecked: who.participantId !== null && checked.has(who.participantId),
        },
      ];
    });
    // Remote participants who checked their microphone but are not connected still show up.
    for (const participantId of checked) {
      if (participants.some((entry) => entry.participantId === participantId)) continue;
      if (state && !participantById(state, participantId)) continue;
      participants.push({
        identity: participantIdentity(participantId),
        role: 'participant',
        participantId,
        connected: false,
        microphone: 'none',
        camera: false,
        micChecked: true,
      });
    }
    return { available: this.available, preparing: this.preparing, participants };
  }

  reportMicCheck(meetingId: string, participantId: string, passed: boolean): void {
    this.change({ meetingId, kind: 'micCheck', participantId, passed });
    this.announce(meetingId);
  }

  /**
   * A change another node made, from the inter-node channel (parsed here, at the boundary).
   * Not announced: the node that made it has told every node's connections already.
   */
  applyShared(raw: unknown): void {
    const change = PresenceChange.safeParse(raw);
    if (change.success) this.apply(change.data);
  }

  /** A change this node learned: applied here and told to the other nodes. */
  private change(change: PresenceChange): void {
    this.apply(change);
    this.options.share?.(change);
  }

  private apply(change: PresenceChange): void {
    const { meetingId } = change;
    switch (change.kind) {
      case 'micCheck': {
        const checked = this.micChecked.get(meetingId) ?? new Set<string>();
        if (change.passed) checked.add(change.participantId);
        else checked.delete(change.participantId);
        this.micChecked.set(meetingId, checked);
        return;
      }
      case 'replace':
        this.presence.set(meetingId, new Map(change.records.map((record) => [record.identity, record])));
        return;
      case 'read': {
        const records = this.presence.get(meetingId) ?? new Map<string, PresenceRecord>();
        this.presence.set(meetingId, records);
        if (change.record) records.set(change.identity, change.record);
        else records.delete(change.identity);
        return;
      }
      case 'set':
      case 'remove':
      case 'published':
      case 'unpublished': {
        const records = this.presence.get(meetingId) ?? new Map<string, PresenceRecord>();
        this.presence.set(meetingId, records);
        const identity = change.kind === 'set' ? change.record.identity : change.identity;
        const next = nextRecord(records.get(identity), change);
        if (next === undefined) return;
        if (next === null) records.delete(identity);
        else records.set(identity, next);
        return;
      }
    }
  }

  /**
   * The remote speaker's page, or the room AV computer's, saw its microphone muted or unmuted,
   * which LiveKit sends no webhook for: LiveKit is asked for that one participant shortly,
   * instead of the whole room at the next reconciliation (thousands of webcast viewers are in
   * it). The page tells LiveKit over its own connection at the moment it tells this server, so
   * asking at once could read the state from before; a second later it has it. Only the
   * speaker's page and the room's do this, once a second at most each; another participant's
   * request changes nothing.
   */
  recheck(meetingId: string, actor: Pick<LinkActor, 'role' | 'participantId' | 'linkId'>): Result<null> {
    if (!this.bridge) return fail('MEDIA_UNAVAILABLE');
    const state = this.registry.get(meetingId)?.state;
    if (!state) return ok(null);
    // The room's computer joins under a name of its own per connection (`venue.<link>.<nonce>`).
    const identities =
      actor.role === 'venue'
        ? [...(this.presence.get(meetingId)?.keys() ?? [])].filter((identity) => identity.startsWith(`venue.${actor.linkId}.`))
        : actor.participantId !== null && remotePublisher(state) === actor.participantId
          ? [participantIdentity(actor.participantId)]
          : [];
    for (const identity of identities) {
      const key = `${meetingId}\n${identity}`;
      if (this.rechecks.has(key)) continue;
      const timer = setTimeout(() => {
        this.rechecks.delete(key);
        void this.readOne(meetingId, identity);
      }, RECHECK_DELAY_MS);
      this.rechecks.set(key, timer.unref());
    }
    return ok(null);
  }

  private async readOne(meetingId: string, identity: string): Promise<void> {
    if (!this.bridge) return;
    try {
      const found = await this.bridge.participant(meetingId, identity);
      const record = found && { identity, session: found.session, joinedAtMs: found.joinedAtMs, tracks: found.tracks };
      this.change({ meetingId, kind: 'read', identity, record });
      this.announce(meetingId);
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not read a participant from LiveKit');
    }
  }

  async mute(meetingId: string, participantId: string): Promise<Result<null>> {
    if (!this.bridge) return fail('MEDIA_UNAVAILABLE');
    const identity = participantIdentity(participantId);
    const track = this.presence
      .get(meetingId)
      ?.get(identity)
      ?.tracks.find((candidate) => candidate.source === 'microphone' && !candidate.muted);
    if (!track) return fail('NO_CURRENT_SPEAKER');
    try {
      await this.bridge.muteTrack(meetingId, identity, track.sid);
      await this.reconcile(meetingId);
      return ok(null);
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not mute a LiveKit track');
      return fail('MEDIA_FAILED');
    }
  }

  /** Verified on the raw body; an event with a bad signature changes nothing. */
  async handleWebhook(rawBody: string, authorization: string | undefined): Promise<Result<null>> {
    if (!this.bridge) return fail('MEDIA_UNAVAILABLE');
    let event: WebhookEvent;
    try {
      event = await this.bridge.receiveWebhook(rawBody, authorization);
    } catch {
      return fail('UNAUTHORIZED');
    }
    const meetingId = event.room?.name;
    const identity = event.participant?.identity;
    if (!meetingId || !this.registry.get(meetingId)) return ok(null);
    if (identity && !tracked(identity)) return ok(null);
    const now = this.options.clock();
    const at = Number(event.createdAt) * 1000;
    // The session (LiveKit's participant sid): a reload's new session is ordered apart from the old.
    const session = event.participant?.sid || null;
    const facts = { id: event.id, event: event.event, at, meetingId, identity: identity ?? null, session };
    // Acknowledged all the same (200): LiveKit must not retry what is already applied or outdated.
    const validUntil = signatureExpiry(authorization, Math.max(now, at) + WEBHOOK_WINDOW_MS);
    let verdict = this.webhooks.judge({ ...facts, validUntil }, now);
    if (verdict === 'apply' && event.id && this.options.claimOnce && !(await this.options.claimOnce(`livekit-webhook:${event.id}`, validUntil))) verdict = 'duplicate';
    if (verdict !== 'apply') {
      logger.info({ meetingId, event: event.event, eventId: event.id, verdict }, 'LiveKit webhook ignored');
      return ok(null);
    }
    switch (event.event) {
      case 'participant_joined':
        if (identity) {
          const joinedAtMs = Number(event.participant?.joinedAtMs ?? 0) || Number(event.participant?.joinedAt ?? 0) * 1000 || null;
          this.change({ meetingId, kind: 'set', record: { identity, session, joinedAtMs, tracks: this.tracksOf(event) } });
          await this.enforce(meetingId, identity);
        }
        break;
      case 'participant_left':
      case 'participant_connection_aborted':
        if (identity) this.change({ meetingId, kind: 'remove', identity, session });
        break;
      // A track event names the participant without their tracks (livekit-server sends only the
      // identity and sid there) and carries the one track that changed.
      case 'track_published':
        if (identity && event.track) this.change({ meetingId, kind: 'published', identity, session, track: trackOf(event.track) });
        break;
      case 'track_unpublished':
        if (identity && event.track) this.change({ meetingId, kind: 'unpublished', identity, session, trackSid: event.track.sid });
        break;
      case 'room_finished':
        this.change({ meetingId, kind: 'replace', records: [] });
        break;
      default:
        return ok(null);
    }
    this.announce(meetingId);
    return ok(null);
  }

  /** Replaces the presence view of a meeting with what LiveKit reports, and fixes permissions. */
  async reconcile(meetingId: string): Promise<void> {
    if (!this.bridge) return;
    const state = this.registry.get(meetingId)?.state;
    if (!state) return;
    // LiveKit lists every participant, the hidden webcast listeners too: only those shown are kept.
    const participants = await this.bridge.listParticipants(meetingId, SHOWN_ROLES);
    this.change({
      meetingId,
      kind: 'replace',
      records: participants.map(({ identity, session, joinedAtMs, tracks }) => ({ identity, session, joinedAtMs, tracks })),
    });
    for (const participant of participants) {
      const who = parseIdentity(participant.identity);
      if (!who) continue;
      if (permissionFor(state, who.role, who.participantId, who.linkId).canPublish !== participant.canPublish) {
        await this.enforce(meetingId, participant.identity);
      }
    }
    this.announce(meetingId);
  }

  close(): void {
    void this.bridge?.close?.();
    if (this.timer) clearInterval(this.timer);
    for (const timer of this.rechecks.values()) clearTimeout(timer);
    this.rechecks.clear();
  }

  private tracksOf(event: WebhookEvent): RoomParticipant['tracks'] {
    return (event.participant?.tracks ?? []).map(trackOf);
  }

  private async reconcileAll(): Promise<void> {
    if (this.options.lease && !this.options.lease.held) return;
    // From the summaries: a meeting that is not open is not loaded for this.
    for (const meeting of this.registry.catalogue()) {
      if (meeting.status !== 'open') continue;
      await this.reconcile(meeting.id).catch((error) => logger.error({ err: error, meetingId: meeting.id }, 'LiveKit reconcile failed'));
    }
  }

  /**
   * Grants or revokes publishing when the remote floor holder changes, and when a booth changes
   * hands: the interpreter who handed over loses the channel's microphone at once.
   */
  private async followFloor(meetingId: string, state: MeetingState): Promise<void> {
    if (!this.bridge) return;
    await this.followBooths(meetingId, state);
    const publisher = remotePublisher(state);
    const previous = this.appliedPublisher.get(meetingId) ?? null;
    if (publisher === previous) return;
    this.appliedPublisher.set(meetingId, publisher);
    for (const participantId of [previous, publisher]) {
      if (participantId) await this.enforce(meetingId, participantIdentity(participantId));
    }
  }

  private async followBooths(meetingId: string, state: MeetingState): Promise<void> {
    const holders = new Set(state.booths.map((booth) => booth.linkId));
    const previous = this.appliedBooths.get(meetingId) ?? new Set<string>();
    const changed = [...holders, ...previous].filter((linkId) => holders.has(linkId) !== previous.has(linkId));
    if (changed.length === 0) return;
    this.appliedBooths.set(meetingId, holders);
    for (const record of this.presence.get(meetingId)?.values() ?? []) {
      const who = parseIdentity(record.identity);
      if (who?.role === 'interpreter' && who.linkId !== null && changed.includes(who.linkId)) {
        await this.enforce(meetingId, record.identity);
      }
    }
  }

  /** Sends the full permission the identity should have now, if it is in the room. */
  private async enforce(meetingId: string, identity: string): Promise<void> {
    const state = this.registry.get(meetingId)?.state;
    const who = parseIdentity(identity);
    if (!this.bridge || !state || !who) return;
    try {
      await this.bridge.setPermission(meetingId, identity, permissionFor(state, who.role, who.participantId, who.linkId));
    } catch (error) {
      // Not in the room: the token minted when they join carries the right permission.
      if (!/not.?found|not present|does not exist/i.test(String(error))) {
        logger.error({ err: error, meetingId, identity }, 'could not update LiveKit permissions');
      }
    }
  }

  private announceAll(): void {
    for (const meeting of this.registry.catalogue()) {
      if (meeting.status !== 'archived') this.announce(meeting.id);
    }
  }

  private announce(meetingId: string): void {
    for (const listener of this.listeners) listener(meetingId);
  }
}
