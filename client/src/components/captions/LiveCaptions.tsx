import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/meeting/model.js';
import { chooseCaptionLanguage } from '../../../../shared/captions/language-choice.js';
import { captionCandidates } from '../../captions/layout.js';
import type { CaptionPreferences } from '../../captions/preferences.js';
import { useCaptionPreferences } from '../../captions/useCaptionPreferences.js';
import { useCaptions, type CaptionFeed } from '../../captions/useCaptions.js';
import type { LiveMeeting } from '../MeetingGate.js';
import { CaptionBar, CaptionControls, CaptionsElsewhere } from './CaptionBar.js';
import { Transcript } from './Transcript.js';

export interface LiveCaptionsState {
  feed: CaptionFeed | null;
  language: Language | null;
  /** The languages being captioned now. */
  live: readonly Language[];
  preferences: CaptionPreferences;
  update: (change: Partial<CaptionPreferences>) => void;
  /**
   * Choosing the other position mounts the caption area afresh at the other end of the page:
   * whether its settings are open, and that the focus goes back to the position chosen, live
   * here, with the page, so a keyboard user keeps their place.
   */
  settingsOpen: boolean;
  setSettingsOpen: (open: boolean) => void;
  moved: RefObject<boolean>;
}

/**
 * Captions for a participant's or viewer's page, in the language they last chose, else the one
 * their link names (`?captions=ar`), else the interface's language, else the meeting's first.
 */
export function useLiveCaptions(meeting: LiveMeeting): LiveCaptionsState {
  const { i18n } = useTranslation();
  const [preferences, update] = useCaptionPreferences();
  const { languages } = meeting.state;
  const language = chooseCaptionLanguage(captionCandidates(preferences.language, location.search, languages, i18n.resolvedLanguage), languages);
  // The page's transcript wants every line, those missed while away included.
  const feed = useCaptions(meeting, language, { history: true });
  const [settingsOpen, setSettingsOpen] = useState(false);
  const moved = useRef(false);
  return { feed, language, live: meeting.captionsLive, preferences, update, settingsOpen, setSettingsOpen, moved };
}

/** The caption bar with its controls, placed above or below the page's content by the page. */
export function CaptionArea({ captions, languages }: { captions: LiveCaptionsState; languages: readonly Language[] }) {
  const { feed, language, live, preferences, update, settingsOpen, setSettingsOpen, moved } = captions;
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    area.current?.querySelector<HTMLInputElement>(`input[type="radio"][value="${preferences.position}"]`)?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, where the area lands
  return (
    <div className="caption-area-standard" ref={area}>
      <CaptionControls
        languages={languages}
        live={live}
        language={language}
        onLanguage={(chosen) => update({ language: chosen })}
        preferences={preferences}
        onChange={(change) => {
          if (change.position !== undefined && change.position !== preferences.position) moved.current = true;
          update(change);
        }}
        settingsOpen={settingsOpen}
        onSettingsToggle={setSettingsOpen}
      />
      {preferences.visible && (
        <CaptionsElsewhere
          language={language}
          live={live}
          onLanguage={(chosen) => {
            update({ language: chosen });
            // The button pressed goes with the notice: the keyboard lands on the choice it made.
            area.current?.querySelector<HTMLSelectElement>('.caption-language select')?.focus();
          }}
        />
      )}
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
