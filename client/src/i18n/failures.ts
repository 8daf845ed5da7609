import type { TFunction } from 'i18next';
import type { AppError } from '../../../shared/errors.js';
import { meetingStatuses, type MeetingStatus } from '../../../shared/meeting/model.js';
import { CommandNotDelivered, NetworkError, Refusal } from '../failures.js';

/** The server sends English; the page shows the translation of the code when it has one. */
export function errorText(t: TFunction, error: Pick<AppError, 'code' | 'message'>): string {
  return t(`errors.${error.code}`, { defaultValue: error.message });
}

/**
 * Refusals that name who is concerned now: the server puts the participant's (or the
 * consultation response's) id in `detail` ('' for nobody), and the page that knows the names
 * says "Someone else already gave the floor to Jean Dupont" (or, to the chair re-adding
 * someone, "Jean Dupont is already waiting" where the participant's own page says "You are").
 */
const namedRefusals = new Set(['FLOOR_CHANGED', 'LAST_SPEAKER_CHANGED', 'ALREADY_IN_QUEUE', 'ALREADY_SPEAKING', 'REQUEST_GIVEN_FLOOR', 'BOOTH_CHANGED', 'REGISTRATION_CHANGED', 'RESPONSE_CHANGED']);

const isMeetingStatus = (value: string | undefined): value is MeetingStatus => (meetingStatuses as readonly (string | undefined)[]).includes(value);

/**
 * "Too many requests. Try again in 20 minutes": the wait the server gave, in seconds up to a
 * minute and a half, in whole minutes (rounded up) beyond. Said once, when refused: a count
 * ticking down in an alert would be read out at every tick.
 */
function waitText(t: TFunction, retryAfterMs: number): string {
  const seconds = Math.ceil(retryAfterMs / 1000);
  if (seconds === 0) return t('errors.RATE_LIMITED');
  return seconds <= 90 ? t('errors.RATE_LIMITED_seconds', { count: seconds }) : t('errors.RATE_LIMITED_minutes', { count: Math.ceil(seconds / 60) });
}

/** Words for anything a request or command can fail with; `nameOf` turns the id a refusal names into a name. */
export function failureText(t: TFunction, failure: unknown, nameOf?: (id: string) => string | null): string {
  if (failure instanceof Refusal) {
    const { code, detail } = failure.error;
    // The server names the status the meeting is in now: said as the chair's overtaken questions say it.
    if (code === 'MEETING_STATUS_CHANGED' && isMeetingStatus(detail)) {
      return `${t(`floorConsole.overtaken.status.${detail}`)} ${t('floorConsole.overtaken.nothingDone')}`;
    }
    if (code === 'RATE_LIMITED' && failure.error.retryAfterMs !== undefined) return waitText(t, failure.error.retryAfterMs);
    if (nameOf && detail !== undefined && namedRefusals.has(code)) {
      const name = detail === '' ? null : nameOf(detail);
      if (detail === '') return t(`errors.${code}_nobody`);
      if (name) return t(`errors.${code}_named`, { name });
    }
    return errorText(t, failure.error);
  }
  if (failure instanceof CommandNotDelivered) return t(`commandFailure.${failure.reason}`);
  if (failure instanceof NetworkError) return t('commandFailure.unreachable');
  return errorText(t, { code: 'INTERNAL', message: '' });
}
