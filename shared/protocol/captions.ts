import { z } from 'zod';
import { CaptionLogEntry, CaptionStream, DeltaText, MAX_DELTA_CHARS } from '../captions/model.js';
import { Language } from '../meeting/model.js';

/** Client → server: start receiving a language's captions, resuming after `lastSeq` if given. */
export const CaptionSubscribe = z.strictObject({
  language: Language,
  lastSeq: z.number().int().nonnegative().optional(),
});

export const CaptionUnsubscribe = z.strictObject({ language: Language });

/** Client → server, captioners only: one delta of live typing. */
export const CaptionWrite = z.strictObject({
  language: Language,
  erase: z.number().int().min(0).max(MAX_DELTA_CHARS),
  text: DeltaText,
});

export const CaptionTakeOver = z.strictObject({ language: Language });

export const CaptionSnapshot = z.object({
  language: Language,
  seq: z.number().int().nonnegative(),
  stream: CaptionStream,
});
export type CaptionSnapshot = z.infer<typeof CaptionSnapshot>;

export const CaptionCatchUp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entries'), language: Language, entries: z.array(CaptionLogEntry) }),
  z.object({ kind: z.literal('snapshot'), snapshot: CaptionSnapshot }),
]);
export type CaptionCatchUp = z.infer<typeof CaptionCatchUp>;

/** Server → subscribers of a language: one accepted caption command. */
export const CaptionChanged = z.object({ language: Language, entry: CaptionLogEntry });
export type CaptionChanged = z.infer<typeof CaptionChanged>;

/** How many committed lines a snapshot carries; older ones stay in the log and the archive. */
export const SNAPSHOT_LINES = 100;

export interface CaptionAccepted {
  seq: number;
  /** Nothing was written: a CAT-software retry of a seq already applied, or a take-over by the seat already writing. */
  duplicate: boolean;
}
