import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../realtime/useMeeting.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { ForgetDeviceButton } from './ForgetDevice.js';
import { LanguageSwitcher } from './LanguageSwitcher.js';

interface PageLayoutProps {
  /** The page's main heading; also the start of the document title. */
  heading: string;
  /** What the heading is about (the meeting), when the heading alone is not enough. */
  context?: string;
  connection?: ConnectionStatus;
  variant?: 'standard' | 'screen';
  children: ReactNode;
}

export function PageLayout({ heading, context, connection, variant = 'standard', children }: PageLayoutProps) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = [heading, context, 'OpenFloor'].filter(Boolean).join(' – ');
  }, [heading, context]);
  return (
    <div className={`page page-${variant}`}>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="page-header">
        <a className="brand" href="/">
          OpenFloor
        </a>
        {context && variant === 'standard' && (
          <p className="page-context">
            <bdi>{context}</bdi>
          </p>
        )}
        <LanguageSwitcher />
        {variant === 'standard' && <ForgetDeviceButton />}
      </header>
      {connection && <ConnectionBanner status={connection} />}
      <main id="main" tabIndex={-1}>
        <h1 className={variant === 'screen' ? 'visually-hidden' : undefined}>{heading}</h1>
        {children}
      </main>
    </div>
  );
}
