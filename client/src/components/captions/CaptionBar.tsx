import { useId, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { captionThemes, type Language } from '../../../../shared/meeting/model.js';
import { barLines } from '../../captions/layout.js';
import { formatList } from '../../format.js';
import {
  captionBarLineCounts,
  captionFontSizes,
  captionPositions,
  type CaptionPreferences,
} from '../../captions/preferences.js';
import { useCaptionStream, type CaptionFeed } from '../../captions/useCaptions.js';
import { CaptionLanguageField } from './CaptionLanguageField.js';
import { Choice } from '../Choice.js';

interface CaptionBarProps {
  feed: CaptionFeed | null;
  preferences: CaptionPreferences;
}

/**
 * The caption bar over a participant's or viewer's page: the last committed line and the
 * provisional tail, rolling up. Not a live region (per-keystroke text would make a screen
 * reader talk over the speaker); the transcript announces committed lines instead.
 */
export function CaptionBar({ feed, preferences }: CaptionBarProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const lines = barLines(useCaptionStream(feed), preferences.lines);
  const style = { '--caption-bar-lines': preferences.lines } as CSSProperties;
  return (
    <section
      className={`caption-bar caption-theme-${preferences.theme} caption-size-${preferences.fontSize}`}
      aria-labelledby={headingId}
      style={style}
    >
      <h2 id={headingId} className="visually-hidden">
        {t('captions.barHeading')}
      </h2>
      {feed && (
        <div className="caption-bar-text" lang={feed.language} dir={i18n.dir(feed.language)}>
          {lines.length > 0 ? (
            lines.map((line, index) => (
              <p key={index} className="caption-bar-line">
                {line}
              </p>
            ))
          ) : (
            <p className="caption-bar-line caption-waiting" lang={i18n.language} dir={i18n.dir()}>
              {feed.status === 'unavailable' ? t('captions.unavailable') : t('captions.waiting')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Said while nobody writes the chosen language and someone writes another: a viewer who picked
 * Arabic would otherwise wait at "captions appear here" while English captions run. Always in
 * the page, empty when there is nothing to say, so screen readers hear it when it fills.
 */
export function CaptionsElsewhere({ language, live, onLanguage }: { language: Language | null; live: readonly Language[]; onLanguage: (language: Language) => void }) {
  const { t, i18n } = useTranslation();
  const elsewhere = language !== null && live.length > 0 && !live.includes(language);
  const name = (code: Language) => t(`language.${code}`);
  return (
    <div className="caption-elsewhere" role="status">
      {elsewhere && (
        <div className="notice">
          <p>{t('captions.elsewhere', { language: name(language), live: formatList(live.map(name), i18n.language) })}</p>
          <p className="actions">
            {live.map((code) => (
              <button key={code} type="button" onClick={() => onLanguage(code)}>
                {t('captions.switchTo', { language: name(code) })}
              </button>
            ))}
          </p>
        </div>
      )}
    </div>
  );
}

interface CaptionControlsProps {
  languages: readonly Language[];
  /** The languages being captioned now. */
  live: readonly Language[];
  language: Language | null;
  onLanguage: (language: Language) => void;
  preferences: CaptionPreferences;
  onChange: (change: Partial<CaptionPreferences>) => void;
  settingsOpen: boolean;
  onSettingsToggle: (open: boolean) => void;
}

/** The viewer's own controls: language, showing the bar, text size, colours, position, lines. */
export function CaptionControls({
  languages,
  live,
  language,
  onLanguage,
  preferences,
  onChange,
  settingsOpen,
  onSettingsToggle,
}: CaptionControlsProps) {
  const { t } = useTranslation();
  return (
    <div className="caption-controls">
      {languages.length > 1 && (
        <CaptionLanguageField
          label={t('captions.language')}
          fieldClassName="caption-language"
          languages={languages}
          value={language}
          onChange={onLanguage}
          live={live}
        />
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={preferences.visible}
          onChange={(event) => onChange({ visible: event.target.checked })}
        />
        {t('captions.show')}
      </label>
      <details
        className="caption-settings"
        open={settingsOpen}
        onToggle={(event) => onSettingsToggle(event.currentTarget.open)}
      >
        <summary>{t('captions.settings')}</summary>
        <div className="caption-settings-body">
          <Choice
            legend={t('captions.fontSize')}
            options={captionFontSizes}
            value={preferences.fontSize}
            label={(size) => t(`captions.fontSizes.${size}`)}
            onChange={(fontSize) => onChange({ fontSize })}
          />
          <Choice
            legend={t('captions.colours')}
            options={captionThemes}
            value={preferences.theme}
            label={(theme) => t(`captionTheme.${theme}`)}
            swatch={(theme) => `caption-theme-${theme}`}
            onChange={(theme) => onChange({ theme })}
          />
          <Choice
            legend={t('captions.position')}
            options={captionPositions}
            value={preferences.position}
            label={(position) => t(`captions.positions.${position}`)}
            onChange={(position) => onChange({ position })}
          />
          <Choice
            legend={t('captions.lines')}
            options={captionBarLineCounts}
            value={preferences.lines}
            label={(count) => t('captions.lineCount', { count })}
            onChange={(lines) => onChange({ lines })}
          />
        </div>
      </details>
    </div>
  );
}
