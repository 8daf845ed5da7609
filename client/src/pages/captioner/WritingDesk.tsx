import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCaption } from '../../../../shared/access/captions.js';
import type { AppError } from '../../../../shared/errors.js';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import { currentTopic, participantById } from '../../../../shared/meeting/selectors.js';
import { statementFor } from '../../../../shared/speaker-queue/statements.js';
import { NextStatement, StatementOnFloor } from '../../components/WrittenStatement.js';
import { insertAtSelection } from '../../captions/draft.js';
import { soundTagFor, speakerMarker, type SoundTag } from '../../captions/markers.js';
import {
  actionOf,
  formatBinding,
  rotationPeriodsDue,
  shortcutActions,
  type CaptionerSettings,
  type ShortcutAction,
} from '../../captions/shortcuts.js';
import { useCaptionStream, type CaptionFeed } from '../../captions/useCaptions.js';
import { useCaptionWriter } from '../../captions/useCaptionWriter.js';
import { writerYielded } from '../../captions/writer.js';
import type { LiveMeeting } from '../../components/MeetingGate.js';
import { errorText } from '../../i18n/failures.js';
import { useNow, useServerSecond } from '../../realtime/clock.js';

const RECENT_LINES = 6;
const NEXT_SHOWN = 3;

interface WritingDeskProps {
  meeting: LiveMeeting;
  feed: CaptionFeed;
  settings: CaptionerSettings;
}

function seatLabel(state: MeetingState, linkId: string): string | null {
  return state.links.find((link) => link.id === linkId)?.label || null;
}

/** The writing area and everything a captioner glances at while writing. */
export function WritingDesk({ meeting, feed, settings }: WritingDeskProps) {
  const { t, i18n } = useTranslation();
  const { state, you, request } = meeting;
  const { language } = feed;
  const stream = useCaptionStream(feed);
  const writing = useCaptionWriter(meeting, feed.mirror, you.linkId);
  const { writer } = writing;
  const area = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | 'end' | null>(null);
  const areaId = useId();
  const helpId = useId();
  const blockedId = useId();
  const [takeOverFailure, setTakeOverFailure] = useState<AppError | null>(null);

  const writerId = stream?.writer ?? null;
  const mine = writerId === you.linkId;
  const open = state.status === 'open';
  const online = meeting.status === 'online';
  const loaded = stream !== null;
  const lead = mayCaption({ kind: 'link', ...you }, state, 'takeOver');
  const serverNow = useServerSecond(meeting.clockOffsetMs);
  const yielded = stream !== null && writerYielded(stream, you.linkId, serverNow);
  const canType = loaded && open && (writerId === null || mine || yielded);

  const topic = currentTopic(state);
  const floorHolder = topic?.floor ? participantById(state, topic.floor.participantId) : undefined;
  const statement = topic?.floor ? statementFor(topic, topic.floor.id) : undefined;
  const next = (topic?.queue ?? []).slice(0, NEXT_SHOWN);

  // Put the caret where an insertion asked, once the new text is on screen.
  useLayoutEffect(() => {
    const element = area.current;
    if (!element || caret.current === null) return;
    const at = caret.current === 'end' ? element.value.length : caret.current;
    element.setSelectionRange(at, at);
    caret.current = null;
  }, [writing.state.visible]);

  const startSpeaker = (name: string | null) => {
    caret.current = 'end';
    writer?.startSpeaker(speakerMarker(name));
  };

  const insertTag = (tag: SoundTag) => {
    const element = area.current;
    if (!writer || !element) return;
    const visible = writer.getState().visible;
    const inserted = insertAtSelection(visible, element.selectionStart, element.selectionEnd, soundTagFor(tag, language));
    caret.current = inserted.caret;
    writer.type(inserted.visible);
  };

  const perform = (action: ShortcutAction) => {
    if (!canType) return;
    switch (action) {
      case 'speakerCurrent':
        return startSpeaker(floorHolder?.displayName ?? null);
      case 'speakerUnknown':
        return startSpeaker(null);
      default:
        return insertTag(action);
    }
  };

  /** Buttons insert too; the caret goes back to the writing area. */
  const performFromButton = (action: ShortcutAction) => {
    perform(action);
    area.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    const action = actionOf(event, settings.bindings, settings.shortcutsEnabled);
    if (action) {
      event.preventDefault();
      perform(action);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      if (canType) writer?.commit();
    }
  };

  const takeOver = async () => {
    setTakeOverFailure(null);
    const ack = await request('caption:takeOver', { language }).catch(() => null);
    if (!ack) return setTakeOverFailure({ code: 'INTERNAL', message: '' });
    if (!ack.ok) return setTakeOverFailure(ack.error);
    area.current?.focus();
  };

  const keysOf = (action: ShortcutAction) => {
    const binding = settings.shortcutsEnabled ? settings.bindings[action] : null;
    return binding ? formatBinding(binding) : null;
  };
  const insertionOf = (action: ShortcutAction) => {
    switch (action) {
      case 'speakerCurrent':
        return speakerMarker(floorHolder?.displayName ?? null).trim();
      case 'speakerUnknown':
        return speakerMarker(null).trim();
      default:
        return soundTagFor(action, language);
    }
  };

  const recent = (stream?.lines ?? []).slice(-RECENT_LINES);
  // While another seat writes, its live tail shows here, so the next writer reads along.
  const shown = writerId !== null && !mine && !yielded ? (stream?.tail.text ?? '') : writing.state.visible;
  const failure = takeOverFailure ?? writing.state.failure;
  const blockedReason = !loaded
    ? t('gate.loading')
    : !open
      ? t('captioner.notOpen')
      : writerId !== null && !mine && !yielded
        ? t(lead ? 'captioner.otherWriting' : 'captioner.otherWritingSeat', { seat: seatLabel(state, writerId) ?? t('captioner.unnamedSeat') })
        : null;

  return (
    <div className="captioner">
      <div className="captioner-main">
        <section className="panel writer-panel" aria-labelledby="writer-heading">
          <h2 id="writer-heading">{t('captioner.writing')}</h2>
          <div className="writer-status">
            <p className={`writer-who${mine ? ' writer-me' : ''}`}>
              {writerId === null ? (
                t('captioner.nobodyWriting')
              ) : mine ? (
                t('captioner.youWriting', { seat: seatLabel(state, you.linkId) ?? t('captioner.unnamedSeat') })
              ) : (
                <>
                  <bdi>{seatLabel(state, writerId) ?? t('captioner.unnamedSeat')}</bdi> {t('captioner.isWriting')}
                </>
              )}
            </p>
            {writerId !== null && !mine && open && lead && (
              <button type="button" className="primary" onClick={() => void takeOver()}>
                {t('captioner.takeOver')}
              </button>
            )}
            <p className="latency">
              {writing.latencyMs === null
                ? t('captioner.latencyNone')
                : t('captioner.latency', { ms: Math.round(writing.latencyMs), count: writing.latencySamples })}
            </p>
          </div>

          <h3 id="recent-heading">{t('captioner.recent')}</h3>
          {recent.length > 0 ? (
            <ol className="recent-lines" aria-labelledby="recent-heading" lang={language} dir={i18n.dir(language)}>
              {recent.map((line) => (
                <li key={line.n}>
                  {line.text}
                  {line.writer !== you.linkId && (
                    <span className="line-writer" lang={i18n.language} dir={i18n.dir()}>
                      {' '}
                      (<bdi>{seatLabel(state, line.writer) ?? t('captioner.unnamedSeat')}</bdi>)
                    </span>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p className="empty">{t('captioner.noLines')}</p>
          )}

          <div className="field writing-field">
            <label htmlFor={areaId}>{t('captioner.textLabel')}</label>
            <p id={helpId} className="hint">
              {t('captioner.textHelp')}
            </p>
            {blockedReason && (
              <p id={blockedId} className="notice">
                {blockedReason}
              </p>
            )}
            <textarea
              id={areaId}
              ref={area}
              className="writing-area"
              rows={3}
              lang={language}
              dir={i18n.dir(language)}
              spellCheck={false}
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              value={shown}
              readOnly={!canType}
              aria-describedby={blockedReason ? `${blockedId} ${helpId}` : helpId}
              onChange={(event) => canType && writer?.type(event.target.value)}
              onKeyDown={onKeyDown}
            />
          </div>
          {writing.state.offline || !online ? <p className="notice">{t('captioner.offline')}</p> : null}
          <div className="failure" role="alert">
            {failure ? errorText(t, failure) : null}
          </div>
          <RotationReminder mine={mine} minutes={settings.rotationMinutes} />
        </section>
      </div>

      <div className="captioner-side">
        <section className="panel" aria-labelledby="labels-heading">
          <h2 id="labels-heading">{t('captioner.labels')}</h2>
          <p>
            <span className="label">{t('captioner.currentSpeaker')}</span>{' '}
            {floorHolder ? <bdi className="person-name">{floorHolder.displayName}</bdi> : t('floor.nobody')}
          </p>
          {/* Read out for the speaker: its text at hand for the captioner who writes it down. */}
          {statement && <StatementOnFloor state={state} statement={statement} open={false} />}
          {topic && <NextStatement state={state} topic={topic} />}
          <div className="insert-buttons">
            {shortcutActions.map((action) => {
              const keys = keysOf(action);
              return (
                <button
                  key={action}
                  type="button"
                  aria-disabled={!canType || undefined}
                  aria-keyshortcuts={keys ?? undefined}
                  onClick={() => performFromButton(action)}
                >
                  <bdi lang={language} dir={i18n.dir(language)}>
                    {insertionOf(action)}
                  </bdi>
                  {keys && (
                    <kbd dir="ltr" className="keys">
                      {keys}
                    </kbd>
                  )}
                  <span className="visually-hidden"> {t(`captioner.actions.${action}`)}</span>
                </button>
              );
            })}
          </div>
          <h3 id="next-label-heading">{t('queue.nextSpeakers')}</h3>
          {next.length > 0 ? (
            <ol className="queue" aria-labelledby="next-label-heading">
              {next.map((entry) => {
                const person = participantById(state, entry.participantId);
                return (
                  <li key={entry.id} className="next-speaker">
                    <bdi className="person-name">{person?.displayName ?? t('people.unknown')}</bdi>{' '}
                    <button
                      type="button"
                      aria-disabled={!canType || undefined}
                      onClick={() => {
                        if (canType) startSpeaker(person?.displayName ?? null);
                        area.current?.focus();
                      }}
                    >
                      {t('captioner.insertLabel')}
                      <span className="visually-hidden"> <bdi>{person?.displayName}</bdi></span>
                    </button>
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="empty">{t('queue.empty')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

/**
 * A polite reminder to hand over after each period of writing (teams rotate about every 20
 * minutes). It can be dismissed until the next period.
 */
function RotationReminder({ mine, minutes }: { mine: boolean; minutes: number }) {
  const { t } = useTranslation();
  const [since, setSince] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState(0);
  const now = useNow(10_000);
  useEffect(() => {
    setSince(mine ? Date.now() : null);
    setDismissed(0);
  }, [mine]);
  const due = rotationPeriodsDue(since, now, minutes);
  const showing = due > 0 && due > dismissed;
  return (
    <div className="rotation">
      <p role="status" className={showing ? 'notice rotation-due' : 'rotation-idle'}>
        {showing ? t('captioner.rotation', { count: due * minutes }) : ''}
      </p>
      {showing && (
        <button type="button" onClick={() => setDismissed(due)}>
          {t('captioner.dismiss')}
        </button>
      )}
    </div>
  );
}
