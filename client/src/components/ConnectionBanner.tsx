import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../realtime/useMeeting.js';

/** Refusals get their own full-page message; this covers the moments in between. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  if (status === 'offline') {
    return (
      <div className="banner banner-alert" role="alert">
        {t('connection.offline')}
      </div>
    );
  }
  if (status === 'connecting') {
    return (
      <div className="banner" role="status" data-loading="">
        {t('connection.connecting')}
      </div>
    );
  }
  return null;
}
