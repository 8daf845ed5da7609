import { useTranslation } from 'react-i18next';
import { failureText } from '../i18n/failures.js';

/** A failed action, said once by screen readers and kept visible until the next try. */
export function FailureNotice({ failure }: { failure: unknown }) {
  const { t } = useTranslation();
  return (
    <div className="failure" role="alert">
      {failure === null || failure === undefined ? null : failureText(t, failure)}
    </div>
  );
}
