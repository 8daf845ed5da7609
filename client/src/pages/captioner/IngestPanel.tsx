import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { ingestUrls } from '../../captions/layout.js';
import { CopyField } from '../../components/CopyField.js';

/**
 * The seat's links: the exact address to paste into each captioning tool, and the overlay
 * feeds for broadcast. They carry this seat's key, so whatever arrives through them is
 * written in its name, in the language chosen above.
 */
export function IngestPanel({ meetingId, token, language }: { meetingId: string; token: string; language: Language }) {
  const { t } = useTranslation();
  const urls = ingestUrls(location.origin, meetingId, token, language);
  const lang = t(`language.${language}`);
  return (
    <section className="panel seat-links" aria-labelledby="ingest-heading">
      <h2 id="ingest-heading">{t('ingest.heading')}</h2>
      <p className="hint">{t('ingest.hint', { language: lang })}</p>
      <h3>{t('ingest.writeHeading')}</h3>
      <CopyField label={t('ingest.zoom')} value={urls.zoom} />
      <p className="hint">{t('ingest.zoomHint')}</p>
      <CopyField label={t('ingest.plover2cat')} value={urls.plover2cat} />
      <p className="hint">{t('ingest.plover2catHint')}</p>
      <CopyField label={t('ingest.streamText')} value={urls.streamText} />
      <p className="hint">{t('ingest.streamTextHint')}</p>
      <CopyField label={t('ingest.teams')} value={urls.teams} />
      <CopyField label={t('ingest.youtube', { language: lang })} value={urls.youtube} />
      <h3>{t('ingest.overlayHeading')}</h3>
      <CopyField label={t('ingest.overlay', { language: lang })} value={urls.overlay} />
      <p className="hint">{t('ingest.overlayHint')}</p>
      <CopyField label={t('ingest.getlivecap', { language: lang })} value={urls.getlivecap} />
      <CopyField label={t('ingest.rss', { language: lang })} value={urls.rss} />
      <p className="hint">{t('ingest.private')}</p>
    </section>
  );
}
