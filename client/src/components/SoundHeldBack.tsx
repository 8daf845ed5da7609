import { useEffect } from 'react';
import { prepareChime, useChimeHeldBack } from './chime.js';

/**
 * While signals are wanted, makes the page ready to sound them and, when the browser holds
 * sound back until someone clicks the page, says so with the button that lets it through.
 */
export function SoundHeldBack({ wanted, message, action }: { wanted: boolean; message: string; action: string }) {
  const [held, release] = useChimeHeldBack();
  useEffect(() => {
    if (wanted) prepareChime();
  }, [wanted]);
  if (!wanted || !held) return null;
  return (
    <div className="notice media-blocked">
      <p>{message}</p>
      <button type="button" className="primary" onClick={release}>
        {action}
      </button>
    </div>
  );
}
