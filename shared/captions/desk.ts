import { z } from 'zod';
import { Id, Language, Timestamp } from '../meeting/model.js';

/** How text reaches a caption stream. */
export const captionSources = ['browser', 'zoom', 'streamtext', 'teams', 'youtube', 'tcp', 'streamtext-pull'] as const;
export const CaptionSource = z.enum(captionSources);
export type CaptionSource = z.infer<typeof CaptionSource>;

/**
 * Something to tell the captioner: `code` names the i18n text (`captionDesk.messages.<code>`,
 * or `errors.<CODE>`), `params` fill it, `message` is the English for logs and old clients.
 */
export const DeskMessage = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type DeskMessage = z.infer<typeof DeskMessage>;

const Message = DeskMessage.extend({ at: Timestamp });

/** One sender (a seat's tool, or a pulled feed) as the consoles show it. */
export const SenderStatus = z.object({
  /** A captioner seat's link id, or a feed's id. */
  senderId: Id,
  source: CaptionSource,
  language: Language,
  lastText: z.string().nullable(),
  lastAt: Timestamp.nullable(),
  /** How late the last text arrived, when the sender dates what it sends. */
  delayMs: z.number().nonnegative().nullable(),
  notice: Message.nullable(),
  error: Message.nullable(),
});
export type SenderStatus = z.infer<typeof SenderStatus>;

/** A StreamText event the server pulls for one meeting language. */
export const PullConfig = z.strictObject({
  language: Language,
  /** The event name as scheduled in StreamText. */
  event: z.string().trim().min(1).max(200),
  /** StreamText's language code for the event, when it has several. */
  streamTextLanguage: z.string().trim().max(20).default(''),
});
export type PullConfig = z.infer<typeof PullConfig>;

export const PullHealth = z.object({
  feedId: Id,
  language: Language,
  event: z.string(),
  /** The last reply from StreamText, text or not. */
  lastReplyAt: Timestamp.nullable(),
  /** The last time it carried text. */
  lastTextAt: Timestamp.nullable(),
  /** How long the last reply took. */
  lagMs: z.number().nonnegative().nullable(),
  /** Since when StreamText has not answered, and why, in plain words. */
  failingSince: Timestamp.nullable(),
  error: DeskMessage.nullable(),
});
export type PullHealth = z.infer<typeof PullHealth>;

/** What `GET /api/captions/desk` answers the captioner and chair consoles. */
export const DeskReport = z.object({
  writers: z.record(z.string(), Id.nullable()),
  senders: z.array(SenderStatus),
  pulls: z.array(PullHealth),
  tcp: z.array(z.object({ linkId: Id, language: Language, host: z.string(), port: z.number().int(), connected: z.boolean() })),
  /** Whether this server lets seats open a TCP listener (CAPTION_TCP_PORTS). */
  tcpAvailable: z.boolean(),
  pullConfigs: z.array(PullConfig),
});
export type DeskReport = z.infer<typeof DeskReport>;
