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

/**
 * What one node knows of a meeting's senders, pulls and TCP listeners. With several nodes a
 * sender's posts land on whichever node the proxy picks and only the lease holder pulls, so the
 * console's node asks the others for theirs and shows them merged.
 */
export const DeskPart = DeskReport.pick({ senders: true, pulls: true, tcp: true });
export type DeskPart = z.infer<typeof DeskPart>;

const latest = (...times: Array<number | null | undefined>) => Math.max(-Infinity, ...times.filter((time): time is number => typeof time === 'number'));
const activityOf = (status: SenderStatus) => latest(status.lastAt, status.error?.at, status.notice?.at);
const newer = <T extends { at: number }>(a: T | null, b: T | null) => (!a ? b : !b ? a : b.at > a.at ? b : a);

/**
 * The desk as all nodes together know it, as one node would have it had every post and reply
 * reached it: a sender's last text is the latest any node heard, its error stands only if no text
 * was heard after it (text clears the error), and a sender that changed tool or language is shown
 * as it is now. A pull is shown by the node that heard from StreamText last (two may briefly pull
 * while the lease changes hands); every node's TCP listeners are listed, each with its own host.
 */
export function mergeDeskParts(parts: readonly DeskPart[]): DeskPart {
  const senders = new Map<string, SenderStatus>();
  for (const status of parts.flatMap((part) => part.senders)) {
    const known = senders.get(status.senderId);
    if (!known) {
      senders.set(status.senderId, status);
      continue;
    }
    const [current, other] = activityOf(status) > activityOf(known) ? [status, known] : [known, status];
    if (other.source !== current.source || other.language !== current.language) {
      senders.set(status.senderId, current);
      continue;
    }
    const heard = (other.lastAt ?? -Infinity) > (current.lastAt ?? -Infinity) ? other : current;
    const error = newer(current.error, other.error);
    senders.set(status.senderId, {
      ...current,
      lastText: heard.lastText,
      lastAt: heard.lastAt,
      delayMs: heard.delayMs,
      notice: newer(current.notice, other.notice),
      error: error && error.at >= (heard.lastAt ?? -Infinity) ? error : null,
    });
  }
  const pulls = new Map<string, PullHealth>();
  for (const health of parts.flatMap((part) => part.pulls)) {
    const known = pulls.get(health.feedId);
    if (!known || latest(health.lastReplyAt, health.failingSince) > latest(known.lastReplyAt, known.failingSince)) pulls.set(health.feedId, health);
  }
  return { senders: [...senders.values()], pulls: [...pulls.values()], tcp: parts.flatMap((part) => part.tcp) };
}
