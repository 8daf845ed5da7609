import { useTranslation } from 'react-i18next';
import { failureText } from '../i18n/failures.js';

/** A failed action, said once by screen readers and kept visible until the next try. */
export function FailureNotice({
  failure,
  nameOf,
}: {
  failure: unknown;
  /** Lets a refusal name the participant (or response) it concerns. */
  nameOf?: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  return (
    <div className="failure" role="alert">
      {failure === null || failure === undefined ? null : failureText(t, failure, nameOf)}
    </div>
  );
}
