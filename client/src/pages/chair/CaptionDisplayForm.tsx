import { useId, useState, type CSSProperties, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  captionArrangements,
  captionThemes,
  STACKED_LINES_MAX,
  type CaptionDisplay,
  type Language,
  type MeetingState,
} from '../../../../shared/meeting/model.js';
import { CaptionLanguagesField } from '../../components/captions/CaptionLanguagesField.js';
import { Choice } from '../../components/Choice.js';
import { NumberField, SelectField } from '../../components/Field.js';
import type { Run } from './types.js';
import { useEditedFields } from '../../components/useEdited.js';
import { hasSignBooth } from '../../media/Interpretation.js';

const LINE_COUNTS = [3, 4, 5, 6, 7, 8] as const;
const RECENT_COUNTS = [0, 1, 2, 3] as const;
/** 32 for Latin and Cyrillic scripts; 37 and 42 for wide screens (DCMP). */
const PRESET_LENGTHS = [32, 37, 42] as const;
const MIN_LENGTH = 15;
const MAX_LENGTH = 60;

type LengthChoice = (typeof PRESET_LENGTHS)[number] | 'other';

function isPreset(length: number): length is (typeof PRESET_LENGTHS)[number] {
  return (PRESET_LENGTHS as readonly number[]).includes(length);
}

/**
 * How the room screen shows captions (languages, rows, characters per row, colours) and how many
 * finished speeches it lists.
 */
export function CaptionDisplayForm({ state, run }: { state: MeetingState; run: Run }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  return (
    <section className="panel" aria-labelledby="caption-display-heading">
      <h2 id="caption-display-heading">{t('captionDisplay.heading')}</h2>
      <p className="hint">{t('captionDisplay.hint')}</p>
      <DisplayForm display={state.captionDisplay} languages={state.languages} signBooth={hasSignBooth(state)} run={run} onSaved={setSaved} />
      <p className="form-status" role="status">
        {saved ? t('captionDisplay.saved') : ''}
      </p>
    </section>
  );
}

/** The form's fields: the length as chosen (a preset or another, typed). */
interface Fields {
  screenLanguages: Language[];
  arrangement: CaptionDisplay['arrangement'];
  recentSpeakers: number;
  signer: boolean;
  lines: number;
  lengthChoice: LengthChoice;
  otherLength: string;
  theme: CaptionDisplay['theme'];
}

function fieldsOf(display: CaptionDisplay, languages: readonly Language[]): Fields {
  const chosen = display.screenLanguages.filter((language) => languages.includes(language));
  return {
    screenLanguages: chosen.length > 0 ? chosen : languages.slice(0, 1),
    arrangement: display.arrangement,
    recentSpeakers: display.recentSpeakers,
    signer: display.signer,
    lines: display.lines,
    lengthChoice: isPreset(display.lineLength) ? display.lineLength : 'other',
    otherLength: String(display.lineLength),
    theme: display.theme,
  };
}

interface DisplayFormProps {
  display: CaptionDisplay;
  /** The meeting's languages, to caption the screen in. */
  languages: readonly Language[];
  /** The meeting has a sign-language booth: screens may show its interpreter. */
  signBooth: boolean;
  run: Run;
  onSaved: (saved: boolean) => void;
}

/**
 * The display as it is now (the console follows it) except the fields changed here, which are
 * kept: a change made on another console (the chair's and the secretariat's, or two chairs') is
 * shown, and no longer wipes what is being edited here; applying sends those fields onto the
 * display in force.
 */
function DisplayForm({ display, languages, signBooth, run, onSaved }: DisplayFormProps) {
  const { t } = useTranslation();
  const linesId = useId();
  const recentId = useId();
  const otherId = useId();
  const { fields, edit: change, settle } = useEditedFields(fieldsOf(display, languages));
  const { screenLanguages, arrangement, recentSpeakers, signer, lines, lengthChoice, otherLength, theme } = fields;
  const edit =
    <K extends keyof Fields>(key: K) =>
    (value: Fields[K]) =>
      change({ [key]: value } as Partial<Fields>);
  const [problem, setProblem] = useState<string | null>(null);

  const lineLength = lengthChoice === 'other' ? Number(otherLength) : lengthChoice;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onSaved(false);
    if (!Number.isInteger(lineLength) || lineLength < MIN_LENGTH || lineLength > MAX_LENGTH) {
      setProblem(t('captionDisplay.badLength', { min: MIN_LENGTH, max: MAX_LENGTH }));
      return;
    }
    setProblem(null);
    const done = await run('meeting:setCaptionDisplay', {
      display: { lines, lineLength, theme, screenLanguages, arrangement, recentSpeakers, signer },
    });
    if (done !== false) settle();
    onSaved(done !== false);
  };

  const previewStyle = { maxInlineSize: `${Number.isFinite(lineLength) ? lineLength : 32}ch` } as CSSProperties;
  return (
    <form onSubmit={(event) => void submit(event)}>
      {languages.length > 1 && (
        <>
          <CaptionLanguagesField
            label={t('captionDisplay.languages')}
            languages={languages}
            most={2}
            value={screenLanguages}
            onChange={edit('screenLanguages')}
          />
          {screenLanguages.length > 1 && (
            <Choice
              legend={t('captionDisplay.arrangement')}
              options={captionArrangements}
              value={arrangement}
              label={(option) => t(`captionDisplay.arrangements.${option}`, { max: STACKED_LINES_MAX })}
              onChange={edit('arrangement')}
            />
          )}
          <p className="hint">{t('captionDisplay.linkLanguages')}</p>
        </>
      )}
      <SelectField
        id={linesId}
        label={t('captionDisplay.lines')}
        value={lines}
        onChange={(event) => edit('lines')(Number(event.target.value))}
      >
        {LINE_COUNTS.map((count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </SelectField>
      <Choice
        legend={t('captionDisplay.lineLength')}
        options={[...PRESET_LENGTHS, 'other'] as const}
        value={lengthChoice}
        label={(choice) =>
          choice === 'other' ? t('captionDisplay.otherLength') : t('captionDisplay.characters', { count: choice })
        }
        onChange={edit('lengthChoice')}
      />
      {lengthChoice === 'other' && (
        <NumberField
          id={otherId}
          label={t('captionDisplay.otherLengthField', { min: MIN_LENGTH, max: MAX_LENGTH })}
          inputMode="numeric"
          min={MIN_LENGTH}
          max={MAX_LENGTH}
          value={otherLength}
          invalid={Boolean(problem)}
          onChange={(event) => edit('otherLength')(event.target.value)}
        />
      )}
      <Choice
        legend={t('captionDisplay.theme')}
        options={captionThemes}
        value={theme}
        label={(option) => t(`captionTheme.${option}`)}
        swatch={(option) => `caption-theme-${option}`}
        onChange={edit('theme')}
      />
      <div className={`caption-preview caption-theme-${theme}`} aria-hidden="true">
        <p style={previewStyle}>{t('captionDisplay.sample')}</p>
      </div>
      <SelectField
        id={recentId}
        label={t('captionDisplay.recentSpeakers')}
        value={recentSpeakers}
        onChange={(event) => edit('recentSpeakers')(Number(event.target.value))}
      >
        {RECENT_COUNTS.map((count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </SelectField>
      {signBooth && (
        <p className="media-option">
          <label>
            <input type="checkbox" checked={signer} onChange={(event) => edit('signer')(event.target.checked)} /> {t('captionDisplay.signer')}
          </label>
        </p>
      )}
      <p className="failure" role="alert">
        {problem}
      </p>
      <button type="submit">{t('captionDisplay.submit')}</button>
    </form>
  );
}
