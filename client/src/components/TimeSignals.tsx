import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Speech } from '../../../shared/meeting/model.js';
import { countdown, timeSignal, type CountdownPhase } from '../../../shared/speaker-queue/timing.js';
import { formatSpokenDuration } from '../format.js';
import { useRemembered } from './useRemembered.js';

const SOUND_KEY = 'openfloor.timeSignals';
const parseSound = (stored: Record<string, unknown>) => ({ sound: stored.sound !== false });

/**
 * The speaker's own page tells them, in words for a screen reader and by a short chime, when
 * their time is nearly up and when it is up: someone reading their notes, or who cannot see
 * the countdown, learns it without the chair cutting in. The chime can be turned off on the
 * device; the words stay. A speech without a limit has nothing to signal, and no such choice.
 */
export function TimeSignals({ speech, now, warningSec }: { speech: Speech; now: number; warningSec: number }) {
  const { t, i18n } = useTranslation();
  const [{ sound }, setSound] = useRemembered(SOUND_KEY, parseSound);
  const clock = countdown(speech, now, warningSec);
  const seen = useRef<{ speechId: string; phase: CountdownPhase } | null>(null);
  const [said, setSaid] = useState('');

  useEffect(() => {
    const previous = seen.current?.speechId === speech.id ? seen.current.phase : null;
    seen.current = { speechId: speech.id, phase: clock.phase };
    const signal = timeSignal(previous, clock.phase);
    if (!signal) return;
    setSaid(signal === 'up' ? t('timeSignals.up') : t('timeSignals.nearlyUp', { time: formatSpokenDuration(clock.remainingMs ?? 0, i18n.language) }));
    if (sound) chime(signal);
  }, [speech.id, clock.phase]); // eslint-disable-line react-hooks/exhaustive-deps -- only a change of phase speaks, with the time left at that moment

  return (
    <>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {speech.timeLimitSec !== null && (
        <p className="media-option">
          <label>
            <input type="checkbox" checked={sound} onChange={(event) => setSound({ sound: event.target.checked })} /> {t('timeSignals.sound')}
          </label>
        </p>
      )}
    </>
  );
}

let audio: AudioContext | null = null;

/** One soft tone when time is nearly up, a falling pair when it is up. */
function chime(signal: 'nearlyUp' | 'up'): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    return;
  }
  const tones = signal === 'up' ? [880, 660] : [660];
  tones.forEach((frequency, index) => {
    const context = audio!;
    const start = context.currentTime + index * 0.25;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.22);
  });
}
