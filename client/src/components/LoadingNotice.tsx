import { useTranslation } from 'react-i18next';

/** What a page shows until its data is there; `data-loading` lets tests wait for the real content. */
export function LoadingNotice() {
  const { t } = useTranslation();
  return (
    <p className="notice" data-loading="">
      {t('gate.loading')}
    </p>
  );
}
