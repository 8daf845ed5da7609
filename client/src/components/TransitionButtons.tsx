import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedTransitions } from '../../../shared/meeting/execute.js';
import type { MeetingState, MeetingStatus } from '../../../shared/meeting/model.js';
import { openingOffSchedule } from '../../../shared/meeting/selectors.js';
import { formatRelative, formatZoned } from '../format.js';
import { ConfirmDialog } from './ConfirmDialog.js';

interface TransitionButtonsProps {
  meeting: Pick<MeetingState, 'status' | 'startsAt' | 'endsAt' | 'timeZone'>;
  /**
   * The statuses this page may move the meeting to. Leave out `archived`: archiving cannot be
   * undone, only the secretariat may do it, and its page asks for confirmation first.
   */
  offered: readonly MeetingStatus[];
  onTransition: (to: MeetingStatus) => void;
}

/**
 * One button per status the meeting may move to next, named for what it does
 * (`transition.<from>_<to>`). Opening a scheduled meeting far from its date asks first: a
 * meeting opened by mistake weeks early shows as open to every participant and screen.
 */
export function TransitionButtons({ meeting, offered, onTransition }: TransitionButtonsProps) {
  const { t, i18n } = useTranslation();
  const [asking, setAsking] = useState<{ early: number } | { late: number } | null>(null);
  const { status } = meeting;
  const next = allowedTransitions[status].filter((to) => offered.includes(to));
  const choose = (to: MeetingStatus) => {
    const offSchedule = to === 'open' && status === 'scheduled' ? openingOffSchedule(meeting, Date.now()) : null;
    if (offSchedule) setAsking(offSchedule);
    else onTransition(to);
  };
  const scheduled = formatZoned(meeting.startsAt, meeting.timeZone, i18n.language);
  return (
    <div className="button-row">
      <p className="meeting-status">
        {t('meetingStatus.label')} <strong className={`status status-${status}`}>{t(`meetingStatus.${status}`)}</strong>
      </p>
      {next.map((to) => (
        <button key={to} type="button" onClick={() => choose(to)}>
          {t(`transition.${status}_${to}`)}
        </button>
      ))}
      {asking && (
        <ConfirmDialog
          heading={t('transition.offSchedule.heading')}
          actions={[
            {
              label: t('transition.offSchedule.confirm'),
              primary: true,
              onChoose: () => {
                setAsking(null);
                onTransition('open');
              },
            },
          ]}
          onCancel={() => setAsking(null)}
        >
          <p>
            {'early' in asking
              ? t('transition.offSchedule.early', { when: scheduled, distance: formatRelative(asking.early, i18n.language) })
              : t('transition.offSchedule.late', {
                  when: scheduled,
                  ended: formatZoned(meeting.endsAt, meeting.timeZone, i18n.language),
                })}
          </p>
          <p>{t('transition.offSchedule.consequence')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
