import { describe, expect, it } from 'vitest';
import { signatureExpiry, WebhookSequencer, type WebhookFacts } from '../../server/livekit/webhook-order.js';

const NOW = 1_800_000_000_000;
const event = (id: string, name: string, seconds: number, identity: string | null = 'participant.p1'): WebhookFacts => ({
  id,
  event: name,
  at: seconds * 1000,
  validUntil: NOW + 5 * 60_000,
  meetingId: 'm1',
  identity,
});

describe('LiveKit webhook order', () => {
  it('an event id is applied once, however often it is replayed within its signature', () => {
    const sequencer = new WebhookSequencer();
    expect(sequencer.judge(event('EV1', 'participant_joined', 100), NOW)).toBe('apply');
    for (let i = 0; i < 5; i++) expect(sequencer.judge(event('EV1', 'participant_joined', 100), NOW)).toBe('duplicate');
  });

  it('a join older than the last leave is stale, in the same second too; a later join applies', () => {
    const sequencer = new WebhookSequencer();
    sequencer.judge(event('EV1', 'participant_joined', 100), NOW);
    expect(sequencer.judge(event('EV2', 'participant_left', 100), NOW)).toBe('apply');
    expect(sequencer.judge(event('EV3', 'participant_joined', 100), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV4', 'participant_joined', 99), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV5', 'participant_joined', 101), NOW)).toBe('apply');
  });

  it('each participant has its own order; a finished room makes older events of everyone stale', () => {
    const sequencer = new WebhookSequencer();
    sequencer.judge(event('EV1', 'participant_left', 200, 'participant.p1'), NOW);
    expect(sequencer.judge(event('EV2', 'participant_joined', 150, 'participant.p2'), NOW)).toBe('apply');
    expect(sequencer.judge(event('EV3', 'room_finished', 210, null), NOW)).toBe('apply');
    expect(sequencer.judge(event('EV4', 'track_published', 205, 'participant.p2'), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV5', 'participant_joined', 220, 'participant.p2'), NOW)).toBe('apply');
  });

  it('ids are forgotten once their signature has expired, when no replay can pass verification', () => {
    const sequencer = new WebhookSequencer();
    sequencer.judge(event('EV1', 'participant_joined', 100), NOW);
    const later = NOW + 10 * 60_000;
    for (let i = 0; i < 256; i++) sequencer.judge(event(`X${i}`, 'track_published', 2000 + i, `participant.q${i}`), later);
    expect(sequencer.judge(event('EV1', 'participant_joined', 100), later)).toBe('apply');
  });

  it('the validity window is the signature JWT\'s exp', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1_800_000_300 })).toString('base64url');
    expect(signatureExpiry(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`, 0)).toBe(1_800_000_300_000);
    expect(signatureExpiry('not a token', 42)).toBe(42);
  });

  it('within one second, arrival comes before tracks and tracks before departure (a left or an aborted connection)', () => {
    for (const departure of ['participant_left', 'participant_connection_aborted']) {
      const sequencer = new WebhookSequencer();
      expect(sequencer.judge(event('EV1', 'participant_joined', 100), NOW)).toBe('apply');
      expect(sequencer.judge(event('EV2', 'track_published', 100), NOW)).toBe('apply');
      // A second track event of the same second is news too.
      expect(sequencer.judge(event('EV3', 'track_published', 100), NOW)).toBe('apply');
      expect(sequencer.judge(event('EV4', 'participant_joined', 100), NOW), 'a join after a track in its second').toBe('stale');
      expect(sequencer.judge(event('EV5', departure, 100), NOW)).toBe('apply');
      expect(sequencer.judge(event('EV6', 'track_published', 100), NOW), `a track after ${departure} in its second`).toBe('stale');
    }
  });

  it('each connection (LiveKit session) of an identity has its own order: a page reloaded in the second it left joins again', () => {
    const sequencer = new WebhookSequencer();
    const of = (id: string, name: string, seconds: number, session: string) => ({ ...event(id, name, seconds), session });
    expect(sequencer.judge(of('EV1', 'participant_joined', 100, 'PA_old'), NOW)).toBe('apply');
    expect(sequencer.judge(of('EV2', 'participant_left', 101, 'PA_old'), NOW)).toBe('apply');
    expect(sequencer.judge(of('EV3', 'participant_joined', 101, 'PA_new'), NOW)).toBe('apply');
    expect(sequencer.judge(of('EV4', 'track_published', 101, 'PA_new'), NOW)).toBe('apply');
    // The old connection's join, replayed after its departure, is still stale.
    expect(sequencer.judge(of('EV5', 'participant_joined', 101, 'PA_old'), NOW)).toBe('stale');
  });

  it('a departure older than the last arrival is stale: a late "left" does not remove who came back', () => {
    const sequencer = new WebhookSequencer();
    sequencer.judge(event('EV1', 'participant_joined', 101), NOW);
    expect(sequencer.judge(event('EV2', 'participant_left', 100), NOW)).toBe('stale');
  });

  it('a finished room: an older finish is stale; in its second, departures still apply but arrivals and tracks do not', () => {
    const sequencer = new WebhookSequencer();
    expect(sequencer.judge(event('EV1', 'room_finished', 300, null), NOW)).toBe('apply');
    expect(sequencer.judge(event('EV2', 'room_finished', 290, null), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV3', 'participant_joined', 300, 'participant.p2'), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV4', 'track_published', 300, 'participant.p3'), NOW)).toBe('stale');
    expect(sequencer.judge(event('EV5', 'participant_left', 300, 'participant.p4'), NOW)).toBe('apply');
  });

  it('what is forgotten is only what expired: ids and orders still within their signature are kept', () => {
    const sequencer = new WebhookSequencer();
    const lasting = (id: string, name: string, seconds: number) => ({ ...event(id, name, seconds), validUntil: NOW + 60 * 60_000 });
    sequencer.judge(lasting('EV1', 'participant_joined', 100), NOW);
    sequencer.judge(lasting('EV2', 'participant_left', 110), NOW);
    const later = NOW + 10 * 60_000;
    for (let i = 0; i < 256; i++) sequencer.judge(event(`X${i}`, 'track_published', 2000 + i, `participant.q${i}`), later);
    expect(sequencer.judge(lasting('EV1', 'participant_joined', 100), later)).toBe('duplicate');
    expect(sequencer.judge(lasting('EV3', 'participant_joined', 105), later)).toBe('stale');
  });

  it('without an exp claim, or without an Authorization header, the validity window falls back', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url');
    expect(signatureExpiry(`Bearer eyJhbGciOiJIUzI1NiJ9.${payload}.sig`, 42)).toBe(42);
    expect(signatureExpiry(undefined, 42)).toBe(42);
  });
});
