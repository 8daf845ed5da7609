import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { ingestUrls } from '../../captions/layout.js';
import { CopyField } from '../../components/CopyField.js';

/**
 * Addresses for captioners who write from their own CAT software, and for broadcast overlays.
 * They carry this seat's key, so whatever arrives through them is written in its name.
 */
export function IngestPanel({ token, language }: { token: string; language: Language }) {
  const { t } = useTranslation();
  const urls = ingestUrls(location.origin, token, language);
  return (
    <section className="panel" aria-labelledby="ingest-heading">
      <h2 id="ingest-heading">{t('ingest.heading')}</h2>
      <p className="hint">{t('ingest.hint')}</p>
      <CopyField label={t('ingest.zoom')} value={urls.zoom} />
      <p className="hint">{t('ingest.zoomHint')}</p>
      <CopyField label={t('ingest.youtube', { language: t(`language.${language}`) })} value={urls.youtube} />
      <CopyField label={t('ingest.getlivecap', { language: t(`language.${language}`) })} value={urls.getlivecap} />
      <p className="hint">{t('ingest.private')}</p>
    </section>
  );
}
