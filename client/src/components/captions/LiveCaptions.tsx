import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { captionLanguagesOfLink, chooseCaptionLanguage } from '../../captions/layout.js';
import type { CaptionPreferences } from '../../captions/preferences.js';
import { useCaptionPreferences } from '../../captions/useCaptionPreferences.js';
import { useCaptions, type CaptionFeed } from '../../captions/useCaptions.js';
import type { LiveMeeting } from '../MeetingGate.js';
import { CaptionBar, CaptionControls } from './CaptionBar.js';
import { Transcript } from './Transcript.js';

export interface LiveCaptionsState {
  feed: CaptionFeed | null;
  language: Language | null;
  preferences: CaptionPreferences;
  update: (change: Partial<CaptionPreferences>) => void;
}

/**
 * Captions for a participant's or viewer's page, in the language they last chose, else the one
 * their link names (`?captions=ar`), else the interface's language, else the meeting's first.
 */
export function useLiveCaptions(meeting: LiveMeeting): LiveCaptionsState {
  const { i18n } = useTranslation();
  const [preferences, update] = useCaptionPreferences();
  const { languages } = meeting.state;
  const ofLink = captionLanguagesOfLink(location.search, languages);
  const language = chooseCaptionLanguage([preferences.language, ...ofLink, i18n.resolvedLanguage], languages);
  const feed = useCaptions(meeting, language);
  return { feed, language, preferences, update };
}

/** The caption bar with its controls, placed above or below the page's content by the page. */
export function CaptionArea({ captions, languages }: { captions: LiveCaptionsState; languages: readonly Language[] }) {
  const { feed, language, preferences, update } = captions;
  return (
    <div className="caption-area-standard">
      <CaptionControls
        languages={languages}
        language={language}
        onLanguage={(chosen) => update({ language: chosen })}
        preferences={preferences}
        onChange={update}
      />
      {preferences.visible && <CaptionBar feed={feed} preferences={preferences} />}
    </div>
  );
}

export function CaptionTranscript({ captions, meeting }: { captions: LiveCaptionsState; meeting: LiveMeeting }) {
  return (
    <Transcript
      feed={captions.feed}
      state={meeting.state}
      announce={captions.preferences.announce}
      onAnnounce={(announce) => captions.update({ announce })}
    />
  );
}
