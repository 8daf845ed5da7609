import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../../shared/meeting/model.js';
import { NumberField } from '../../components/Field.js';
import type { Run } from './types.js';

const MIN_SECONDS = 10;
const MAX_SECONDS = 3600;

export function SpeakingTimeForms({ state, topic, run }: { state: MeetingState; topic: Topic | null; run: Run }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="speaking-time-heading">
      <h2 id="speaking-time-heading">{t('speakingTime.heading')}</h2>
      <p className="hint">{t('speakingTime.hint')}</p>
      {/* Keyed by the value in force so the field follows changes made elsewhere. */}
      <LimitForm
        key={`meeting-${state.speakingTimeLimitSec}`}
        label={t('speakingTime.meeting')}
        submitLabel={t('speakingTime.setMeeting')}
        seconds={state.speakingTimeLimitSec}
        onSubmit={(seconds) => run('meeting:setSpeakingTime', { seconds })}
      />
      {topic && (
        <LimitForm
          key={`${topic.id}-${topic.speakingTimeLimitSec}`}
          label={t('speakingTime.topic')}
          submitLabel={t('speakingTime.setTopic')}
          seconds={topic.speakingTimeLimitSec}
          onSubmit={(seconds) => run('topic:setSpeakingTime', { topicId: topic.id, seconds })}
        />
      )}
    </section>
  );
}

interface LimitFormProps {
  label: string;
  submitLabel: string;
  seconds: number | null;
  onSubmit: (seconds: number | null) => Promise<unknown>;
}

/** An empty field means no limit of its own. */
function LimitForm({ label, submitLabel, seconds, onSubmit }: LimitFormProps) {
  const id = useId();
  const [value, setValue] = useState(seconds === null ? '' : String(seconds));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit(value.trim() === '' ? null : Number(value));
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <NumberField
        id={id}
        label={label}
        inputMode="numeric"
        min={MIN_SECONDS}
        max={MAX_SECONDS}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit">{submitLabel}</button>
    </form>
  );
}
