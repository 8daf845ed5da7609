import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleIntent } from '../../../../shared/meeting/intents.js';
import type { MeetingState, QueueEntry, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { RepliesTo } from '../../components/QueueList.js';
import { AttendanceBadge, KindBadge, PersonName } from '../../components/People.js';
import { PresenceSummary } from '../../media/MediaViews.js';
import { presenceOf } from '../../media/presence.js';
import type { MediaPresenceView } from '../../../../shared/protocol/media.js';
import { formatDuration, formatSpokenDuration } from '../../format.js';
import { useServerNow } from '../../realtime/clock.js';
import { KeyHint, once } from './FloorControls.js';
import type { Ask } from './types.js';

interface QueuePanelProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  act: (intent: ConsoleIntent) => Promise<unknown>;
  ask: Ask;
  onCloseList: () => void;
  closeKey: string;
  /** The server's audio/video presence view: remote entries show whether they can be heard. */
  media: MediaPresenceView | null;
}

const DRAG_TYPE = 'application/x-openfloor-entry';

export function QueuePanel({ state, topic, clockOffsetMs, act, ask, onCloseList, closeKey, media }: QueuePanelProps) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs, 1000);
  const heading = useRef<HTMLHeadingElement>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const nameOf = (participantId: string) => participantById(state, participantId)?.displayName ?? t('people.unknown');
  const last = topic.history.at(-1);

  /** The entry and its buttons go away: keep keyboard focus in the list rather than losing it. */
  const actAndRefocus = async (intent: ConsoleIntent) => {
    const result = await act(intent);
    if (result !== false) heading.current?.focus();
  };

  const remove = (entry: QueueEntry) => {
    const name = nameOf(entry.participantId);
    ask({
      heading: t('floorConsole.remove.heading', { name }),
      body: t('floorConsole.remove.body', { name, kind: t(`speechKind.${entry.kind}`) }),
      actions: [
        {
          label: t('floorConsole.remove.confirm', { name }),
          danger: true,
          onChoose: () => void actAndRefocus({ action: 'remove', entryId: entry.id }),
        },
      ],
    });
  };

  const drop = (event: DragEvent, toIndex: number) => {
    event.preventDefault();
    setDropAt(null);
    const entryId = event.dataTransfer.getData(DRAG_TYPE);
    const from = topic.queue.findIndex((entry) => entry.id === entryId);
    if (from === -1) return;
    // Dropping below itself: the entry leaves its old place first.
    const target = toIndex > from ? toIndex - 1 : toIndex;
    if (target !== from) void act({ action: 'move', entryId, toIndex: target });
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
        <button type="button" aria-keyshortcuts={closeKey} onClick={onCloseList}>
          {topic.listClosed ? t('queue.reopen') : t('queue.close')} <KeyHint label={closeKey} />
        </button>
        <GuardedButton unavailable={!last} onClick={() => void act({ action: 'readdLast' })}>
          {last ? t('floorConsole.readd', { name: nameOf(last.participantId) }) : t('queue.readdLast')}
        </GuardedButton>
      </div>
      {topic.queue.length === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <>
          <p className="hint" id="queue-drag-hint">
            {t('floorConsole.dragHint')}
          </p>
          <ol className="queue queue-chair" onDragLeave={() => setDropAt(null)}>
            {topic.queue.map((entry, index) => (
              <ChairQueueEntry
                key={entry.id}
                state={state}
                topic={topic}
                entry={entry}
                index={index}
                waitedMs={now - entry.requestedAt}
                media={media}
                dropTarget={dropAt === index}
                onDragOver={(event) => {
                  if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                  event.preventDefault();
                  setDropAt(index);
                }}
                onDrop={(event) => drop(event, index)}
                act={act}
                actAndRefocus={actAndRefocus}
                onRemove={() => remove(entry)}
              />
            ))}
            <li
              className={`queue-drop-end${dropAt === topic.queue.length ? ' drop-target' : ''}`}
              aria-hidden="true"
              onDragOver={(event) => {
                if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                event.preventDefault();
                setDropAt(topic.queue.length);
              }}
              onDrop={(event) => drop(event, topic.queue.length)}
            />
          </ol>
        </>
      )}
    </section>
  );
}

interface ChairQueueEntryProps {
  state: MeetingState;
  topic: Topic;
  entry: QueueEntry;
  index: number;
  waitedMs: number;
  media: MediaPresenceView | null;
  dropTarget: boolean;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
  act: (intent: ConsoleIntent) => Promise<unknown>;
  actAndRefocus: (intent: ConsoleIntent) => Promise<unknown>;
  onRemove: () => void;
}

/** One line per request: who, what, how long, and the buttons. */
function ChairQueueEntry(props: ChairQueueEntryProps) {
  const { state, topic, entry, index, waitedMs, media, act, actAndRefocus } = props;
  const { t, i18n } = useTranslation();
  const nameId = `entry-${entry.id}`;
  const participant = participantById(state, entry.participantId);
  const last = index === topic.queue.length - 1;
  const origin = [participant?.affiliation, participant?.country].filter(Boolean).join(t('people.separator'));
  return (
    <li
      className={`queue-line${props.dropTarget ? ' drop-target' : ''}`}
      draggable
      aria-describedby="queue-drag-hint"
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, entry.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
    >
      <span className="drag-handle" aria-hidden="true">
        ⠿
      </span>
      <span className="queue-who" id={nameId}>
        <PersonName participant={participant} />
        {origin && (
          <span className="person-origin" dir="auto">
            {origin}
          </span>
        )}
      </span>
      <span className="queue-what">
        {participant && <AttendanceBadge attendance={participant.attendance} />}
        <KindBadge kind={entry.kind} />
        <RepliesTo state={state} speechId={entry.replyTo} />
        {participant?.attendance === 'remote' && media?.available && (
          <PresenceSummary presence={presenceOf(media, entry.participantId)} />
        )}
        <span className="waited">
          <span className="visually-hidden">{t('queue.waited', { time: formatSpokenDuration(waitedMs, i18n.language) })}</span>
          <span aria-hidden="true">{formatDuration(waitedMs)}</span>
        </span>
      </span>
      <span className="entry-actions">
        <button
          type="button"
          className="primary"
          aria-describedby={nameId}
          onClick={once(() => void actAndRefocus({ action: 'give', entryId: entry.id }))}
        >
          {t('queue.give')}
        </button>
        {(
          [
            ['floorConsole.moveTop', '⤒', 0, index === 0],
            ['queue.moveUp', '↑', index - 1, index === 0],
            ['queue.moveDown', '↓', index + 1, last],
          ] as const
        ).map(([label, symbol, toIndex, unavailable]) => (
          <GuardedButton
            key={label}
            unavailable={unavailable}
            className="icon-button"
            aria-label={t(label)}
            title={t(label)}
            aria-describedby={nameId}
            onClick={() => void act({ action: 'move', entryId: entry.id, toIndex })}
          >
            {symbol}
          </GuardedButton>
        ))}
        <button
          type="button"
          className="icon-button"
          aria-label={t('queue.remove')}
          title={t('queue.remove')}
          aria-describedby={nameId}
          onClick={props.onRemove}
        >
          ✕
        </button>
      </span>
    </li>
  );
}
