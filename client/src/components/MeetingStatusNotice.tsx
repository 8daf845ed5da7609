import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../shared/meeting/model.js';

/** Says why nothing moves when the meeting is not open. */
export function MeetingStatusNotice({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  if (state.status === 'open') return null;
  return <p className="notice">{t(`meetingStatusNotice.${state.status}`)}</p>;
}
