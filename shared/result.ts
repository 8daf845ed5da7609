import type { AppError, ErrorCode } from './errors.js';
import { appError } from './errors.js';

/** Outcome of a pure transition: never throws for domain refusals. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, detail?: string): Result<T> => ({
  ok: false,
  error: appError(code, detail),
});

/** Compile-time proof that a switch covered every member of a union. */
export function exhaustive(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
