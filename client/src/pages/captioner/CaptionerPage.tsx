import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { chooseCaptionLanguage } from '../../../../shared/captions/language-choice.js';
import {
  loadCaptionerSettings,
  saveCaptionerSettings,
  type CaptionerSettings,
} from '../../captions/shortcuts.js';
import { useCaptions } from '../../captions/useCaptions.js';
import { CaptionLanguageField } from '../../components/captions/CaptionLanguageField.js';
import { MeetingGate, type LiveMeeting } from '../../components/MeetingGate.js';
import { PageLayout } from '../../components/PageLayout.js';
import { CaptionDeskPanel } from './CaptionDeskPanel.js';
import { IngestPanel } from './IngestPanel.js';
import { ShortcutSettings } from './ShortcutSettings.js';
import { WritingDesk } from './WritingDesk.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';

export function CaptionerPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate
      meetingId={meetingId}
      page="captioner"
      heading={t('captioner.heading')}
      admits={(you) => you.role === 'captioner'}
    >
      {(meeting) => <CaptionerConsole meeting={meeting} />}
    </MeetingGate>
  );
}

const languageKey = (meetingId: string) => `openfloor.captioner.language.${meetingId}`;

function storedLanguage(meetingId: string): string | null {
  try {
    return localStorage.getItem(languageKey(meetingId));
  } catch {
    return null;
  }
}

/** The CART writer's console: live writing, speaker labels, hand-over, and CAT-software links. */
function CaptionerConsole({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const [chosen, setChosen] = useState<string | null>(() => storedLanguage(state.id));
  const language = chooseCaptionLanguage([chosen], state.languages);
  const feed = useCaptions(meeting, language);
  const [settings, setSettings] = useState<CaptionerSettings>(loadCaptionerSettings);

  const chooseLanguage = (next: Language) => {
    setChosen(next);
    try {
      localStorage.setItem(languageKey(state.id), next);
    } catch {
      // The choice then lasts for this page only.
    }
  };
  const changeSettings = (next: CaptionerSettings) => {
    setSettings(next);
    saveCaptionerSettings(next);
  };

  return (
    <PageLayout heading={t('captioner.heading')} context={state.title} connection={meeting.status}>
      <CaptionLanguageField
        label={t('captioner.language')}
        fieldClassName="captioner-language"
        languages={state.languages}
        value={language}
        onChange={chooseLanguage}
      />
      {feed && language ? (
        <WritingDesk key={language} meeting={meeting} feed={feed} settings={settings} />
      ) : (
        <LoadingNotice />
      )}
      {language && <CaptionDeskPanel meeting={meeting} language={language} />}
      <div className="columns">
        <ShortcutSettings settings={settings} onChange={changeSettings} />
        {language && <IngestPanel meetingId={state.id} token={meeting.token} language={language} />}
      </div>
    </PageLayout>
  );
}
