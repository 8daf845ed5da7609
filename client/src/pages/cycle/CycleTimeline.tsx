import './cycle.css';
import { useTranslation } from 'react-i18next';
import type { CycleWarning } from '../../../../shared/cycle/schedule.js';
import type { CalendarDate } from '../../../../shared/timeline/timeline.js';
import { formatCalendarDate, formatFromToday } from '../setup/calendarDates.js';
import type { CycleView } from './api.js';

/**
 * Where the cycle stands today: each step with its date, done, next or later, and what breaks
 * or is about to break a rule. The server computes it in the cycle's zone.
 */
export function CycleTimeline({ view }: { view: CycleView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const day = (date: CalendarDate) => formatCalendarDate(date, language, 'short');
  return (
    <>
      <div className={view.warnings.length > 0 ? 'timeline-summary timeline-summary-warn' : 'timeline-summary'}>
        <p role="status">{view.warnings.length === 0 ? t('cycle.timeline.allGood') : t('cycle.timeline.warningCount', { count: view.warnings.length })}</p>
        {view.warnings.length > 0 && (
          <ul className="timeline-warnings">
            {view.warnings.map((warning) => (
              <li key={warning.rule}>{warningText(t, warning, day)}</li>
            ))}
          </ul>
        )}
      </div>
      <ol className="cycle-steps">
        {view.milestones.map((step) => (
          <li key={step.key} className={`cycle-step cycle-step-${step.state}`} aria-current={step.state === 'next' ? 'step' : undefined}>
            <span className="cycle-step-state">{t(`cycle.timeline.state.${step.state}`)}</span>{' '}
            <strong>{t(`cycle.timeline.step.${step.key}`)}</strong>
            {step.date && (
              <>
                {' — '}
                <time dateTime={step.date}>{formatCalendarDate(step.date, language)}</time>{' '}
                <span className="hint">({formatFromToday(step.date, view.today, language)})</span>
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function warningText(t: (key: string, options?: Record<string, unknown>) => string, warning: CycleWarning, day: (date: CalendarDate) => string): string {
  switch (warning.rule) {
    case 'launch_after_rule':
      return t('cycle.warning.launch_after_rule', { launch: day(warning.launch), launchBy: day(warning.launchBy) });
    case 'launch_late':
      return t('cycle.warning.launch_late', { launchBy: day(warning.launchBy) });
    case 'responses_due_after_rule':
      return t('cycle.warning.responses_due_after_rule', { date: day(warning.responsesDue), rule: day(warning.ruleDate) });
    case 'responses_due_before_launch':
      return t('cycle.warning.responses_due_before_launch', { date: day(warning.responsesDue), launch: day(warning.launch) });
    case 'report_after_rule':
      return t('cycle.warning.report_after_rule', { date: day(warning.reportBy), rule: day(warning.ruleDate) });
    case 'report_before_responses':
      return t('cycle.warning.report_before_responses', { date: day(warning.reportBy), due: day(warning.responsesDue) });
    case 'report_due_soon':
      return t('cycle.warning.report_due_soon', { date: day(warning.reportBy), count: warning.days });
    case 'report_late':
      return t('cycle.warning.report_late', { date: day(warning.reportBy) });
    case 'meeting_outside_window':
      return t('cycle.warning.meeting_outside_window', { date: day(warning.meeting), earliest: day(warning.earliest), latest: day(warning.latest) });
    case 'meeting_not_start_of_week':
      return t('cycle.warning.meeting_not_start_of_week', { date: day(warning.meeting), preferred: day(warning.preferred) });
    case 'meeting_day_differs':
      return t('cycle.warning.meeting_day_differs', { date: day(warning.meeting), meetingDay: day(warning.meetingDay) });
    default:
      return unknownWarning(warning);
  }
}

function unknownWarning(warning: never): string {
  return String((warning as { rule?: unknown }).rule);
}
