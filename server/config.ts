import { z } from 'zod';

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
  DATA_DIR: z.string().min(1).default('./data'),
  /** Secretariat's token. Generated once and kept in DATA_DIR when not set. */
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Key that signs invite links. Generated once and kept in DATA_DIR when not set. */
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Days a role link stays valid when the secretariat issues it without an expiry. */
  ROLE_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Quiet period in milliseconds after which a caption line commits by itself. */
  CAPTION_QUIET_MS: z.coerce.number().int().min(500).max(30_000).default(3000),
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
  /** Create a demo meeting on an empty data directory. */
  DEMO: z.enum(['on', 'off']).default('on'),
  })
  .refine(
    (config) => [config.LIVEKIT_URL, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET].every((value) => value === undefined) ||
      [config.LIVEKIT_URL, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET].every((value) => value !== undefined),
    { message: 'set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together', path: ['LIVEKIT_URL'] },
  );
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {}

/** Parsed once at start-up; a bad value stops the server with the variable's name. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = Config.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
}
