import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Speech } from '../../../shared/meeting/model.js';
import { countdown, timeSignal, type CountdownPhase } from '../../../shared/speaker-queue/timing.js';
import { formatSpokenDuration } from '../format.js';
import { chime, type Chime } from './chime.js';
import { SoundChoice } from './SoundChoice.js';
import { useRemembered } from './useRemembered.js';

const SOUND_KEY = 'openfloor.timeSignals';
const parseSound = (stored: Record<string, unknown>) => ({ sound: stored.sound !== false });

/**
 * Calls `onSignal` when a speech's countdown becomes nearly up or up while the page watches:
 * never for a phase the page found on first sight (opened or reloaded mid-speech), so that no
 * alarm sounds for a moment already past.
 */
export function useTimeSignal(
  speech: Speech | null,
  now: number,
  warningSec: number,
  onSignal: (signal: Chime, remainingMs: number, speech: Speech) => void,
): void {
  const clock = speech ? countdown(speech, now, warningSec) : null;
  const seen = useRef<{ speechId: string; phase: CountdownPhase } | null>(null);
  useEffect(() => {
    if (!speech || !clock) {
      seen.current = null;
      return;
    }
    const previous = seen.current?.speechId === speech.id ? seen.current.phase : null;
    seen.current = { speechId: speech.id, phase: clock.phase };
    const signal = timeSignal(previous, clock.phase);
    if (signal) onSignal(signal, clock.remainingMs ?? 0, speech);
  }, [speech?.id, clock?.phase]); // eslint-disable-line react-hooks/exhaustive-deps -- only a change of phase signals, with the time left at that moment
}

/**
 * The speaker's own page tells them, in words for a screen reader and by a short chime, when
 * their time is nearly up and when it is up: someone reading their notes, or who cannot see
 * the countdown, learns it without the chair cutting in. The chime can be turned off on the
 * device; the words stay. A speech without a limit has nothing to signal, and no such choice.
 */
export function TimeSignals({ speech, now, warningSec }: { speech: Speech; now: number; warningSec: number }) {
  const { t, i18n } = useTranslation();
  const [{ sound }, setSound] = useRemembered(SOUND_KEY, parseSound);
  const [said, setSaid] = useState('');
  useTimeSignal(speech, now, warningSec, (signal, remainingMs) => {
    setSaid(signal === 'up' ? t('timeSignals.up') : t('timeSignals.nearlyUp', { time: formatSpokenDuration(remainingMs, i18n.language) }));
    if (sound) chime(signal);
  });
  return (
    <>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {speech.timeLimitSec !== null && (
        <SoundChoice
          on={sound}
          onChange={(next) => setSound({ sound: next })}
          label={t('timeSignals.sound')}
          heldBack={t('timeSignals.heldBack')}
          release={t('timeSignals.release')}
        />
      )}
    </>
  );
}
