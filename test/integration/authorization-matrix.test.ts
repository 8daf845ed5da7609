import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentFloor, currentTopic } from '../../shared/meeting/selectors.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { errorMessages, isErrorCode, type ErrorCode } from '../../shared/errors.js';
import { commandTypes, socketCommandTypes } from '../../shared/meeting/commands.js';
import { statementFor } from '../../shared/speaker-queue/statements.js';
import { http, MirrorClient, type RunningServer } from '../support/harness.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import {
  clientEvents,
  credentialKinds,
  probedServer,
  routesOf,
  untyped,
  type ClientEvent,
  type CredentialKind,
  type Credentials,
} from '../support/surface.js';

/**
 * The authorization matrix: every socket event and every HTTP route, tried with every kind of
 * credential. The verdict each cell must get is the rule below, written by hand from who does
 * what in a meeting (not read from the server's permission code), so that a permission the
 * server grants by mistake, or a route or command added without a rule, fails here. A refused
 * cell must be refused with an authorization code and must write nothing at all.
 */

/** Codes that say "not you": the only acceptable answers of a refused cell. */
const AUTH_CODES: ReadonlySet<ErrorCode> = new Set([
  'UNAUTHORIZED',
  'FORBIDDEN',
  'LINK_EXPIRED',
  'LINK_REVOKED',
  'REGISTRATION_PENDING',
  'REGISTRATION_DECLINED',
  'CAPTION_LEAD_ONLY',
  'NOT_YOUR_BOOTH',
]);

const presiding: CredentialKind[] = ['chair', 'moderator'];
const participants: CredentialKind[] = ['participant', 'roomParticipant'];
const captioners: CredentialKind[] = ['leadCaptioner', 'captioner'];
/** Routes that take a link from the query act on the link's own meeting: another meeting's chair is a chair there. */
const chairs: CredentialKind[] = ['chair', 'otherMeeting'];
const linkRoles: CredentialKind[] = [...presiding, ...participants, ...captioners, 'interpreter', 'viewer', 'screen', 'venue'];

// ---------------------------------------------------------------------------------------------
// Socket events
// ---------------------------------------------------------------------------------------------

/** Credentials the handshake must refuse, with the code it must give; every other one connects. */
const handshakeRefusals: Partial<Record<CredentialKind, ErrorCode>> = {
  secretariat: 'UNAUTHORIZED',
  expired: 'LINK_EXPIRED',
  revoked: 'LINK_REVOKED',
  forged: 'UNAUTHORIZED',
  pending: 'REGISTRATION_PENDING',
  declined: 'REGISTRATION_DECLINED',
  none: 'BAD_REQUEST',
};
const connecting = credentialKinds.filter((kind) => !(kind in handshakeRefusals));

interface Scene {
  credentials: Credentials;
  /** The meeting as the server has it now. */
  state(): MeetingState;
  /** A command of the secretariat through the HTTP API, before the cell; its refusals are ignored. */
  prepare(body: Record<string, unknown>): Promise<void>;
}

/**
 * One row per event: who may send it (the other connected links are refused), and a payload
 * that the permitted can carry out, the state prepared for it first. `silent` events take no
 * acknowledgement: nothing they do may write anything, whoever sends them.
 */
type SocketRow = { may: CredentialKind[] | 'everyone' | 'silent'; payload: (scene: Scene) => Promise<unknown> | unknown };

/** The remote participant's request on the first topic, the floor free and the list open. */
const queued = async (scene: Scene): Promise<string> => {
  const { meeting } = scene.credentials;
  await scene.prepare({ type: 'floor:end' });
  await scene.prepare({ type: 'topic:select', topicId: meeting.topicIds[0] });
  await scene.prepare({ type: 'queue:reopen' });
  const own = () => currentTopic(scene.state())?.queue.find((entry) => entry.participantId === meeting.participants.remote.id);
  if (!own()) await scene.prepare({ type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
  return own()!.id;
};
/** The remote participant speaking (or paused) on the first topic. */
const onTheFloor = async (scene: Scene, paused = false): Promise<string> => {
  await scene.prepare({ type: 'floor:give', entryId: await queued(scene) });
  if (paused) await scene.prepare({ type: 'floor:pause' });
  return currentFloor(scene.state())!.id;
};
/** The remote participant's written statement for their waiting request, sent from their own page. */
const stated = async (scene: Scene): Promise<string> => {
  const requestId = await queued(scene);
  if (!statementFor(currentTopic(scene.state())!, requestId)) {
    const sent = await untyped(sockets.get('participant')!.socket)
      .timeout(5000)
      .emitWithAck('statement:submit', { requestId, text: 'Our statement, sent in writing.' });
    if (!sent.ok) throw new Error(`the remote participant could not send their statement: ${JSON.stringify(sent)}`);
  }
  return requestId;
};

let registrations = 0;
const socketRules: Record<ClientEvent, SocketRow> = {
  'meeting:transition': { may: presiding, payload: () => ({ to: 'open' }) },
  'meeting:setSpeakingTime': { may: presiding, payload: () => ({ seconds: 180 }) },
  'meeting:setCaptionDisplay': { may: presiding, payload: () => ({ display: { lines: 4, lineLength: 32, theme: 'high-contrast' } }) },
  'topic:select': { may: presiding, payload: ({ credentials }) => ({ topicId: credentials.meeting.topicIds[1] }) },
  'topic:setSpeakingTime': { may: presiding, payload: ({ credentials }) => ({ topicId: credentials.meeting.topicIds[0], seconds: 150 }) },
  'participant:register': {
    may: presiding,
    payload: () => ({
      details: { displayName: `Walk-in ${++registrations}`, affiliation: 'Guest', country: 'Chile', stakeholderGroup: 'academic_technical', attendance: 'room' },
    }),
  },
  // The remote participant's own details: the room participant may not edit them.
  'participant:update': {
    may: [...presiding, 'participant'],
    payload: ({ credentials }) => ({ participantId: credentials.meeting.participants.remote.id, details: { affiliation: `Ministry ${++registrations}` } }),
  },
  'queue:request': {
    may: participants,
    payload: async (scene) => {
      await scene.prepare({ type: 'topic:select', topicId: scene.credentials.meeting.topicIds[0] });
      return { kind: 'intervention' };
    },
  },
  'queue:add': { may: presiding, payload: ({ credentials }) => ({ participantId: credentials.meeting.participants.room.id, kind: 'reply' }) },
  // The remote participant's own request: the room participant may not withdraw it.
  'queue:withdraw': { may: [...presiding, 'participant'], payload: async (scene) => ({ entryId: await queued(scene) }) },
  'queue:move': { may: presiding, payload: async (scene) => ({ entryId: await queued(scene), toIndex: 0 }) },
  // The one who asked for the floor writes for it, or the chair's table enters what they sent another way; another delegate may not.
  'statement:submit': { may: ['participant', ...presiding], payload: async (scene) => ({ requestId: await queued(scene), text: `In writing ${++registrations}` }) },
  // The chair may set a statement aside (an abusive text), as they may withdraw a request.
  'statement:withdraw': { may: [...presiding, 'participant'], payload: async (scene) => ({ requestId: await stated(scene) }) },
  'queue:close': { may: presiding, payload: () => ({}) },
  'queue:reopen': { may: presiding, payload: () => ({}) },
  'queue:readdLast': { may: presiding, payload: () => ({}) },
  'floor:give': { may: presiding, payload: async (scene) => ({ entryId: await queued(scene) }) },
  'floor:end': { may: presiding, payload: async (scene) => ({ expectedSpeechId: await onTheFloor(scene) }) },
  'floor:pause': { may: presiding, payload: async (scene) => ({ expectedSpeechId: await onTheFloor(scene) }) },
  'floor:resume': { may: presiding, payload: async (scene) => ({ expectedSpeechId: await onTheFloor(scene, true) }) },
  'queue:carryOver': {
    may: presiding,
    payload: async (scene) => ({ fromTopicId: scene.credentials.meeting.topicIds[1], entryIds: [await queued(scene)] }),
  },
  'floor:addTime': { may: presiding, payload: async (scene) => ({ speechId: await onTheFloor(scene), seconds: 30 }) },
  'floor:restart': { may: presiding, payload: async (scene) => ({ speechId: await onTheFloor(scene) }) },
  'booth:take': { may: ['interpreter'], payload: () => ({ language: 'ar' }) },
  'booth:release': { may: ['interpreter', ...presiding], payload: () => ({ language: 'ar' }) },
  'meeting:sync': { may: 'everyone', payload: () => ({ lastSeq: 0 }) },
  'caption:subscribe': { may: 'everyone', payload: () => ({ language: 'en' }) },
  // Missed lines are read by whoever may follow the captions live.
  'caption:fetchLines': { may: 'everyone', payload: () => ({ language: 'en', fromLine: 1 }) },
  'caption:unsubscribe': { may: 'silent', payload: () => ({ language: 'en' }) },
  'caption:write': { may: captioners, payload: () => ({ language: 'en', erase: 0, text: 'Good morning ' }) },
  // Taking the stream over at once is the lead captioner's (issue 10); other seats wait for the quiet period.
  'caption:takeOver': { may: ['leadCaptioner'], payload: () => ({ language: 'en' }) },
  'media:mute': { may: presiding, payload: ({ credentials }) => ({ participantId: credentials.meeting.participants.remote.id }) },
  'media:micCheck': { may: participants, payload: () => ({ ok: true }) },
  'media:recheck': { may: [...participants, 'venue'], payload: () => ({}) },
};

// ---------------------------------------------------------------------------------------------
// HTTP routes
// ---------------------------------------------------------------------------------------------

interface HttpCall {
  method: string;
  /** Path and query; the credential is added as `token` to the query and as a bearer. */
  path: string;
  body?: string;
  type?: string;
  /** An event stream: answered 200, it never ends; its head is the verdict, and the stream is dropped. */
  stream?: boolean;
}

/**
 * `open`: those credentials may use the route, all others are refused with an authorization
 * code. `public`: the route asks for no credential, so every credential must get the answer
 * no credential gets (a credential neither opens nor closes anything). `closed`: the route's
 * own authentication is none of these credentials (LiveKit's webhook signature): all refused.
 */
type HttpRule = { call: (credentials: Credentials, attempt: number) => HttpCall } & (
  | { open: CredentialKind[] }
  | { public: true }
  | { closed: true }
);

const json = (method: string, path: string, body: unknown = {}): HttpCall => ({ method, path, body: JSON.stringify(body), type: 'application/json' });
const text = (method: string, path: string, body = 'Hello from the booth '): HttpCall => ({ method, path, body, type: 'text/plain' });
const get = (path: string): HttpCall => ({ method: 'GET', path });
const A = (credentials: Credentials) => credentials.meeting.meetingId;
const NO_CYCLE = 'cNoSuchCycle';
const SHA = 'a'.repeat(64);
// Seats post with seq numbers they have not used, cell after cell.
let seq = 1000;

const httpRules: Record<string, HttpRule> = {
  'GET /metrics': { open: ['secretariat'], call: () => get('/metrics') },
  'GET /api/captions/desk': { open: [...chairs, 'moderator', ...captioners], call: () => get('/api/captions/desk') },
  'POST /api/captions/handover': {
    open: [...chairs, 'leadCaptioner'],
    call: (c) => json('POST', '/api/captions/handover', { language: 'ar', to: c.linkIds.captioner }),
  },
  'PUT /api/captions/meetings/:meetingId/pulls/:language': {
    open: ['secretariat', 'chair', 'leadCaptioner'],
    call: (c) => json('PUT', `/api/captions/meetings/${A(c)}/pulls/en`, { event: 'openfloor-test' }),
  },
  'DELETE /api/captions/meetings/:meetingId/pulls/:language': {
    open: ['secretariat', 'chair', 'leadCaptioner'],
    call: (c) => ({ method: 'DELETE', path: `/api/captions/meetings/${A(c)}/pulls/en` }),
  },
  'POST /api/captions/tcp': { open: captioners, call: () => json('POST', '/api/captions/tcp', { language: 'en', open: false }) },
  'GET /api/captions/closedcaption/seq': { open: captioners, call: () => get('/api/captions/closedcaption/seq') },
  'POST /api/captions/closedcaption': { open: captioners, call: () => text('POST', `/api/captions/closedcaption?seq=${++seq}&lang=en-US`) },
  'POST /api/captions/streamtext': { open: captioners, call: () => text('POST', `/api/captions/streamtext?seq=${++seq}&lang=en`) },
  'POST /api/captions/teams': { open: captioners, call: () => text('POST', '/api/captions/teams?lang=en') },
  'POST /api/captions/youtube': {
    open: captioners,
    call: () => text('POST', `/api/captions/youtube?seq=${++seq}&lang=en`, `${new Date().toISOString().slice(0, 23)}\nA caption\n`),
  },
  'POST /api/captions/takeover': { open: ['leadCaptioner'], call: () => text('POST', '/api/captions/takeover?lang=en', '') },
  // Whoever may follow the captions on their page may read them as an event stream (of the link's own meeting).
  'GET /api/captions/events': { open: [...linkRoles, 'otherMeeting'], call: () => ({ method: 'GET', path: '/api/captions/events?lang=en', stream: true }) },
  // What a reading page follows over a socket, as an event stream: any link, of its own meeting, as its role sees it.
  'GET /api/meetings/events': {
    open: [...linkRoles, 'otherMeeting'],
    call: () => ({ method: 'GET', path: `/api/meetings/events?v=${PROTOCOL_VERSION}&captions=en`, stream: true }),
  },
  'GET /api/captions/lines': { open: [...linkRoles, 'otherMeeting'], call: () => get('/api/captions/lines?lang=en&fromLine=1') },
  'GET /api/captions/getlivecap': {
    open: [...chairs, 'moderator', ...captioners, 'screen', 'viewer', ...participants],
    call: () => get('/api/captions/getlivecap?lang=en&lines=2'),
  },
  // Zoom documents 405 for anything but POST on a caption URL, token or not.
  'ALL /api/captions/closedcaption,/streamtext,/teams,/youtube,/takeover': { public: true, call: () => get('/api/captions/teams') },
  'USE /closedcaption': { open: captioners, call: () => text('POST', `/closedcaption?seq=${++seq}&lang=en-US`) },
  'POST /api/media/token': { open: [...linkRoles, 'otherMeeting'], call: () => ({ method: 'POST', path: '/api/media/token' }) },
  'POST /api/livekit/webhook': {
    closed: true,
    call: () => ({ method: 'POST', path: '/api/livekit/webhook', body: '{"event":"room_started"}', type: 'application/webhook+json' }),
  },
  'GET /api/cycles/': { open: ['secretariat'], call: () => get('/api/cycles/') },
  'POST /api/cycles/': { open: ['secretariat'], call: () => json('POST', '/api/cycles/', {}) },
  'GET /api/cycles/:cycleId': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}`) },
  'GET /api/cycles/:cycleId/responses': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}/responses`) },
  'POST /api/cycles/:cycleId/responses/:responseId/mail': { open: ['secretariat'], call: () => json('POST', `/api/cycles/${NO_CYCLE}/responses/r1/mail`, {}) },
  'POST /api/cycles/:cycleId/commands': { open: ['secretariat'], call: () => json('POST', `/api/cycles/${NO_CYCLE}/commands`, { type: 'cycle:launch' }) },
  'GET /api/cycles/:cycleId/responses.csv': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}/responses.csv`) },
  'GET /api/cycles/:cycleId/responses.zip': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}/responses.zip`) },
  'GET /api/cycles/:cycleId/documents/:sha256': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}/documents/${SHA}`) },
  'GET /api/cycles/:cycleId/report/:language': { open: ['secretariat'], call: () => get(`/api/cycles/${NO_CYCLE}/report/en`) },
  'GET /consult/assets/:name': { public: true, call: () => get('/consult/assets/consult.css') },
  'GET /consult/:cycleId': { public: true, call: () => get(`/consult/${NO_CYCLE}`) },
  'POST /consult/:cycleId': { public: true, call: () => json('POST', `/consult/${NO_CYCLE}`, {}) },
  // A respondent asks for their confirmation link again with their address: no credential.
  'POST /consult/:cycleId/link': { public: true, call: () => json('POST', `/consult/${NO_CYCLE}/link`, { email: 'someone@example.org' }) },
  'GET /consult/:cycleId/r/:token': { public: true, call: () => get(`/consult/${NO_CYCLE}/r/x`) },
  'POST /consult/:cycleId/r/:token': { public: true, call: () => json('POST', `/consult/${NO_CYCLE}/r/x`, {}) },
  'GET /consult/:cycleId/report': { public: true, call: () => get(`/consult/${NO_CYCLE}/report`) },
  'GET /consult/:cycleId/report/:file': { public: true, call: () => get(`/consult/${NO_CYCLE}/report/report-en.pdf`) },
  'GET /consult/:cycleId/documents/:sha256/:name': { public: true, call: () => get(`/consult/${NO_CYCLE}/documents/${SHA}/a.pdf`) },
  'GET /api/health': { public: true, call: () => get('/api/health') },
  // Probes of a load balancer or orchestrator carry no credential.
  'GET /healthz': { public: true, call: () => get('/healthz') },
  'GET /readyz': { public: true, call: () => get('/readyz') },
  'GET /api/meetings/:meetingId/public': { public: true, call: (c) => get(`/api/meetings/${A(c)}/public`) },
  'POST /api/meetings/:meetingId/registrations': {
    public: true,
    call: (c, attempt) =>
      json('POST', `/api/meetings/${A(c)}/registrations`, {
        displayName: `Registrant ${attempt}`,
        affiliation: 'Matrix',
        country: 'Chile',
        stakeholderGroup: 'academic_technical',
        attendance: 'remote',
      }),
  },
  'POST /api/meetings/:meetingId/registrations/resend': {
    public: true,
    call: (c) => json('POST', `/api/meetings/${A(c)}/registrations/resend`, { email: 'someone@example.org' }),
  },
  // The secretariat's guard over every meeting path, unknown ones included.
  'USE /api/meetings': { open: ['secretariat'], call: (c) => get(`/api/meetings/${A(c)}/no-such-page`) },
  'GET /api/meetings': { open: ['secretariat'], call: () => get('/api/meetings') },
  'POST /api/meetings': {
    open: ['secretariat'],
    call: () => {
      const startsAt = Date.now() + 3600_000;
      return json('POST', '/api/meetings', { details: { title: 'Another', timeZone: 'Europe/Zurich', startsAt, endsAt: startsAt + 3600_000, languages: ['en'] } });
    },
  },
  'GET /api/meetings/:meetingId': { open: ['secretariat'], call: (c) => get(`/api/meetings/${A(c)}`) },
  'POST /api/meetings/:meetingId/commands': {
    open: ['secretariat'],
    call: (c, attempt) => json('POST', `/api/meetings/${A(c)}/commands`, { type: 'meeting:setSpeakingTime', seconds: 60 + attempt }),
  },
  'GET /api/meetings/:meetingId/review': { open: ['secretariat'], call: (c) => get(`/api/meetings/${A(c)}/review`) },
  'GET /api/meetings/:meetingId/links': { open: ['secretariat'], call: (c) => get(`/api/meetings/${A(c)}/links`) },
  'POST /api/meetings/:meetingId/links': { open: ['secretariat'], call: (c) => json('POST', `/api/meetings/${A(c)}/links`, { role: 'viewer' }) },
  'GET /archive/': { public: true, call: () => get('/archive/') },
  'GET /archive/:meetingId': { public: true, call: (c) => get(`/archive/${A(c)}`) },
  'GET /archive/:meetingId/': { public: true, call: (c) => get(`/archive/${A(c)}/`) },
  'GET /archive/:meetingId/:file': { public: true, call: (c) => get(`/archive/${A(c)}/record.json`) },
  'GET ^\\/(?!api\\/|socket\\.io\\/).*': { public: true, call: (c) => get(`/m/${A(c)}/chair`) },
};

// ---------------------------------------------------------------------------------------------

let passTime: (ms: number) => void;
let server: RunningServer;
let writes: () => Promise<number>;
let credentials: Credentials;
let sockets: Map<CredentialKind, MirrorClient>;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, writes, passTime, credentials, sockets, stop } = await probedServer<CredentialKind>(connecting));
}, 60_000);

afterAll(() => stop());

const scene = (): Scene => ({
  credentials,
  state: () => server.app.registry.get(credentials.meeting.meetingId)!.state,
  prepare: async (body) => {
    await http(server.url, 'POST', `/meetings/${credentials.meeting.meetingId}/commands`, body);
  },
});

const seqOf = (meetingId: string) => server.app.registry.room(meetingId)?.seq ?? -1;

describe('the authorization matrix covers the whole surface', () => {
  it('has a rule for every socket event (the command list in shared/ and the other requests) and nothing else', () => {
    expect(Object.keys(socketRules).sort()).toEqual([...clientEvents].sort());
  });

  it('has a rule for every route the express application answers, and none for a route it no longer has', () => {
    expect(routesOf(server.app).sort()).toEqual(Object.keys(httpRules).sort());
  });
});

describe('socket handshake: only live links of the meeting connect', () => {
  for (const kind of credentialKinds) {
    const refusal = handshakeRefusals[kind];
    it(`${kind}: ${refusal ? `refused ${refusal}` : 'connects'}`, async () => {
      if (!refusal) return expect(sockets.get(kind)!.you).not.toBeNull();
      const before = await writes();
      const client = new MirrorClient(server.url, credentials.tokens[kind] ?? '');
      try {
        expect(await client.refusal()).toMatchObject({ code: refusal });
      } finally {
        client.close();
      }
      expect(await writes(), 'a refused handshake writes nothing').toBe(before);
    });
  }
});

describe('socket events: each connected link may send what its role does, and nothing else', () => {
  for (const event of clientEvents) {
    const rule = socketRules[event];
    it(`${event}: ${Array.isArray(rule.may) ? rule.may.join(', ') : rule.may}`, async () => {
      const violations: string[] = [];
      for (const kind of connecting) {
        const socket = untyped(sockets.get(kind)!.socket);
        // Each connection's request bucket refills between cells: the matrix is about rights, not pace.
        passTime(2000);
        const payload = await rule.payload(scene());
        const before = { writes: await writes(), seq: seqOf(credentials.meeting.meetingId) };
        if (rule.may === 'silent') {
          socket.emit(event, payload);
          // The next request on the same connection is answered after the silent one was handled.
          const sync = await socket.timeout(5000).emitWithAck('meeting:sync', { lastSeq: 0 });
          if (!sync.ok) violations.push(`${kind}: the connection stopped answering after ${event}`);
          if (await writes() !== before.writes) violations.push(`${kind}: ${event} wrote to the log`);
          continue;
        }
        const answer = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string } };
        // The other meeting's chair acts on its own meeting: this meeting stays as it was, whatever it sends.
        const permitted = kind !== 'otherMeeting' && (rule.may === 'everyone' || rule.may.includes(kind));
        const code = answer.ok ? null : answer.error?.code;
        if (kind === 'otherMeeting') {
          if (seqOf(credentials.meeting.meetingId) !== before.seq) violations.push(`${kind}: ${event} changed the other meeting`);
        } else if (permitted) {
          // A payload the schema refuses would test nothing: the socket parses before it authorizes.
          if (code && (!isErrorCode(code) || AUTH_CODES.has(code) || code === 'BAD_REQUEST')) violations.push(`${kind}: refused ${code}, but may send ${event}`);
        } else {
          if (!code || !AUTH_CODES.has(code as ErrorCode)) violations.push(`${kind}: answered ${code ?? 'ok'} to ${event}, expected a refusal`);
          if (await writes() !== before.writes) violations.push(`${kind}: the refused ${event} wrote ${(await writes()) - before.writes} entries`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

describe('every command of the command list, outside its own door', () => {
  const setUpCommands = commandTypes.filter((type) => !(socketCommandTypes as readonly string[]).includes(type));

  it('a set-up command sent over the socket, even by the chair, is not carried out', async () => {
    const socket = untyped(sockets.get('chair')!.socket);
    for (const type of setUpCommands) {
      passTime(2000);
      const before = await writes();
      socket.emit(type, { type }, () => undefined);
      const sync = await socket.timeout(5000).emitWithAck('meeting:sync', { lastSeq: 0 });
      expect(sync.ok, type).toBe(true);
      expect(await writes(), `${type} over the socket wrote`).toBe(before);
    }
  });

  it('no link opens the secretariat’s command route, whatever the command', async () => {
    const violations: string[] = [];
    for (const type of commandTypes) {
      for (const kind of credentialKinds.filter((candidate) => candidate !== 'secretariat')) {
        const before = await writes();
        const { status, code } = await call({ open: [], call: (c) => json('POST', `/api/meetings/${A(c)}/commands`, { type }) }, kind, 0);
        if (status !== 401 || code !== 'UNAUTHORIZED') violations.push(`${kind} ${type}: ${status} ${code}`);
        if (await writes() !== before) violations.push(`${kind} ${type}: wrote`);
      }
    }
    expect(violations).toEqual([]);
  });
});

/** The code of an answer: JSON `{ error: { code } }`, or the plain-text message the caption ingest answers. */
function codeOf(status: number, body: string): string | null {
  if (status < 400) return null;
  try {
    const code = JSON.parse(body)?.error?.code;
    if (typeof code === 'string') return code;
  } catch {
    // Plain text: the caption ingest and the public pages.
  }
  const text = [...AUTH_CODES].find((candidate) => errorMessages[candidate] === body.trim());
  return text ?? `HTTP ${status}`;
}

async function call(rule: HttpRule, kind: CredentialKind, attempt: number): Promise<{ status: number; code: string | null }> {
  const { method, path, body, type, stream } = rule.call(credentials, attempt);
  const token = credentials.tokens[kind];
  const url = new URL(path, server.url);
  if (token) url.searchParams.set('token', token);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (type) headers['content-type'] = type;
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  if (stream && response.status === 200) {
    await response.body?.cancel();
    return { status: response.status, code: null };
  }
  return { status: response.status, code: codeOf(response.status, await response.text()) };
}

describe('HTTP routes: each credential opens what its role does, and nothing else', () => {
  let attempt = 0;
  for (const [route, rule] of Object.entries(httpRules)) {
    const verdict = 'open' in rule ? `open to ${rule.open.join(', ')}` : 'public' in rule ? 'public' : 'closed to all';
    it(`${route}: ${verdict}`, async () => {
      const violations: string[] = [];
      const baseline = 'public' in rule ? await call(rule, 'none', ++attempt) : null;
      for (const kind of credentialKinds) {
        const before = await writes();
        const { status, code } = await call(rule, kind, ++attempt);
        if (status >= 500 && !(code && isErrorCode(code))) violations.push(`${kind}: uncoded ${status}`);
        if (baseline) {
          if (status !== baseline.status) violations.push(`${kind}: ${status}, without a credential ${baseline.status}`);
          continue;
        }
        const permitted = 'open' in rule && rule.open.includes(kind);
        if (permitted) {
          if (status === 401 || status === 403 || (code && AUTH_CODES.has(code as ErrorCode))) violations.push(`${kind}: refused ${status} ${code}, but may use it`);
        } else {
          const authRefusal = 'closed' in rule ? status >= 400 : (status === 401 || status === 403) && code !== null && AUTH_CODES.has(code as ErrorCode);
          if (!authRefusal) violations.push(`${kind}: answered ${status} ${code ?? ''}, expected an authorization refusal`);
          if (await writes() !== before) violations.push(`${kind}: the refused request wrote ${(await writes()) - before} entries`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

});
