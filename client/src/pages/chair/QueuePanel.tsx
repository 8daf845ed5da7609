import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, QueueEntry, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { PersonSummary } from '../../components/People.js';
import { PresenceSummary } from '../../media/MediaViews.js';
import { presenceOf } from '../../media/presence.js';
import type { MediaPresenceView } from '../../../../shared/protocol/media.js';
import { formatDuration } from '../../format.js';
import { useServerNow } from '../../realtime/clock.js';
import type { Run } from './types.js';

interface QueuePanelProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  run: Run;
  /** The server's audio/video presence view: remote entries show whether they can be heard. */
  media: MediaPresenceView | null;
}

export function QueuePanel({ state, topic, clockOffsetMs, run, media }: QueuePanelProps) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs, 1000);
  const heading = useRef<HTMLHeadingElement>(null);

  /** The entry and its buttons go away: keep keyboard focus in the list rather than losing it. */
  const runAndRefocus: Run = async (type, payload) => {
    const result = await run(type, payload);
    if (result !== false) heading.current?.focus();
    return result;
  };

  return (
    <section className="panel" aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={heading} tabIndex={-1}>
        {t('queue.heading')}
      </h2>
      <p className={topic.listClosed ? 'notice' : 'list-state'}>
        {topic.listClosed ? t('queue.closed') : t('queue.open')}
      </p>
      <div className="button-row">
        {topic.listClosed ? (
          <button type="button" onClick={() => void run('queue:reopen', {})}>
            {t('queue.reopen')}
          </button>
        ) : (
          <button type="button" onClick={() => void run('queue:close', {})}>
            {t('queue.close')}
          </button>
        )}
        <GuardedButton unavailable={topic.history.length === 0} onClick={() => void run('queue:readdLast', {})}>
          {t('queue.readdLast')}
        </GuardedButton>
      </div>
      {topic.queue.length === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <ol className="queue queue-chair">
          {topic.queue.map((entry, index) => (
            <ChairQueueEntry
              key={entry.id}
              state={state}
              entry={entry}
              index={index}
              last={index === topic.queue.length - 1}
              waitedMs={now - entry.requestedAt}
              media={media}
              run={run}
              runAndRefocus={runAndRefocus}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface ChairQueueEntryProps {
  state: MeetingState;
  entry: QueueEntry;
  index: number;
  last: boolean;
  waitedMs: number;
  media: MediaPresenceView | null;
  run: Run;
  runAndRefocus: Run;
}

function ChairQueueEntry({ state, entry, index, last, waitedMs, media, run, runAndRefocus }: ChairQueueEntryProps) {
  const { t } = useTranslation();
  const nameId = `entry-${entry.id}`;
  const participant = participantById(state, entry.participantId);
  return (
    <li>
      <span id={nameId}>
        <PersonSummary participant={participant} kind={entry.kind} showGroup />
      </span>
      {participant?.attendance === 'remote' && media?.available && (
        <PresenceSummary presence={presenceOf(media, entry.participantId)} />
      )}
      <span className="waited">{t('queue.waited', { time: formatDuration(waitedMs) })}</span>
      <span className="button-row entry-actions">
        <button
          type="button"
          className="primary"
          aria-describedby={nameId}
          onClick={() => void runAndRefocus('floor:give', { entryId: entry.id })}
        >
          {t('queue.give')}
        </button>
        <GuardedButton
          unavailable={index === 0}
          aria-describedby={nameId}
          onClick={() => void run('queue:move', { entryId: entry.id, toIndex: index - 1 })}
        >
          {t('queue.moveUp')}
        </GuardedButton>
        <GuardedButton
          unavailable={last}
          aria-describedby={nameId}
          onClick={() => void run('queue:move', { entryId: entry.id, toIndex: index + 1 })}
        >
          {t('queue.moveDown')}
        </GuardedButton>
        <button
          type="button"
          aria-describedby={nameId}
          onClick={() => void runAndRefocus('queue:withdraw', { entryId: entry.id })}
        >
          {t('queue.remove')}
        </button>
      </span>
    </li>
  );
}
