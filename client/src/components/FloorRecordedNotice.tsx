import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../shared/meeting/model.js';
import { isFloorRecorded } from '../../../shared/meeting/recording.js';

/**
 * Says, while it is true, that the floor is being recorded (issue 16): people must know before
 * they speak. A note rather than a live region: it is part of the page, not news.
 */
export function FloorRecordedNotice({ state, className = 'notice recording-notice' }: { state: MeetingState; className?: string }) {
  const { t } = useTranslation();
  if (!isFloorRecorded(state)) return null;
  return (
    <p className={className} role="note">
      <span className="recording-dot" aria-hidden="true" />
      {t('recording.notice')}
    </p>
  );
}
