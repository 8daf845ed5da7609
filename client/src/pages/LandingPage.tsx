import { useTranslation } from 'react-i18next';
import { PageLayout } from '../components/PageLayout.js';

export function LandingPage() {
  const { t } = useTranslation();
  return (
    <PageLayout heading={t('landing.heading')}>
      <p className="lead">{t('landing.lead')}</p>
      <ul className="feature-list">
        <li>{t('landing.queue')}</li>
        <li>{t('landing.topics')}</li>
        <li>{t('landing.screens')}</li>
        <li>{t('landing.access')}</li>
      </ul>
      <h2>{t('landing.linksHeading')}</h2>
      <p>{t('landing.links')}</p>
      <p>
        <a className="button-link" href="/setup">
          {t('landing.setup')}
        </a>
      </p>
    </PageLayout>
  );
}
