import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { statementFor } from '../../../shared/speaker-queue/statements.js';
import { useServerNow } from '../realtime/clock.js';
import { Countdown } from './Countdown.js';
import { PersonSummary } from './People.js';
import { NextStatement, StatementOnFloor } from './WrittenStatement.js';

interface FloorPanelProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  /** The chair's controls. */
  children?: ReactNode;
  /** The written statement of the speech on the floor shown unfolded, for whoever reads it out. */
  statementOpen?: boolean;
  /** False on its author's own page, which shows it with what they can do with it. */
  statementShown?: boolean;
  /** The next speaker's written statement too, folded, for those who prepare it (interpreters). */
  readAhead?: boolean;
}

/** Who has the floor and how long they have left. */
export function FloorPanel({ state, topic, clockOffsetMs, children, statementOpen = false, statementShown = true, readAhead = false }: FloorPanelProps) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs);
  const headingId = useId();
  const floor = topic.floor;
  const statement = floor ? statementFor(topic, floor.id) : undefined;
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
              inWriting={statement !== undefined}
            />
          </p>
          <Countdown speech={floor} now={now} warningSec={state.warningSec} />
        </>
      ) : (
        <p className="empty">{t('floor.nobody')}</p>
      )}
      {children}
      {/* After the controls: a long statement must not push them out of reach. */}
      {statement && statementShown && <StatementOnFloor state={state} statement={statement} open={statementOpen} />}
      {readAhead && <NextStatement state={state} topic={topic} />}
    </section>
  );
}
