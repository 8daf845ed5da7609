import type { TFunction } from 'i18next';
import type { AppError } from '../../../shared/errors.js';
import { CommandNotDelivered, NetworkError, Refusal } from '../failures.js';

/** The server sends English; the page shows the translation of the code when it has one. */
export function errorText(t: TFunction, error: Pick<AppError, 'code' | 'message'>): string {
  return t(`errors.${error.code}`, { defaultValue: error.message });
}

/** Words for anything a request or command can fail with. */
export function failureText(t: TFunction, failure: unknown): string {
  if (failure instanceof Refusal) return errorText(t, failure.error);
  if (failure instanceof CommandNotDelivered) return t(`commandFailure.${failure.reason}`);
  if (failure instanceof NetworkError) return t('commandFailure.unreachable');
  return errorText(t, { code: 'INTERNAL', message: '' });
}
