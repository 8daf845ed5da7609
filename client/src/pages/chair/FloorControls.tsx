import { useId, useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleIntent } from '../../../../shared/meeting/intents.js';
import type { MeetingState, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { isPaused } from '../../../../shared/speaker-queue/queue.js';
import { FloorPanel } from '../../components/FloorPanel.js';
import { ChairStatementEntry, NextStatement } from '../../components/WrittenStatement.js';
import { statementFor } from '../../../../shared/speaker-queue/statements.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { RoomStationNotice, SpeakerMedia } from '../../media/ChairMedia.js';
import type { MediaPresenceView } from '../../../../shared/protocol/media.js';
import type { MeetingConnection } from '../../realtime/useMeeting.js';
import type { ChairBindings } from './shortcuts.js';
import { useSetAside } from './StatementsPanel.js';
import type { Ask, Run } from './types.js';

/** What "Add time" gives, by button or by key. */
export const ADD_TIME_SECONDS = 60;

interface FloorControlsProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  act: (intent: ConsoleIntent) => Promise<unknown>;
  run: Run;
  ask: Ask;
  bindings: ChairBindings;
  /** The server's audio/video presence view, for the remote speaker's microphone. */
  media: MediaPresenceView | null;
  request: MeetingConnection['request'];
}

/**
 * The second click of a double click is not a second command: by the time it comes the
 * console may already show the next speaker, and "Next" would skip her.
 */
export function once(handler: () => void) {
  return (event: MouseEvent<HTMLButtonElement>) => {
    if (event.detail <= 1) handler();
  };
}

/** A button's key, shown on it and announced with its name. */
export function KeyHint({ label }: { label: string }) {
  return (
    <kbd className="key-hint" dir="ltr">
      {label}
    </kbd>
  );
}

export function FloorControls({ state, topic, clockOffsetMs, act, run, ask, bindings, media, request }: FloorControlsProps) {
  const { t } = useTranslation();
  const floor = topic.floor;
  const next = topic.queue[0];
  const nextName = next ? participantById(state, next.participantId)?.displayName : undefined;
  const speaking = floor && { statement: statementFor(topic, floor.id), name: participantById(state, floor.participantId)?.displayName ?? t('people.unknown') };
  const floorStatement = speaking?.statement;
  const setAside = useSetAside(ask, run);
  return (
    <FloorPanel state={state} topic={topic} clockOffsetMs={clockOffsetMs} statementOpen>
      <div className="button-row">
        <GuardedButton
          className="primary"
          unavailable={!next}
          aria-keyshortcuts={bindings.next.label}
          onClick={once(() => void act({ action: 'next' }))}
        >
          {t('floor.next')} <KeyHint label={bindings.next.label} />
        </GuardedButton>
        <GuardedButton unavailable={!floor} aria-keyshortcuts={bindings.end.label} onClick={once(() => void act({ action: 'end' }))}>
          {t('floor.end')} <KeyHint label={bindings.end.label} />
        </GuardedButton>
        {floor && isPaused(floor) ? (
          <GuardedButton
            unavailable={false}
            aria-keyshortcuts={bindings.pauseResume.label}
            onClick={() => void act({ action: 'resume' })}
          >
            {t('floor.resume')} <KeyHint label={bindings.pauseResume.label} />
          </GuardedButton>
        ) : (
          <GuardedButton
            unavailable={!floor}
            aria-keyshortcuts={bindings.pauseResume.label}
            onClick={() => void act({ action: 'pause' })}
          >
            {t('floor.pause')} <KeyHint label={bindings.pauseResume.label} />
          </GuardedButton>
        )}
      </div>
      {nextName && <p className="next-up">{t('floorConsole.nextUp', { name: nextName })}</p>}
      <NextStatement state={state} topic={topic} />
      {floor && floor.timeLimitSec !== null && (
        <SpeechTime speechId={floor.id} addedMs={floor.addedMs ?? 0} run={run} addKey={bindings.addTime.label} />
      )}
      <RoomStationNotice state={state} media={media} />
      <SpeakerMedia key={floor?.id ?? 'none'} topic={topic} media={media} request={request} />
      {speaking && floorStatement && (
        <button type="button" className="statement-set-aside" onClick={() => setAside(floorStatement, speaking.name, 'onFloor')}>
          {t('statement.setAsideOnFloor')}
        </button>
      )}
      {speaking && (
        <ChairStatementEntry
          // A key of its own: the speaker media beside it is keyed by the speech id, and siblings sharing a key are duplicated.
          key={`statement-${floor.id}`}
          state={state}
          requestId={floor.id}
          statement={floorStatement}
          speakerName={speaking.name}
          run={run}
        />
      )}
    </FloorPanel>
  );
}

/** More time for the speech in progress, or its countdown started again. */
function SpeechTime({ speechId, addedMs, run, addKey }: { speechId: string; addedMs: number; run: Run; addKey: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [minutes, setMinutes] = useState('2');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = Math.round(Number(minutes) * 60);
    if (Number.isFinite(seconds) && seconds >= 1) void run('floor:addTime', { speechId, seconds: Math.min(seconds, 3600), expectedAddedMs: addedMs });
  };
  return (
    <div className="speech-time">
      <button
        type="button"
        aria-keyshortcuts={addKey}
        onClick={() => void run('floor:addTime', { speechId, seconds: ADD_TIME_SECONDS, expectedAddedMs: addedMs })}
      >
        {t('floorConsole.addMinute')} <KeyHint label={addKey} />
      </button>
      <form className="inline-form add-time-form" onSubmit={submit}>
        <label htmlFor={id}>{t('floorConsole.addMinutes')}</label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={0.5}
          max={60}
          step={0.5}
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <button type="submit">{t('floorConsole.add')}</button>
      </form>
      <button type="button" onClick={() => void run('floor:restart', { speechId, expectedAddedMs: addedMs })}>
        {t('floorConsole.restart')}
      </button>
    </div>
  );
}
