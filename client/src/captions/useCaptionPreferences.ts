import { useCallback, useState } from 'react';
import { loadCaptionPreferences, saveCaptionPreferences, type CaptionPreferences } from './preferences.js';

/** The viewer's caption settings, saved in this browser on every change. */
export function useCaptionPreferences(): [CaptionPreferences, (change: Partial<CaptionPreferences>) => void] {
  const [preferences, setPreferences] = useState(loadCaptionPreferences);
  const update = useCallback((change: Partial<CaptionPreferences>) => {
    setPreferences((current) => {
      const next = { ...current, ...change };
      saveCaptionPreferences(next);
      return next;
    });
  }, []);
  return [preferences, update];
}
