import { useTranslation } from 'react-i18next';
import { allowedTransitions } from '../../../shared/meeting/execute.js';
import type { MeetingStatus } from '../../../shared/meeting/model.js';

interface TransitionButtonsProps {
  status: MeetingStatus;
  /**
   * The statuses this page may move the meeting to. Leave out `archived`: archiving cannot be
   * undone, only the secretariat may do it, and its page asks for confirmation first.
   */
  offered: readonly MeetingStatus[];
  onTransition: (to: MeetingStatus) => void;
}

/** One button per status the meeting may move to next, named for what it does (`transition.<from>_<to>`). */
export function TransitionButtons({ status, offered, onTransition }: TransitionButtonsProps) {
  const { t } = useTranslation();
  const next = allowedTransitions[status].filter((to) => offered.includes(to));
  return (
    <div className="button-row">
      <p className="meeting-status">
        {t('meetingStatus.label')} <strong className={`status status-${status}`}>{t(`meetingStatus.${status}`)}</strong>
      </p>
      {next.map((to) => (
        <button key={to} type="button" onClick={() => onTransition(to)}>
          {t(`transition.${status}_${to}`)}
        </button>
      ))}
    </div>
  );
}
