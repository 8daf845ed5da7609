import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { z } from 'zod';
import { isErrorCode } from '../../shared/errors.js';
import { commandSchemas, socketCommandTypes } from '../../shared/meeting/commands.js';
import { CaptionFetchLines, CaptionSubscribe, CaptionTakeOver, CaptionUnsubscribe, CaptionWrite } from '../../shared/protocol/captions.js';
import { MediaMicCheck, MediaMute, MediaRecheck } from '../../shared/protocol/media.js';
import { SyncRequest } from '../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { ADMIN_TOKEN, http, MirrorClient, type RunningServer } from '../support/harness.js';
import { clientEvents, probedServer, routesOf, untyped, type ClientEvent, type Credentials } from '../support/surface.js';

/**
 * Fuzzing every socket event, raw Socket.IO frames and every HTTP route with malformed input
 * (seeded). Whatever arrives, the server must not crash, answer 5xx or an uncoded error, write
 * anything for input it refuses, or let a `__proto__` key reach an object's prototype; and it
 * must still answer afterwards. CI runs a few thousand cases; `npm run fuzz` runs many more
 * (FUZZ_RUNS cases per event and per route, FUZZ_SEED to replay a failure).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** A bound per property that grows with the runs asked for (not a timed assertion: a hang's limit). */
const TIMEOUT = 60_000 + RUNS * 500;

// ---------------------------------------------------------------------------------------------
// Values: from the zod schemas, and near misses of them
// ---------------------------------------------------------------------------------------------

const nest = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** A JSON object whose own keys are `__proto__` and `constructor`: what a prototype-pollution payload looks like on the wire. */
const pollution = () => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}');

const hostileStrings = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\u202eevil\u202c',
  'zero\u200bwidth\u200d\ufeff',
  '00:00:00,000 --> 00:09:00,000',
  'line\n\nWEBVTT\n\n',
  'nul\u0000bell\u0007esc\u001b',
  '\ud800',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'http://exa\nmple.org/',
  '%00%2e%2e%2f',
  '9'.repeat(400),
  'x'.repeat(5000),
];

/** Values of every JSON type, sizes and shapes a schema does not expect. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, [], {}),
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer(),
  fc.double(),
  fc.constant('w'.repeat(20_000)),
  // Over the 64 KB message limit, under the 1 MB at which Engine.IO drops the connection.
  fc.constant('o'.repeat(70_000)),
  fc.constant(nest(3000)),
  fc.constant(null).map(pollution),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'a'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Ids the meeting really has, so that a share of the generated commands reaches the domain. */
let knownIds: string[] = ['x'];

/** An arbitrary for a zod schema: mostly values of the right shape, with near misses at every level. */
function fromSchema(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = (schema as any)._zod.def;
  const valid = ((): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'object': {
        const shape = Object.fromEntries(Object.entries(def.shape as Record<string, z.ZodType>).map(([key, inner]) => [key, fromSchema(inner)]));
        const extra = fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra', 'type'), hostile, { maxKeys: 2 });
        return fc
          .tuple(fc.record(shape, { requiredKeys: [] }), fc.option(extra, { freq: 4 }))
          .map(([record, more]) => (more ? Object.assign(JSON.parse(JSON.stringify(more)), record) : record));
      }
      case 'string':
        return fc.oneof(fc.constantFrom(...knownIds), fc.string({ maxLength: 40 }), fc.constantFrom(...hostileStrings));
      case 'number':
        return fc.oneof(fc.integer({ min: -2, max: 200 }), fc.constantFrom(0, 3600, 2 ** 31, Date.now()), fc.double());
      case 'boolean':
        return fc.boolean();
      case 'enum':
        return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'array':
        return fc.array(fromSchema(def.element), { maxLength: 4 });
      case 'union':
        return fc.oneof(...(def.options as z.ZodType[]).map(fromSchema));
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        return fromSchema(def.innerType);
      case 'pipe':
        return fromSchema(def.in);
      default:
        return hostile;
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/** Each event's payload schema; the type fails to compile when an event has none. */
const eventSchemas: Record<ClientEvent, z.ZodType> = {
  ...(Object.fromEntries(socketCommandTypes.map((type) => [type, (commandSchemas[type] as z.ZodObject).omit({ type: true })])) as unknown as Record<
    (typeof socketCommandTypes)[number],
    z.ZodType
  >),
  'meeting:sync': SyncRequest,
  'caption:subscribe': CaptionSubscribe,
  'caption:fetchLines': CaptionFetchLines,
  'caption:unsubscribe': CaptionUnsubscribe,
  'caption:write': CaptionWrite,
  'caption:takeOver': CaptionTakeOver,
  'media:mute': MediaMute,
  'media:micCheck': MediaMicCheck,
  'media:recheck': MediaRecheck,
};

// ---------------------------------------------------------------------------------------------

let passTime: (ms: number) => void;
let server: RunningServer;
let writes: () => Promise<number>;
let credentials: Credentials;
/** The connections the socket cases are sent on: every role that can act on the meeting. */
const senders = ['chair', 'participant', 'leadCaptioner', 'captioner', 'interpreter', 'viewer'] as const;
let sockets: Map<(typeof senders)[number], MirrorClient>;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, writes, passTime, credentials, sockets, stop } = await probedServer(senders));
  const { meeting } = credentials;
  knownIds = [meeting.meetingId, ...meeting.topicIds, meeting.participants.remote.id, meeting.participants.room.id, ...Object.values(credentials.linkIds), 'en', 'ar'];
}, 60_000);

afterAll(() => stop());

/** The per-connection request buckets refill between cases: the fuzz is about content, not pace. */
const nextCase = () => {
  passTime(200);
};

const notPolluted = () => {
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted, 'Array.prototype was polluted').toBeUndefined();
};

async function stillAnswers(): Promise<void> {
  expect((await http(server.url, 'GET', '/health', undefined, null)).status).toBe(200);
  const client = new MirrorClient(server.url, credentials.tokens.chair!);
  try {
    await client.ready();
    const sync = await client.socket.timeout(5000).emitWithAck('meeting:sync', { lastSeq: 0 });
    expect(sync.ok).toBe(true);
  } finally {
    client.close();
  }
}

/** Events the protocol sends without an acknowledgement: never answered, whatever they carry. */
const silent: ReadonlySet<ClientEvent> = new Set(['caption:unsubscribe']);

const params = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;

describe('fuzzing socket events: every answer coded, nothing written for what is refused', () => {
  for (const event of clientEvents) {
    it(
      event,
      async () => {
        const payload = fc.oneof({ weight: 5, arbitrary: fromSchema(eventSchemas[event]) }, { weight: 1, arbitrary: hostile });
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...senders), payload, fc.boolean(), async (sender, body, withAck) => {
            nextCase();
            const socket = untyped(sockets.get(sender)!.socket);
            const before = await writes();
            if (!withAck || silent.has(event)) {
              // Without an acknowledgement the server must do nothing: the next request shows it is done with it.
              socket.emit(event, body);
              const sync = await socket.timeout(5000).emitWithAck('meeting:sync', { lastSeq: 0 });
              expect(sync.ok).toBe(true);
              expect(await writes(), 'a request without an acknowledgement wrote').toBe(before);
              return;
            }
            const answer = (await socket.timeout(5000).emitWithAck(event, body)) as { ok: boolean; error?: { code: unknown } };
            if (answer.ok) return;
            expect(isErrorCode(answer.error?.code), `uncoded answer ${JSON.stringify(answer).slice(0, 200)}`).toBe(true);
            expect(answer.error?.code, 'the server failed inside').not.toBe('INTERNAL');
            expect(await writes(), `refused ${answer.error?.code} but wrote`).toBe(before);
          }),
          params,
        );
        notPolluted();
        expect(sockets.get('chair')!.socket.connected, 'the chair was disconnected').toBe(true);
      },
      TIMEOUT,
    );
  }
});

describe('fuzzing raw Socket.IO frames', () => {
  const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

  /** A connected Engine.IO/Socket.IO session as a CAT tool or a script would open one, without the client library. */
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl());
      const timer = setTimeout(() => reject(new Error('no Socket.IO connect within 5 s')), 5000);
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token: credentials.tokens.viewer })}`);
        else if (text.startsWith('40')) {
          clearTimeout(timer);
          resolve(ws);
        } else if (text.startsWith('44')) reject(new Error(`connect refused: ${text}`));
      });
      ws.on('error', reject);
    });

  /** Resolves once the server answered a final sync on the connection, or closed it. */
  const settled = (ws: WebSocket) =>
    new Promise<'answered' | 'closed'>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer or close within 5 s after the frames')), 5000);
      const done = (how: 'answered' | 'closed') => {
        clearTimeout(timer);
        resolve(how);
      };
      ws.on('message', (data) => {
        if (data.toString().startsWith('43987654')) done('answered');
      });
      ws.on('close', () => done('closed'));
      if (ws.readyState === WebSocket.OPEN) ws.send('42987654["meeting:sync",{"lastSeq":0}]');
      else done('closed');
    });

  const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '42[',
      '42["queue:request"',
      '42{"a":1}',
      '42[1,2,3]',
      '42["__proto__",{}]',
      '42["constructor",{"prototype":{"polluted":"yes"}}]',
      '42["hasOwnProperty",1]',
      '42["toString",{},{}]',
      '421["caption:write",{"_placeholder":true,"num":0}]',
      '451-["caption:write",{"_placeholder":true,"num":7}]',
      '43',
      '44{}',
      '41',
      '40',
      '4',
      '6',
      '2',
      '3probe',
      '1',
      `42${'9'.repeat(400)}["meeting:sync",{}]`,
      `42["meeting:sync",${JSON.stringify(nest(3000))}]`,
    ),
    fc.tuple(fc.nat(99999), fc.oneof(fc.constantFrom(...clientEvents), fc.string({ maxLength: 20 })), hostile).map(
      ([id, event, body]) => `42${id}${JSON.stringify([event, body])}`,
    ),
    fc.uint8Array({ maxLength: 200 }),
  );

  it(
    'no frame crashes the server, writes anything or changes what the server answers',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
          nextCase();
          const ws = await open();
          const before = await writes();
          try {
            for (const data of frames) if (ws.readyState === WebSocket.OPEN) ws.send(data);
            await settled(ws);
          } finally {
            ws.terminate();
          }
          expect(await writes(), 'raw frames wrote').toBe(before);
        }),
        { ...params, numRuns: RUNS * 4 },
      );
      notPolluted();
      await stillAnswers();
    },
    TIMEOUT * 4,
  );
});

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

/** The credentials an HTTP case may carry: the ones that reach deepest, and none. */
const httpCredential = fc.constantFrom<keyof Credentials['tokens'] | 'garbage'>('secretariat', 'chair', 'leadCaptioner', 'participant', 'none', 'garbage');

/** A lone surrogate has no UTF-8 form: it goes as the bytes a careless client would send. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

/** Built once the meeting exists: its ids are among the values. */
const pathValue = () => fc.oneof(
  fc.constantFrom(...knownIds),
  fc.constantFrom(...hostileStrings).map(encode),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encode),
  fc.constantFrom('..', '%2e%2e', '..%2f..%2fetc%2fpasswd', 'record.json', 'report-en.pdf', 'a'.repeat(64), '%ZZ', '%'),
);

const queryArb = fc.dictionary(
  fc.constantFrom('token', 'seq', 'lang', 'format', 'lines', 'length', '__proto__', 'constructor', 'language', 'q'),
  fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ unit: 'binary', maxLength: 30 }), fc.nat().map(String)),
  { maxKeys: 4 },
);

const bodyArb: fc.Arbitrary<{ body?: string | Uint8Array; type?: string }> = fc.oneof(
  fc.constant({}),
  hostile.map((value) => ({ body: JSON.stringify(value) ?? 'null', type: 'application/json' })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: JSON.stringify(value), type: 'application/json' })),
  fc.constantFrom('{"a":', '{"__proto__":{"polluted":"yes"}}', '[', 'null', '"', '\u0000', JSON.stringify(nest(3000))).map((body) => ({ body, type: 'application/json' })),
  fc.string({ unit: 'binary', maxLength: 300 }).map((body) => ({ body, type: 'text/plain' })),
  fc.uint8Array({ maxLength: 300 }).map((body) => ({ body, type: 'application/octet-stream' })),
  fc.constant({ body: 'x'.repeat(300_000), type: 'application/json' }),
  fc.constant({ body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n', type: 'multipart/form-data; boundary=x' }),
  fc.string({ maxLength: 100 }).map((body) => ({ body, type: 'application/webhook+json' })),
);

const unavailable = ['MEDIA_UNAVAILABLE', 'MEDIA_PREPARING', 'MAIL_UNAVAILABLE', 'ARCHIVE_PREPARING'];

describe('fuzzing HTTP routes: no 5xx, every error coded, nothing written for what is refused', () => {
  let routes: string[] = [];
  beforeAll(() => {
    routes = routesOf(server.app);
  });

  it('covers every route the express application answers', () => {
    // The cases below are generated from this list: a new route is fuzzed without a new line here.
    expect(routes.length).toBeGreaterThan(40);
  });

  type Payload = { body?: string | Uint8Array; type?: string };
  type Credential = keyof Credentials['tokens'] | 'garbage';

  /** One request to a route, its parameters filled from `values`; the answer must be coded, not 5xx, and a refusal writes nothing. */
  async function httpCase(route: string, values: string[], query: Record<string, string>, payload: Payload, credential: Credential, anyMethod: string) {
    nextCase();
    const [verb, template] = route.split(' ') as [string, string];
    const method = verb === 'ALL' || verb === 'USE' ? anyMethod : verb;
    let index = 0;
    const path = template.startsWith('^')
      ? `/${values[0]}/${values[1]}`
      : template.split(',')[0]!.replace(/:[A-Za-z0-9_]+/g, () => values[index++ % values.length]!);
    const token = credential === 'garbage' ? 'a.b' : credential === 'none' ? null : credentials.tokens[credential];
    // Joined as text: a path starting `//` would otherwise name another host.
    const url = new URL(`${server.url}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    if (token && !('token' in query)) url.searchParams.set('token', token);
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload.type) headers['content-type'] = payload.type;
    const withBody = method !== 'GET' && method !== 'HEAD' && payload.body !== undefined;
    const before = await writes();
    const response = await fetch(url, { method, headers, body: withBody ? (typeof payload.body === 'string' ? payload.body : Buffer.from(payload.body!)) : undefined, redirect: 'manual' });
    // An event stream accepted never ends: its head is the answer, and the stream is dropped.
    const streaming = response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    const text = streaming ? '' : await response.text();
    if (streaming) await response.body?.cancel();
    const what = `${method} ${url.pathname}${url.search.slice(0, 120)} → ${response.status} ${text.slice(0, 160)}`;
    const json = (response.headers.get('content-type') ?? '').includes('json') && response.status >= 400 && method !== 'HEAD' ? JSON.parse(text) : null;
    if (json) expect(isErrorCode(json.error?.code), `uncoded JSON error: ${what}`).toBe(true);
    // The only 5xx answers are the coded "not available on this server" ones (no mail, no media here).
    if (response.status >= 500) expect(unavailable, `5xx: ${what}`).toContain(json?.error?.code);
    if (response.status >= 400) expect(await writes(), `refused but wrote: ${what}`).toBe(before);
  }

  it('every route with a prototype key as each of its parameters, by each method', async () => {
    // A lookup by a request's value in a plain object finds Object.prototype's members (`/consult/assets/toString` answered 500).
    for (const route of routes) {
      for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        for (const method of ['GET', 'POST']) await httpCase(route, [key, key, key, key], { [key]: key }, { body: '{}', type: 'application/json' }, 'secretariat', method);
      }
    }
    notPolluted();
  }, TIMEOUT);

  it(
    'every route, with malformed paths, queries, bodies and credentials',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.array(pathValue(), { minLength: 4, maxLength: 4 }),
          queryArb,
          bodyArb,
          httpCredential,
          fc.constantFrom(...methods),
          httpCase,
        ),
        { ...params, numRuns: RUNS * 30 },
      );
      notPolluted();
      await stillAnswers();
    },
    TIMEOUT * 30,
  );
});

describe('after the fuzz', () => {
  it('the server still answers a new connection and the API, and the meeting is still open', async () => {
    await stillAnswers();
    const meeting = await http(server.url, 'GET', `/meetings/${credentials.meeting.meetingId}`, undefined, ADMIN_TOKEN);
    expect(meeting.status).toBe(200);
  });
});
