import { useCallback, useEffect, useRef, useState, type DOMAttributes, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleIntent } from '../../../../shared/meeting/intents.js';
import type { MeetingState, QueueEntry, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { RepliesTo } from '../../components/QueueList.js';
import { MovedNotice } from '../../components/MovedNotice.js';
import { rowKey, useSteadiness, useSteadyRows, withDeparted } from '../../components/steadyRows.js';
import { AttendanceBadge, KindBadge, PersonName, PersonOrigin } from '../../components/People.js';
import { StatementBadge } from '../../components/WrittenStatement.js';
import { statementFor } from '../../../../shared/speaker-queue/statements.js';
import { PresenceSummary } from '../../media/MediaViews.js';
import { presenceOf } from '../../media/presence.js';
import type { MediaPresenceView } from '../../../../shared/protocol/media.js';
import { formatDuration, formatSpokenDuration } from '../../format.js';
import { useServerSecond } from '../../realtime/clock.js';
import { KeyHint, once } from './FloorControls.js';
import { isGrabKey, movedTarget, slotAt, slotOf, targetOf } from './reorder.js';
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

/** A line picked up by keyboard: which, and the position it would land at. */
interface Grab {
  entryId: string;
  target: number;
}

export function QueuePanel({ state, topic, clockOffsetMs, act, ask, onCloseList, closeKey, media }: QueuePanelProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [grab, setGrab] = useState<Grab | null>(null);
  /** A line dragged by touch or pen, by its handle. */
  const [pointerDrag, setPointerDrag] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  /** The line dropped by keyboard: focus stays on it once the list comes back reordered. */
  const [focusAfterMove, setFocusAfterMove] = useState<Grab | null>(null);
  const nameOf = (participantId: string) => participantById(state, participantId)?.displayName ?? t('people.unknown');
  const last = topic.history.at(-1);
  const count = topic.queue.length;
  const indexOf = (entryId: string) => topic.queue.findIndex((entry) => entry.id === entryId);
  // While the chair's pointer or focus is on the list, a line that left it (withdrawn, given the
  // floor from another console) stays as a blank line, so the lines below do not move up under a
  // click meant for one of them. The order itself shows at once: the floor goes by it.
  const steadiness = useSteadiness();
  const lines = useSteadyRows(topic.queue, entryKey, steadiness, topic.id, withDeparted);
  const queueIndex = new Map(topic.queue.map((entry, index) => [entry.id, index]));
  const listRef = useCallback(
    (element: HTMLOListElement | null) => {
      list.current = element;
      return steadiness.ref(element);
    },
    [steadiness.ref],
  );
  const entryName = (entryId: string) => {
    const entry = topic.queue.find((candidate) => candidate.id === entryId);
    return entry ? nameOf(entry.participantId) : t('people.unknown');
  };

  // Another console may give the floor to, or remove, the line being moved.
  useEffect(() => {
    if (grab && indexOf(grab.entryId) === -1) {
      setGrab(null);
      setAnnouncement(t('floorConsole.reorder.gone'));
    }
  }, [grab, topic.queue]);

  useEffect(() => {
    if (!focusAfterMove) return;
    const index = indexOf(focusAfterMove.entryId);
    if (index !== -1 && index !== focusAfterMove.target) return;
    setFocusAfterMove(null);
    const line = list.current?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(focusAfterMove.entryId)}"]`);
    if (line && document.activeElement !== line) line.focus();
  }, [focusAfterMove, topic.queue]);

  /** The entry and its buttons go away: keep keyboard focus in the list rather than losing it. */
  const actAndRefocus = async (intent: ConsoleIntent) => {
    // The chair's own give or removal takes its line away at once.
    if (intent.action === 'give' || intent.action === 'remove') steadiness.letGo(intent.entryId);
    const result = await act(intent);
    if (result !== false) heading.current?.focus();
  };

  const remove = (entry: QueueEntry) => {
    const name = nameOf(entry.participantId);
    ask({
      heading: t('floorConsole.remove.heading', { name }),
      body: t('floorConsole.remove.body', { name, kind: t(`speechKind.${entry.kind}`) }),
      question: { about: 'remove', entryId: entry.id, participantId: entry.participantId },
      actions: [
        {
          label: t('floorConsole.remove.confirm', { name }),
          danger: true,
          onChoose: () => void actAndRefocus({ action: 'remove', entryId: entry.id }),
        },
      ],
    });
  };

  const moveToSlot = (entryId: string, slot: number) => {
    setDropAt(null);
    const from = indexOf(entryId);
    if (from === -1) return;
    const target = targetOf(from, slot);
    if (target !== from) void act({ action: 'move', entryId, toIndex: target });
  };

  const drop = (event: DragEvent, slot: number) => {
    event.preventDefault();
    moveToSlot(event.dataTransfer.getData(DRAG_TYPE), slot);
  };

  const position = (target: number) => ({ position: target + 1, count });

  /** Space picks the line up; the arrows, Home and End move it; Space drops it; Escape puts it back. */
  const onLineKey = (event: KeyboardEvent, entryId: string) => {
    // Keys on the line's own buttons keep their meaning.
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const from = indexOf(entryId);
    const name = entryName(entryId);
    if (!grab || grab.entryId !== entryId) {
      if (!isGrabKey(event.key)) return;
      event.preventDefault();
      setGrab({ entryId, target: from });
      setAnnouncement(t('floorConsole.reorder.grabbed', { name, ...position(from) }));
      return;
    }
    const moved = movedTarget(event.key, grab.target, count);
    if (moved !== null) {
      event.preventDefault();
      setGrab({ entryId, target: moved });
      setAnnouncement(t('floorConsole.reorder.moved', { name, ...position(moved) }));
    } else if (isGrabKey(event.key)) {
      event.preventDefault();
      setGrab(null);
      if (grab.target === from) {
        setAnnouncement(t('floorConsole.reorder.unchanged', { name, ...position(from) }));
        return;
      }
      setFocusAfterMove({ entryId, target: grab.target });
      void act({ action: 'move', entryId, toIndex: grab.target }).then((result) => {
        if (result === false) setFocusAfterMove(null);
      });
      setAnnouncement(t('floorConsole.reorder.dropped', { name, ...position(grab.target) }));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setGrab(null);
      setAnnouncement(t('floorConsole.reorder.cancelled', { name, ...position(from) }));
    }
  };

  /** Leaving the line while it is picked up puts it back, as Escape does. */
  const onLineBlur = (entryId: string) => {
    if (grab?.entryId !== entryId) return;
    setGrab(null);
    setAnnouncement(t('floorConsole.reorder.cancelled', { name: entryName(entryId), ...position(indexOf(entryId)) }));
  };

  const slotUnder = (clientY: number) =>
    slotAt(
      clientY,
      [...(list.current?.querySelectorAll<HTMLElement>(':scope > li.queue-line') ?? [])].map((line) => line.getBoundingClientRect()),
    );

  /** Touch and pen drag the line by its handle (a mouse uses the browser's own drag and drop). */
  const handlePointer = (entryId: string) => ({
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      if (event.pointerType === 'mouse') return;
      event.preventDefault();
      event.currentTarget.setPointerCapture(event.pointerId);
      setPointerDrag(entryId);
    },
    onPointerMove: (event: PointerEvent<HTMLElement>) => {
      if (pointerDrag === entryId) setDropAt(slotUnder(event.clientY));
    },
    onPointerUp: (event: PointerEvent<HTMLElement>) => {
      if (pointerDrag !== entryId) return;
      setPointerDrag(null);
      moveToSlot(entryId, slotUnder(event.clientY));
    },
    onPointerCancel: () => {
      setPointerDrag(null);
      setDropAt(null);
    },
  });

  const grabbedFrom = grab ? indexOf(grab.entryId) : -1;
  const indicator = grab && grabbedFrom !== -1 ? slotOf(grabbedFrom, grab.target) : dropAt;

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
          <ol className="queue queue-chair" ref={listRef} onDragLeave={() => setDropAt(null)}>
            {lines.map(({ row: entry, left }) => {
              if (left) return <DepartedEntry key={entry.id} state={state} topic={topic} entry={entry} media={media} />;
              const index = queueIndex.get(entry.id)!;
              return (
                <ChairQueueEntry
                  key={entry.id}
                  state={state}
                  topic={topic}
                  entry={entry}
                  index={index}
                  clockOffsetMs={clockOffsetMs}
                  media={media}
                  dropTarget={indicator === index}
                  grabbed={grab?.entryId === entry.id || pointerDrag === entry.id}
                  onKeyDown={(event) => onLineKey(event, entry.id)}
                  onBlur={() => onLineBlur(entry.id)}
                  handle={handlePointer(entry.id)}
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
              );
            })}
            <li
              className={`queue-drop-end${indicator === topic.queue.length ? ' drop-target' : ''}`}
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
      <p className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </p>
      <MovedNotice steadiness={steadiness} />
    </section>
  );
}

const entryKey = (entry: QueueEntry) => entry.id;
const nothing = () => undefined;
const nothingToDo = async () => undefined;

/**
 * A line that left the list while the chair worked on it: as it was, inert, saying why it
 * left, so the lines below keep their place until the pointer and focus leave the list.
 */
function DepartedEntry({ state, topic, entry, media }: { state: MeetingState; topic: Topic; entry: QueueEntry; media: MediaPresenceView | null }) {
  const { t } = useTranslation();
  const speaking = topic.floor?.participantId === entry.participantId;
  return (
    <ChairQueueEntry
      state={state}
      topic={topic}
      entry={entry}
      index={-1}
      clockOffsetMs={0}
      media={media}
      dropTarget={false}
      grabbed={false}
      departed={speaking ? t('floorConsole.departed.speaking') : t('floorConsole.departed.left')}
      onDragOver={nothing}
      onDrop={nothing}
      onKeyDown={nothing}
      onBlur={nothing}
      handle={{}}
      act={nothingToDo}
      actAndRefocus={nothingToDo}
      onRemove={nothing}
    />
  );
}

interface ChairQueueEntryProps {
  state: MeetingState;
  topic: Topic;
  entry: QueueEntry;
  index: number;
  clockOffsetMs: number;
  media: MediaPresenceView | null;
  dropTarget: boolean;
  /** Picked up by keyboard, or held by touch. */
  grabbed: boolean;
  /** Why the line left the list, when it is only kept in place (`DepartedEntry`). */
  departed?: string;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  onBlur: () => void;
  handle: Pick<DOMAttributes<HTMLElement>, 'onPointerDown' | 'onPointerMove' | 'onPointerUp' | 'onPointerCancel'>;
  act: (intent: ConsoleIntent) => Promise<unknown>;
  actAndRefocus: (intent: ConsoleIntent) => Promise<unknown>;
  onRemove: () => void;
}

/** One line per request: who, what, how long, and the buttons. */
function ChairQueueEntry(props: ChairQueueEntryProps) {
  const { state, topic, entry, index, media, act, actAndRefocus } = props;
  const { t } = useTranslation();
  const nameId = `entry-${entry.id}`;
  const participant = participantById(state, entry.participantId);
  const last = index === topic.queue.length - 1;
  const departed = props.departed !== undefined;
  return (
    <li
      className={departed ? 'queue-departed' : `queue-line${props.dropTarget ? ' drop-target' : ''}${props.grabbed ? ' grabbed' : ''}`}
      inert={departed}
      draggable={!departed}
      tabIndex={departed ? undefined : 0}
      data-entry-id={departed ? undefined : entry.id}
      {...rowKey(entry.id)}
      aria-describedby={departed ? undefined : 'queue-drag-hint'}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, entry.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
      onKeyDown={props.onKeyDown}
      onBlur={props.onBlur}
    >
      <span className="drag-handle" aria-hidden="true" {...props.handle}>
        ⠿
      </span>
      <span className="queue-who" id={nameId}>
        <PersonName participant={participant} />
        <PersonOrigin participant={participant} />
      </span>
      <span className="queue-what">
        {participant && <AttendanceBadge attendance={participant.attendance} />}
        <KindBadge kind={entry.kind} />
        {statementFor(topic, entry.id) && <StatementBadge />}
        <RepliesTo state={state} speechId={entry.replyTo} />
        {participant?.attendance === 'remote' && media?.available && (
          <PresenceSummary presence={presenceOf(media, entry.participantId)} />
        )}
        {/* A departed line says why in place of the time waited: anything longer could wrap and move the lines below. */}
        {departed ? (
          <strong className="waited departed-note">{props.departed}</strong>
        ) : (
          <Waited since={entry.requestedAt} clockOffsetMs={props.clockOffsetMs} />
        )}
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
        <span className="entry-moves">
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
      </span>
    </li>
  );
}

/** How long a request has waited, drawn again each second by itself: the line around it is not. */
function Waited({ since, clockOffsetMs }: { since: number; clockOffsetMs: number }) {
  const { t, i18n } = useTranslation();
  const waitedMs = useServerSecond(clockOffsetMs) - since;
  return (
    <span className="waited">
      <span className="visually-hidden">{t('queue.waited', { time: formatSpokenDuration(waitedMs, i18n.language) })}</span>
      <span aria-hidden="true">{formatDuration(waitedMs)}</span>
    </span>
  );
}
