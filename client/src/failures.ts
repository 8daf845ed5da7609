import { isErrorCode, type AppError } from '../../shared/errors.js';

/** The server refused a request or command with an error of the shared vocabulary. */
export class Refusal extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** An HTTP request never got an answer: the server is down or the network is. */
export class NetworkError extends Error {}

/** A command did not reach the server, or its answer did not come back in time. */
export class CommandNotDelivered extends Error {
  constructor(readonly reason: 'offline' | 'timeout') {
    super(reason === 'offline' ? 'Not connected to the server' : 'No answer from the server');
  }
}

/** The shared error vocabulary's part of anything: a coded error (with its detail, and when to come back), or null. */
export function asAppError(value: unknown): AppError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, detail, retryAfterMs } = value as Partial<Record<keyof AppError, unknown>>;
  if (!isErrorCode(code)) return null;
  return {
    code,
    message: typeof message === 'string' ? message : '',
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? { retryAfterMs } : {}),
  };
}

/**
 * What an HTTP answer that is not a success says: the coded error in its JSON body, or, from
 * something other than the server (a proxy's page), what its status says.
 */
export function errorOfAnswer(payload: unknown, response: Pick<Response, 'status' | 'statusText'>): AppError {
  return (
    asAppError((payload as { error?: unknown } | null)?.error) ?? {
      code: response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL',
      message: response.statusText,
    }
  );
}
