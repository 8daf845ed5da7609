import { useTranslation } from 'react-i18next';
import { PageLayout } from '../components/PageLayout.js';
import { meetingTokenKey, useFragmentSecret } from '../secrets.js';

/**
 * Captioning is not built yet. The link is still taken in (and cleared from the address bar)
 * so the same link works once the console exists.
 */
export function CaptionerPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  useFragmentSecret('token', meetingTokenKey(meetingId));
  return (
    <PageLayout heading={t('captioner.heading')}>
      <p className="notice">{t('captioner.unavailable')}</p>
    </PageLayout>
  );
}
