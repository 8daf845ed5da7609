import { useTranslation } from 'react-i18next';
import type { Steadiness } from './steadyRows.js';

/**
 * Says that a press was not acted on because its row had just moved under it. It floats over
 * the page's foot: a notice taking its place in the page would itself move the rows.
 */
export function MovedNotice({ steadiness }: { steadiness: Pick<Steadiness, 'movedAsPressed'> }) {
  const { t } = useTranslation();
  return (
    <p role="status" className="moved-notice">
      {steadiness.movedAsPressed ? t('steadyList.movedAsPressed') : ''}
    </p>
  );
}
