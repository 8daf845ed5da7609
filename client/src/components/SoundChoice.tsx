import { useEffect } from 'react';
import { prepareChime, useChimeHeldBack } from './chime.js';

interface SoundChoiceProps {
  on: boolean;
  onChange: (on: boolean) => void;
  label: string;
  /** Said while the browser holds sound back until someone clicks the page. */
  heldBack: string;
  release: string;
}

/**
 * A device's choice to sound the time signals. While on, the page is made ready to sound them
 * and, when the browser holds sound back until someone clicks the page, says so with a button
 * that lets it through (turning it on is such a click).
 */
export function SoundChoice({ on, onChange, label, heldBack, release }: SoundChoiceProps) {
  const [held, letThrough] = useChimeHeldBack();
  useEffect(() => {
    if (on) prepareChime();
  }, [on]);
  return (
    <>
      <p className="media-option">
        <label>
          <input
            type="checkbox"
            checked={on}
            onChange={(event) => {
              onChange(event.target.checked);
              if (event.target.checked) prepareChime();
            }}
          />{' '}
          {label}
        </label>
      </p>
      {on && held && (
        <div className="notice media-blocked">
          <p>{heldBack}</p>
          <button type="button" className="primary" onClick={letThrough}>
            {release}
          </button>
        </div>
      )}
    </>
  );
}
