import { useId } from 'react';

interface ChoiceProps<T extends string | number> {
  legend: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  swatch?: (option: T) => string;
  /** An option that cannot be chosen now, with what says why beside its label. */
  unavailable?: (option: T) => string | null;
  onChange: (option: T) => void;
}

/** A group of radio buttons, one per option. */
export function Choice<T extends string | number>({ legend, options, value, label, swatch, unavailable, onChange }: ChoiceProps<T>) {
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{legend}</legend>
      {options.map((option) => {
        const why = unavailable?.(option) ?? null;
        return (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={value === option}
              disabled={why !== null}
              onChange={() => onChange(option)}
            />
            {swatch && (
              <span className={`swatch ${swatch(option)}`} aria-hidden="true">
                Aa
              </span>
            )}
            {label(option)}
            {why !== null && <span className="hint"> {why}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
