import { useTranslation } from 'react-i18next';
import type { Speech } from '../../../shared/meeting/model.js';
import { countdown, formatClock } from '../../../shared/speaker-queue/timing.js';
import { formatDuration } from '../format.js';

interface CountdownProps {
  speech: Speech;
  /** Server time. */
  now: number;
  warningSec: number;
}

/** Remaining time of the speech, or time spoken when there is no limit. */
export function Countdown({ speech, now, warningSec }: CountdownProps) {
  const { t } = useTranslation();
  const clock = countdown(speech, now, warningSec);
  return (
    <div className={`countdown countdown-${clock.phase}${clock.paused ? ' countdown-paused' : ''}`}>
      {/* Clock digits and the minus sign read left to right in every language. */}
      <div className="countdown-clock" role="timer" aria-label={t(`countdown.label.${clock.phase}`)} dir="ltr">
        {clock.remainingMs === null ? formatDuration(clock.elapsedMs) : formatClock(clock.remainingMs)}
      </div>
      <p className="countdown-state">
        {t(`countdown.phase.${clock.phase}`)}
        {clock.paused && <span className="paused-flag">{t('countdown.paused')}</span>}
      </p>
    </div>
  );
}
