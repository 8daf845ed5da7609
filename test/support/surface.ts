import type express from 'express';
import { socketCommandTypes, type SocketCommandType } from '../../shared/meeting/commands.js';
import type { ClientToServerEvents } from '../../shared/protocol/socket.js';
import type { LogStore } from '../../server/storage/log.js';
import { ADMIN_TOKEN, http, MirrorClient, seedMeeting, startServer, stopServer, tokenOf, type ClientSocket, type RunningServer, type SeededMeeting } from './harness.js';

/**
 * The server's whole attack surface as the tests that probe it see it: every socket event a
 * client may send and every HTTP route the express application answers, both read from the
 * code itself, so a new command or route without a row in those tests makes them fail.
 */

/** Socket events besides the meeting commands; the type below fails to compile when one is missing. */
const requestEvents = [
  'meeting:sync',
  'caption:subscribe',
  'caption:fetchLines',
  'caption:unsubscribe',
  'caption:write',
  'caption:takeOver',
  'media:mute',
  'media:micCheck',
  'media:recheck',
] as const;
type Unlisted = Exclude<Exclude<keyof ClientToServerEvents, SocketCommandType>, (typeof requestEvents)[number]>;
const everyEventListed: [Unlisted] extends [never] ? true : { missing: Unlisted } = true;
void everyEventListed;

export type ClientEvent = keyof ClientToServerEvents;

/** A client socket without the protocol's types: these tests send what the types would refuse. */
export interface UntypedSocket {
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<any> };
}
export const untyped = (socket: ClientSocket): UntypedSocket => socket as unknown as UntypedSocket;
/** Every event a client may send: the command list from shared/, then the other requests. */
export const clientEvents: readonly ClientEvent[] = [...socketCommandTypes, ...requestEvents];

/**
 * `METHOD /path` for every route the server answers: those served before Express (the event
 * streams), then every route of the express application, nested routers walked, and
 * `USE /path` for middleware mounted on a path of its own that is not a router (it answers
 * requests as a route does). Regular-expression paths are written as their source.
 */
export function routesOf({ web, eventStreamRoutes }: { web: express.Express; eventStreamRoutes: readonly string[] }): string[] {
  const routes: string[] = [...eventStreamRoutes];
  const pathOf = (raw: unknown): string => (raw instanceof RegExp ? raw.source : Array.isArray(raw) ? raw.join(',') : String(raw ?? ''));
  const walk = (stack: any[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          routes.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${prefix}${pathOf(layer.route.path)}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : pathOf(layer.rawPath)));
      } else if (layer.rawPath !== undefined && layer.rawPath !== '/') {
        routes.push(`USE ${prefix}${pathOf(layer.rawPath)}`);
      }
    }
  };
  walk((web as any).router.stack, '');
  return routes;
}

/**
 * A store that counts what is written to it: entries appended and documents written. Refused
 * requests must leave both where they were.
 */
export function countingStore(store: LogStore): { store: LogStore; writes: () => number } {
  let writes = 0;
  const counted: LogStore = Object.create(store);
  counted.append = async (stream, seq, entry) => {
    await store.append(stream, seq, entry);
    writes += 1;
  };
  counted.appendBatch = async (appends) => {
    await store.appendBatch(appends);
    writes += appends.length;
  };
  counted.writeDocument = async (key, value) => {
    await store.writeDocument(key, value);
    writes += 1;
  };
  return { store: counted, writes: () => writes };
}

export const credentialKinds = [
  'secretariat',
  'chair',
  'moderator',
  'participant',
  'roomParticipant',
  'leadCaptioner',
  'captioner',
  'interpreter',
  'viewer',
  'screen',
  'venue',
  'expired',
  'revoked',
  'forged',
  'otherMeeting',
  'pending',
  'declined',
  'none',
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export interface Credentials {
  meeting: SeededMeeting;
  /** A second meeting, whose chair link is the `otherMeeting` credential. */
  other: SeededMeeting;
  /** Ids of the links behind the link credentials, for commands that name them. */
  linkIds: { captioner: string; interpreter: string };
  tokens: Record<CredentialKind, string | null>;
}

const bodyOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));

/**
 * Every kind of credential against one seeded meeting: each role's link, the admin token, and
 * the links that must open nothing: expired (its date passed with `passTime`), revoked, forged
 * (a participant's token rewritten to say chair, its signature kept), another meeting's chair,
 * a registration pending approval and a declined one, and no credential at all.
 */
export async function issueCredentials(base: string, passTime: (ms: number) => void, now: () => number): Promise<Credentials> {
  const meeting = await seedMeeting(base);
  const other = await seedMeeting(base);
  const { meetingId } = meeting;
  const ok = async (path: string, body: unknown, token: string | null = ADMIN_TOKEN) => {
    const result = await http(base, 'POST', `/meetings/${meetingId}${path}`, body, token);
    if (result.status >= 300) throw new Error(`${path}: ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const link = async (body: Record<string, unknown>) => {
    const issued = await ok('/links', { label: String(body.role), ...body });
    return { token: tokenOf(issued.url), linkId: issued.linkId as string };
  };
  const captioner = await link({ role: 'captioner' });
  const interpreter = await link({ role: 'interpreter', booth: 'ar' });
  const venue = await link({ role: 'venue' });
  const expired = await link({ role: 'chair', expiresAt: now() + 60_000 });
  const revoked = await link({ role: 'chair' });
  await ok('/commands', { type: 'link:revoke', linkId: revoked.linkId });
  await ok('/commands', { type: 'meeting:update', details: { registrationApproval: true } });
  const register = async (displayName: string) =>
    ok('/registrations', { displayName, affiliation: 'Test', country: 'Kenya', stakeholderGroup: 'government', attendance: 'remote' }, null);
  const pending = await register('Pending Registrant');
  const declined = await register('Declined Registrant');
  await ok('/commands', { type: 'participant:review', participantId: declined.participantId, decision: 'declined' });
  passTime(120_000);

  const claims = bodyOf(meeting.participants.remote.token);
  const forged = `${Buffer.from(JSON.stringify({ ...claims, r: 'chair', p: null })).toString('base64url')}.${meeting.participants.remote.token.split('.')[1]}`;
  return {
    meeting,
    other,
    linkIds: { captioner: captioner.linkId, interpreter: interpreter.linkId },
    tokens: {
      secretariat: ADMIN_TOKEN,
      chair: meeting.tokens.chair,
      moderator: meeting.tokens.moderator,
      participant: meeting.participants.remote.token,
      roomParticipant: meeting.participants.room.token,
      leadCaptioner: meeting.tokens.captioner,
      captioner: captioner.token,
      interpreter: interpreter.token,
      viewer: meeting.tokens.viewer,
      screen: meeting.tokens.screen,
      venue: venue.token,
      expired: expired.token,
      revoked: revoked.token,
      forged,
      otherMeeting: other.tokens.chair,
      pending: tokenOf(pending.url),
      declined: tokenOf(declined.url),
      none: null,
    },
  };
}

/**
 * The server the surface tests probe: every store write counted (a refusal must write nothing),
 * its clock moved on by `passTime` (to expire a link, to refill rate-limit buckets between
 * cases), no caption line committing by itself between a case and its check, a credential of
 * every kind, and a connected client for each kind in `connecting`.
 */
export async function probedServer<K extends CredentialKind>(
  connecting: readonly K[],
): Promise<{
  server: RunningServer;
  /** Store writes so far, once what the server holds back (attendance, written with the next batch) is written. */
  writes: () => Promise<number>;
  passTime: (ms: number) => void;
  credentials: Credentials;
  sockets: Map<K, MirrorClient>;
  stop: () => Promise<void>;
}> {
  let offset = 0;
  const now = () => Date.now() + offset;
  let counted: () => number = () => 0;
  const server = await startServer({
    clock: now,
    captionQuietMs: 3600_000,
    wrapStore: (store) => {
      const wrapped = countingStore(store);
      counted = wrapped.writes;
      return wrapped.store;
    },
  });
  const passTime = (ms: number) => {
    offset += ms;
  };
  const credentials = await issueCredentials(server.url, passTime, now);
  const sockets = new Map<K, MirrorClient>();
  for (const kind of connecting) {
    const client = new MirrorClient(server.url, credentials.tokens[kind]!);
    await client.ready();
    sockets.set(kind, client);
  }
  const stop = async () => {
    for (const client of sockets.values()) client.close();
    await stopServer(server);
  };
  const writes = async () => {
    await server.app.registry.commits.flush();
    return counted();
  };
  return { server, writes, passTime, credentials, sockets, stop };
}
