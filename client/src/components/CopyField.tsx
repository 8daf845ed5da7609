import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A link to hand on, shown in full and copyable. Pages served over plain HTTP on a venue
 * network have no Clipboard API, so the field is selected and copied the old way there.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(document.execCommand('copy'));
    }
  };

  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={field} readOnly value={value} dir="ltr" onFocus={(event) => event.target.select()} />
        <button type="button" onClick={() => void copy()} onBlur={() => setCopied(false)}>
          {t('copy.button')}
          <span className="visually-hidden"> {label}</span>
        </button>
      </div>
      <span role="status" className="copy-status">
        {copied ? t('copy.done') : ''}
      </span>
    </div>
  );
}
