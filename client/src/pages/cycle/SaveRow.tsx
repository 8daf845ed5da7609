import { useTranslation } from 'react-i18next';
import { FailureNotice } from '../../components/FailureNotice.js';
import type { FormOutcome } from '../setup/useAction.js';

/** A cycle form's submit button, then "Saved." once it was, or the refusal under it. */
export function SaveRow({ label, outcome, primary = false }: { label: string; outcome: FormOutcome | null; primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="button-row">
        <button type="submit" className={primary ? 'primary' : undefined}>
          {label}
        </button>
        <span role="status" className="form-status">
          {outcome?.ok ? t('cycle.saved') : null}
        </span>
      </div>
      {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
    </>
  );
}
