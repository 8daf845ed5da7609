import { useSyncExternalStore } from 'react';

export type Chime = 'nearlyUp' | 'up';

let audio: AudioContext | null = null;
const listeners = new Set<() => void>();

function context(): AudioContext | null {
  if (audio) return audio;
  try {
    audio = new AudioContext();
  } catch {
    return null;
  }
  audio.addEventListener('statechange', () => listeners.forEach((listener) => listener()));
  // Any click or key on the page is what the browser waits for: sound is let through then, not
  // only from the held-back notice's button.
  const release = () => {
    if (audio?.state !== 'suspended') return;
    void audio.resume().catch(() => undefined);
  };
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, release, { capture: true });
  return audio;
}

/**
 * One soft tone when time is nearly up, a falling pair when it is up: the same sounds on a
 * speaker's own device and through the hall's loudspeakers, so that they mean one thing.
 * Answers whether it sounded: a browser holding sound back (its autoplay rule) drops the
 * signal rather than play it late, when someone next clicks the page.
 */
export function chime(signal: Chime): boolean {
  const sound = context();
  if (!sound) return false;
  const play = () => {
    const tones = signal === 'up' ? [880, 660] : [660];
    tones.forEach((frequency, index) => {
      const start = sound.currentTime + index * 0.25;
      const oscillator = sound.createOscillator();
      const gain = sound.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      oscillator.connect(gain).connect(sound.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.22);
    });
  };
  if (sound.state === 'running') {
    play();
    return true;
  }
  // Pressed by someone (a test of the bell): the browser lets a context made now start.
  if (navigator.userActivation?.isActive) {
    sound.resume().then(play, () => undefined);
    return true;
  }
  void sound.resume().catch(() => undefined);
  return false;
}

/**
 * Whether the browser holds sound back until someone interacts with the page (its autoplay
 * rule): an unattended station reloaded overnight would otherwise stay silent unseen.
 */
export function useChimeHeldBack(): [held: boolean, release: () => void] {
  const held = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => audio?.state === 'suspended',
  );
  return [held, prepareChime];
}

/**
 * Creates the sound output as soon as signals are wanted, not when the first is due: it has
 * started by then where the browser allows it, and a held-back state shows in time.
 */
export function prepareChime(): void {
  const sound = context();
  listeners.forEach((listener) => listener());
  void sound?.resume().catch(() => undefined);
}
