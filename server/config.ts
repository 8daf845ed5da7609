import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LINK_GRACE_HOURS, MAX_LINK_GRACE_HOURS } from '../shared/meeting/model.js';
import { venueAddresses, venueEntryProblem } from './http/venue-addresses.js';

const Config = z
  .object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** 127.0.0.1 keeps a laptop demo private; set 0.0.0.0 to serve the room's own devices. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Base of the links printed and handed out; defaults to http://localhost:PORT. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Made absolute against the working directory at start-up: files are served from it by path. */
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .transform((dir) => resolve(dir)),
  /**
   * PostgreSQL for the meeting logs instead of SQLite in DATA_DIR, e.g.
   * postgres://openfloor:password@db.example.org:5432/openfloor (secrets stay in DATA_DIR).
   */
  DATABASE_URL: z
    .string()
    // Not WHATWG's URL: libpq's form with a socket folder and no host (postgres://user@/db?host=/run/postgresql) is valid.
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Secretariat's token. Generated once and kept in DATA_DIR when not set. */
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Key that signs invite links. Generated once and kept in DATA_DIR when not set. */
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Hours a link stays valid after its meeting ends, for links issued without a chosen date
   * and personal links; the secretariat can change it per meeting.
   */
  LINK_GRACE_HOURS: z.coerce.number().int().min(0).max(MAX_LINK_GRACE_HOURS).default(DEFAULT_LINK_GRACE_HOURS),
  /** SMTP server that sends participants their personal link, e.g. smtps://user:password@mail.example.org:465. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of those e-mails; defaults to openfloor@ the host of PUBLIC_URL (or localhost). */
  MAIL_FROM: z.string().min(3).optional(),
  /** Quiet period in milliseconds after which a caption line commits by itself. */
  CAPTION_QUIET_MS: z.coerce.number().int().min(500).max(30_000).default(3000),
  /** StreamText's host for the caption pull API (`/captions?event=…`); tests point it at a local server. */
  STREAMTEXT_URL: z.url({ protocol: /^https?$/ }).default('https://www.streamtext.net'),
  /** Milliseconds between two polls of a pulled StreamText event (200-10000). */
  STREAMTEXT_POLL_MS: z.coerce.number().int().min(200).max(10_000).default(1000),
  /** Interface the captioners' TCP realtime listeners bind to. */
  CAPTION_TCP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Ports a captioner seat may open a TCP realtime listener on, e.g. 4000-4009; unset: off. */
  CAPTION_TCP_PORTS: z
    .string()
    .regex(/^\d{1,5}(-\d{1,5})?$/, 'a port or a range such as 4000-4009')
    .transform((value) => {
      const [from, to = from] = value.split('-').map(Number) as [number, number?];
      return { from, to };
    })
    .refine(({ from, to }) => from >= 1 && to <= 65535 && from <= to, 'ports between 1 and 65535, first not after last')
    .optional(),
  /** LiveKit server for remote audio/video (ws:// or wss://). Give all three or none. */
  LIVEKIT_URL: z.url({ protocol: /^wss?$/ }).optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** auto: without LIVEKIT_URL, start the livekit-server built by infra/livekit/install.sh if present. */
  LIVEKIT_LOCAL: z.enum(['auto', 'off']).default('auto'),
  /** auto: print archived records to PDF when a Chromium is found (CHROMIUM_PATH, else /usr/bin/chromium). */
  ARCHIVE_PDF: z.enum(['auto', 'off']).default('auto'),
  CHROMIUM_PATH: z.string().min(1).optional(),
  /** auto: record the floor of meetings that ask for it, building the recorder with Go on the first start. */
  FLOOR_RECORDER: z.enum(['auto', 'off']).default('auto'),
  /** Debian's ffmpeg, for the MP3 copies of archived audio a meeting may ask for. */
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as Express's
   * `trust proxy`: off, a number of hops, or addresses/subnets such as `loopback, 10.0.0.0/8`.
   * Rate and connection limits count the client's address, so behind a proxy this must be set.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value): boolean | number | string => (/^(off|false)$/i.test(value) ? false : /^\d{1,2}$/.test(value) ? Number(value) : value))
    .default(false),
  /**
   * Requests per minute from one address, on every HTTP route. A page load is 7 or 8 of them; a
   * venue whose devices reach the server through one address (NAT) is named in VENUE_ADDRESSES.
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  /** Requests per minute with one credential (admin token, link token), from whatever address; not a screen's or viewer's link, shared by design. */
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Caption ingest posts per minute from one captioner seat (its ingest URL). */
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  /** Public registrations per hour from one address. */
  REGISTRATION_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Public registrations per minute for one meeting, from all addresses together. */
  REGISTRATION_PER_MEETING_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * Meeting commands per minute through the realtime socket from one participant, screen or
   * viewer link, all its connections together (reconnecting does not refill it); this many at once.
   */
  SOCKET_COMMANDS_PER_LINK_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** The same for a chair, moderator, captioner, interpreter or venue station link (not counted per address). */
  STAFF_SOCKET_COMMANDS_PER_LINK_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** Meeting commands per minute through the realtime socket from all non-staff links at one address together. */
  SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Open realtime connections on one link (screen and viewer links, shared by design, are not capped). */
  MAX_CONNECTIONS_PER_LINK: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Open connections from one address; more are closed at once (slow-header floods). */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(512),
  /** Milliseconds a client has to send a request's headers. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  /** Milliseconds a request body may pause before the request is answered 408 and closed. */
  BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
  /** Milliseconds a whole request (headers and body, e.g. a 32 MB consultation upload) may take. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(5000).max(3_600_000).default(300_000),
  /**
   * The venue's own public addresses, comma-separated, each an address or a CIDR range, as the
   * server sees them (through TRUST_PROXY): the room's devices share them behind the venue's NAT.
   * They are not limited per address (requests, connections, public registrations, realtime
   * commands), where one address stands for one person; each link keeps its own limits, and
   * each meeting its registration pace. Unset: every address is limited alike.
   */
  VENUE_ADDRESSES: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = venueEntryProblem(entry);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }
    })
    .default([]),
  /** Browser origins allowed to open the realtime WebSocket, comma-separated; the server's own origin always is. */
  ALLOWED_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .default([]),
  /**
   * Redis shared by several OpenFloor nodes, e.g. redis://10.0.0.5:6379: each node's broadcasts
   * then reach the connections of every node (Socket.IO's Redis adapter). Unset: one node.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /**
   * This node's name, the same across its restarts and different from every other node's on the
   * same database (e.g. openfloor-1). A restarted node closes the attendance that it, and only
   * it, left open; one node alone needs none.
   */
  NODE_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores').default('openfloor'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Token for GET /metrics (Prometheus); the admin token is accepted too. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Create a demo meeting on an empty data directory. */
  DEMO: z.enum(['on', 'off']).default('on'),
  })
  .refine(
    (config) => [config.LIVEKIT_URL, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET].every((value) => value === undefined) ||
      [config.LIVEKIT_URL, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET].every((value) => value !== undefined),
    { message: 'set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together', path: ['LIVEKIT_URL'] },
  );
export type Config = z.infer<typeof Config>;

/** Every setting's name, for checks that a deployment sets only what the server reads. */
export const configNames: readonly string[] = Object.keys(Config.shape);

export class ConfigError extends Error {}

/** Parsed once at start-up; a bad value stops the server with the variable's name. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = Config.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
}

/** The limits and edge settings the app is composed with, from the configuration. */
export function edgeSettings(config: Config) {
  return {
    trustProxy: config.TRUST_PROXY,
    venue: venueAddresses(config.VENUE_ADDRESSES),
    http: {
      perAddressPerMinute: config.RATE_LIMIT_PER_MINUTE,
      perCredentialPerMinute: config.RATE_LIMIT_CREDENTIAL_PER_MINUTE,
      ingestPerSeatPerMinute: config.INGEST_RATE_LIMIT_PER_MINUTE,
    },
    registration: {
      perAddressPerHour: config.REGISTRATION_PER_ADDRESS_PER_HOUR,
      perMeetingPerMinute: config.REGISTRATION_PER_MEETING_PER_MINUTE,
    },
    socket: {
      perLinkPerMinute: config.SOCKET_COMMANDS_PER_LINK_PER_MINUTE,
      staffPerLinkPerMinute: config.STAFF_SOCKET_COMMANDS_PER_LINK_PER_MINUTE,
      perAddressPerMinute: config.SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE,
      maxConnectionsPerLink: config.MAX_CONNECTIONS_PER_LINK,
    },
    connections: {
      maxPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS,
      headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
      bodyIdleTimeoutMs: config.BODY_IDLE_TIMEOUT_MS,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    },
    allowedOrigins: config.ALLOWED_ORIGINS,
    metricsToken: config.METRICS_TOKEN ?? null,
  };
}
export type EdgeSettings = ReturnType<typeof edgeSettings>;
