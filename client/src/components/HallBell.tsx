import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../shared/meeting/model.js';
import { currentTopic, participantById } from '../../../shared/meeting/selectors.js';
import { formatTime } from '../format.js';
import { useServerNow } from '../realtime/clock.js';
import { chime, type Chime } from './chime.js';
import { SoundChoice } from './SoundChoice.js';
import { useTimeSignal } from './TimeSignals.js';
import { useRemembered } from './useRemembered.js';

const BELL_KEY = 'openfloor.hallBell';
// Off until the room's technician turns it on: a sound through the loudspeakers must never surprise a hall.
// At time up only unless asked: a hall hears the bell of every speech, and a warning before each is
// more than most chairs want the whole room to hear.
const parseBell = (stored: Record<string, unknown>) => ({ on: stored.on === true, nearlyUp: stored.nearlyUp === true });

/**
 * The time signals through the hall's loudspeakers, from the room's AV computer: a speaker at
 * the rostrum reading their text, or who cannot see the screen, hears that their time is up
 * (and, if the technician asks, nearly up), with the chimes of a remote speaker's own device;
 * so does the whole room.
 */
export function HallBell({ state, clockOffsetMs }: { state: MeetingState; clockOffsetMs: number }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const now = useServerNow(clockOffsetMs);
  const [{ on, nearlyUp }, setBell] = useRemembered(BELL_KEY, parseBell);
  const [rang, setRang] = useState('');
  const floor = currentTopic(state)?.floor ?? null;

  useTimeSignal(floor, now, state.warningSec, (signal: Chime, _remainingMs, speech) => {
    if (!on || (signal === 'nearlyUp' && !nearlyUp)) return;
    const sounded = chime(signal);
    const name = participantById(state, speech.participantId)?.displayName ?? '';
    const time = formatTime(now, state.timeZone, i18n.language);
    const key = sounded ? (signal === 'up' ? 'rangUp' : 'rangNearlyUp') : signal === 'up' ? 'heldUp' : 'heldNearlyUp';
    setRang(t(`venue.bell.${key}`, { name, time }));
  });

  return (
    <section className="panel hall-bell" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('venue.bell.heading')}</h2>
      <p>{t('venue.bell.intro')}</p>
      <SoundChoice
        on={on}
        onChange={(next) => setBell({ on: next })}
        label={t('venue.bell.on')}
        heldBack={t('venue.bell.heldBack')}
        release={t('venue.bell.release')}
      />
      {on && (
        <p className="media-option">
          <label>
            <input type="checkbox" checked={nearlyUp} onChange={(event) => setBell({ nearlyUp: event.target.checked })} />{' '}
            {t('venue.bell.nearlyUp')}
          </label>
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={() => chime('up')}>
          {t('venue.bell.test')}
        </button>
      </div>
      <p role="status" className="bell-rang">
        {rang}
      </p>
    </section>
  );
}
