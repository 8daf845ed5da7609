import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './ConfirmDialog.js';

/**
 * A question another console answered first: says what happened instead of offering to act on
 * something gone or changed, and leaves only Close (where the keyboard already is).
 */
export function OvertakenDialog({ heading, onClose, children }: { heading: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog heading={heading} actions={[]} onCancel={onClose} cancelLabel={t('floorConsole.overtaken.close')}>
      <p role="alert">{children}</p>
      <p>{t('floorConsole.overtaken.nothingDone')}</p>
    </ConfirmDialog>
  );
}
