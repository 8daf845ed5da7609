import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { useServerNow } from '../realtime/clock.js';
import { Countdown } from './Countdown.js';
import { PersonSummary } from './People.js';

interface FloorPanelProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  /** The chair's controls. */
  children?: ReactNode;
}

/** Who has the floor and how long they have left. */
export function FloorPanel({ state, topic, clockOffsetMs, children }: FloorPanelProps) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs);
  const headingId = useId();
  const floor = topic.floor;
  return (
    <section className="panel floor-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('floor.heading')}</h2>
      {floor ? (
        <>
          <p className="current-speaker">
            <PersonSummary
              participant={participantById(state, floor.participantId)}
              attendance={floor.attendance}
              kind={floor.kind}
              showGroup
            />
          </p>
          <Countdown speech={floor} now={now} warningSec={state.warningSec} />
        </>
      ) : (
        <p className="empty">{t('floor.nobody')}</p>
      )}
      {children}
    </section>
  );
}
