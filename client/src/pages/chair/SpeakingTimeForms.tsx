import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { formatClock } from '../../../../shared/speaker-queue/timing.js';
import { NumberField } from '../../components/Field.js';
import { useEdited } from '../../components/useEdited.js';
import type { Ask, Run } from './types.js';

const MIN_SECONDS = 10;
const MAX_SECONDS = 3600;

interface SpeakingTimeFormsProps {
  state: MeetingState;
  topic: Topic | null;
  run: Run;
  ask: Ask;
}

export function SpeakingTimeForms({ state, topic, run, ask }: SpeakingTimeFormsProps) {
  const { t } = useTranslation();
  const floor = topic?.floor ?? null;

  /**
   * A new limit counts for the next speeches; while someone speaks, the chair is asked whether
   * it should count for the speech in progress too.
   */
  const offerToApply = (seconds: number | null, send: (applyToSpeechId?: string) => Promise<unknown>) => {
    if (!floor || floor.timeLimitSec === seconds) return send();
    const name = participantById(state, floor.participantId)?.displayName ?? t('people.unknown');
    const limit = seconds === null ? t('floorConsole.applyLimit.none') : formatClock(seconds * 1000);
    ask({
      heading: t('floorConsole.applyLimit.heading'),
      body: t('floorConsole.applyLimit.body', { name, limit }),
      question: { about: 'applyLimit', floor: { id: floor.id, participantId: floor.participantId } },
      actions: [
        { label: t('floorConsole.applyLimit.apply', { name }), primary: true, onChoose: () => void send(floor.id) },
        { label: t('floorConsole.applyLimit.later'), onChoose: () => void send() },
      ],
    });
    return Promise.resolve(null);
  };

  return (
    <section className="panel" aria-labelledby="speaking-time-heading">
      <h2 id="speaking-time-heading">{t('speakingTime.heading')}</h2>
      <p className="hint">{t('speakingTime.hint')}</p>
      <LimitForm
        label={t('speakingTime.meeting')}
        submitLabel={t('speakingTime.setMeeting')}
        seconds={state.speakingTimeLimitSec}
        onSubmit={(seconds) =>
          // Only a speech under the meeting's limit (its topic has none of its own) follows it.
          topic?.speakingTimeLimitSec == null
            ? offerToApply(seconds, (applyToSpeechId) => run('meeting:setSpeakingTime', { seconds, applyToSpeechId }))
            : run('meeting:setSpeakingTime', { seconds })
        }
      />
      {topic && (
        <LimitForm
          key={topic.id}
          label={t('speakingTime.topic')}
          submitLabel={t('speakingTime.setTopic')}
          seconds={topic.speakingTimeLimitSec}
          onSubmit={(seconds) =>
            offerToApply(seconds ?? state.speakingTimeLimitSec, (applyToSpeechId) =>
              run('topic:setSpeakingTime', {
                topicId: topic.id,
                seconds,
                // Without a limit of its own the topic falls back to the meeting's.
                ...(applyToSpeechId ? { applyToSpeechId } : {}),
              }),
            )
          }
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

/** An empty field means no limit of its own. It follows the limit set on another console unless typed in. */
function LimitForm({ label, submitLabel, seconds, onSubmit }: LimitFormProps) {
  const id = useId();
  const [value, setValue] = useEdited(seconds === null ? '' : String(seconds));
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
