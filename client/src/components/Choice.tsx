import { useId } from 'react';

interface ChoiceProps<T extends string | number> {
  legend: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  swatch?: (option: T) => string;
  onChange: (option: T) => void;
}

/** A group of radio buttons, one per option. */
export function Choice<T extends string | number>({ legend, options, value, label, swatch, onChange }: ChoiceProps<T>) {
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          {swatch && (
            <span className={`swatch ${swatch(option)}`} aria-hidden="true">
              Aa
            </span>
          )}
          {label(option)}
        </label>
      ))}
    </fieldset>
  );
}
