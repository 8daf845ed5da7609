import { useTranslation } from 'react-i18next';
import { PageLayout } from './components/PageLayout.js';
import { CaptionerPage } from './pages/captioner/CaptionerPage.js';
import { CyclesPage } from './pages/cycle/CyclesPage.js';
import { ChairPage } from './pages/chair/ChairPage.js';
import { LandingPage } from './pages/LandingPage.js';
import { OverlayPage } from './pages/OverlayPage.js';
import { ParticipantPage } from './pages/ParticipantPage.js';
import { RegisterPage } from './pages/RegisterPage.js';
import { ScreenPage } from './pages/ScreenPage.js';
import { SetupPage } from './pages/setup/SetupPage.js';
import { VenuePage } from './pages/VenuePage.js';
import { InterpreterPage } from './pages/InterpreterPage.js';
import { ViewerPage } from './pages/ViewerPage.js';
import { routeOf } from './routes.js';

/** Every page is its own load: links arrive from e-mail and chat, not from in-app navigation. */
export function App() {
  const route = routeOf(location.pathname);
  switch (route.page) {
    case 'landing':
      return <LandingPage />;
    case 'setup':
      return <SetupPage />;
    case 'cycles':
      return <CyclesPage />;
    case 'chair':
      return <ChairPage meetingId={route.meetingId} />;
    case 'participant':
      return <ParticipantPage meetingId={route.meetingId} />;
    case 'screen':
      return <ScreenPage meetingId={route.meetingId} />;
    case 'viewer':
      return <ViewerPage meetingId={route.meetingId} />;
    case 'register':
      return <RegisterPage meetingId={route.meetingId} />;
    case 'captioner':
      return <CaptionerPage meetingId={route.meetingId} />;
    case 'venue':
      return <VenuePage meetingId={route.meetingId} />;
    case 'interpreter':
      return <InterpreterPage meetingId={route.meetingId} />;
    case 'overlay':
      return <OverlayPage meetingId={route.meetingId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <PageLayout heading={t('notFound.heading')}>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </PageLayout>
  );
}
