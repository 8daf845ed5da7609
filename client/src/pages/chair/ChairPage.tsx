import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presidingRoles } from '../../../../shared/access/actor.js';
import { consoleCommand, type ConsoleIntent } from '../../../../shared/meeting/intents.js';
import type { MeetingStatus } from '../../../../shared/meeting/model.js';
import { currentTopic, interruptedSpeech, participantById, titleIn } from '../../../../shared/meeting/selectors.js';
import { isPaused } from '../../../../shared/speaker-queue/queue.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { FloorAnnouncer } from '../../components/FloorAnnouncer.js';
import { FloorRecordedNotice } from '../../components/FloorRecordedNotice.js';
import { MeetingGate, type LiveMeeting } from '../../components/MeetingGate.js';
import { PageLayout } from '../../components/PageLayout.js';
import { TopicInfo } from '../../components/TopicInfo.js';
import { LiveChannels } from '../../media/Interpretation.js';
import { TransitionButtons } from '../../components/TransitionButtons.js';
import { useCommands } from '../../realtime/useCommands.js';
import { archiveRecordHref } from '../setup/Archive.js';
import { AddToQueueForm } from './AddToQueueForm.js';
import { AgendaPanel } from './AgendaPanel.js';
import { BalancePanel } from './BalancePanel.js';
import { CaptionDeskPanel } from '../captioner/CaptionDeskPanel.js';
import { CaptionDisplayForm } from './CaptionDisplayForm.js';
import { FloorControls, ADD_TIME_SECONDS } from './FloorControls.js';
import { HistoryPanel } from './HistoryPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { QuestionDialog } from './QuestionDialog.js';
import { StatementsPanel } from './StatementsPanel.js';
import { RegisterWalkInForm } from './RegisterWalkInForm.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { chairActionOf, isTyping, loadChairBindings, saveChairBindings, type ChairAction, type ChairBindings } from './shortcuts.js';
import { SpeakingTimeForms } from './SpeakingTimeForms.js';
import type { Ask, Confirmation } from './types.js';

export function ChairPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate
      meetingId={meetingId}
      page="chair"
      heading={t('chair.heading')}
      admits={(you) => (presidingRoles as readonly string[]).includes(you.role)}
    >
      {(meeting) => <ChairConsole meeting={meeting} />}
    </MeetingGate>
  );
}

/** The chair runs the meeting from here: the agenda, the floor and the one speakers' list. */
function ChairConsole({ meeting }: { meeting: LiveMeeting }) {
  const { t, i18n } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  const commands = useCommands(meeting.send, meeting.status);
  const archived = state.status === 'archived';
  // A participant registered at the desk is usually added to the list straight after.
  const [toAdd, setToAdd] = useState('');
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [bindings, setBindings] = useState<ChairBindings>(loadChairBindings);
  const [shortcutNote, setShortcutNote] = useState('');

  const nameOf = (participantId: string) => participantById(state, participantId)?.displayName ?? null;
  const ask: Ask = useCallback((request) => setConfirmation(request), []);

  /** Runs a control as this console shows it; the command says what the console saw. */
  const act = (intent: ConsoleIntent) => {
    const command = consoleCommand(state, intent);
    return command ? commands.runCommand(command) : Promise.resolve(false as const);
  };

  const adjourn = () => {
    const floor = topic?.floor ?? null;
    const name = floor ? (nameOf(floor.participantId) ?? t('people.unknown')) : null;
    // Sent as asked: the speech it names, not whichever holds the floor when the chair answers.
    const command = consoleCommand(state, { action: 'adjourn' });
    if (!command) return;
    ask({
      heading: t('floorConsole.adjourn.heading'),
      body: name ? t('floorConsole.adjourn.speaking', { name }) : t('floorConsole.adjourn.idle'),
      question: { about: 'adjourn', floor: floor && { id: floor.id, participantId: floor.participantId } },
      actions: [
        {
          label: name ? t('floorConsole.adjourn.endAndAdjourn') : t('transition.open_adjourned'),
          danger: true,
          onChoose: () => void commands.runCommand(command),
        },
      ],
    });
  };

  const resume = () => {
    const cut = interruptedSpeech(state);
    const reopen = () => commands.runCommand({ type: 'meeting:transition', to: 'open', expectedSpeechId: null, expectedStatus: 'adjourned' });
    if (!cut) return void reopen();
    const name = nameOf(cut.participantId) ?? t('people.unknown');
    ask({
      heading: t('floorConsole.resume.heading'),
      body: t('floorConsole.resume.interrupted', { name }),
      question: { about: 'resume' },
      actions: [
        {
          label: t('floorConsole.resume.giveBack', { name }),
          primary: true,
          onChoose: () =>
            void (async () => {
              if ((await reopen()) === false) return;
              const readded = await commands.runCommand({ type: 'queue:readdLast', expectedSpeechId: cut.id });
              if (typeof readded !== 'string') return;
              await commands.runCommand({ type: 'floor:give', entryId: readded, expectedSpeechId: null });
            })(),
        },
        { label: t('floorConsole.resume.only'), onChoose: () => void reopen() },
      ],
    });
  };

  const onTransition = (to: MeetingStatus) => {
    if (to === 'adjourned') adjourn();
    else if (to === 'open' && state.status === 'adjourned') resume();
    else void commands.run('meeting:transition', { to, expectedStatus: state.status });
  };

  const closeList = () => {
    if (!topic) return;
    if (topic.listClosed) return void commands.run('queue:reopen', {});
    ask({
      heading: t('floorConsole.closeList.heading'),
      body: t('floorConsole.closeList.body', { count: topic.queue.length, topic: titleIn(topic, i18n.language) }),
      question: { about: 'closeList', topicId: topic.id },
      actions: [{ label: t('queue.close'), danger: true, onChoose: () => void commands.run('queue:close', {}) }],
    });
  };

  // The latest handlers, for the key listener registered once per set of bindings.
  const handlers = useRef<Record<ChairAction, () => void>>(null!);
  handlers.current = {
    next: () => {
      if (!topic?.queue.length) return setShortcutNote(t('errors.QUEUE_EMPTY'));
      void act({ action: 'next' });
    },
    end: () => (topic?.floor ? void act({ action: 'end' }) : setShortcutNote(t('errors.NO_CURRENT_SPEAKER'))),
    pauseResume: () => {
      if (!topic?.floor) return setShortcutNote(t('errors.NO_CURRENT_SPEAKER'));
      void act({ action: isPaused(topic.floor) ? 'resume' : 'pause' });
    },
    addTime: () => {
      const floor = topic?.floor;
      if (!floor) return setShortcutNote(t('errors.NO_CURRENT_SPEAKER'));
      void commands.run('floor:addTime', { speechId: floor.id, seconds: ADD_TIME_SECONDS, expectedAddedMs: floor.addedMs ?? 0 });
    },
    closeList,
    help: () => setHelpOpen(true),
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || isTyping(event.target)) return;
      // An open dialog has the keyboard to itself.
      if (document.querySelector('dialog[open]')) return;
      const action = chairActionOf(event, bindings);
      if (!action || (archived && action !== 'help')) return;
      event.preventDefault();
      setShortcutNote('');
      handlers.current[action]();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bindings, archived]);

  const changeBindings = (next: ChairBindings) => {
    setBindings(next);
    saveChairBindings(next);
  };

  return (
    <PageLayout heading={t('chair.heading')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <FloorRecordedNotice state={state} />
      <div className="toolbar">
        <TransitionButtons
          meeting={state}
          offered={archived ? [] : ['open', 'adjourned']}
          onTransition={onTransition}
        />
        <button type="button" className="shortcut-help-button" onClick={() => setHelpOpen(true)}>
          {t('floorConsole.shortcuts.open')} <kbd dir="ltr">{bindings.help.label}</kbd>
        </button>
      </div>
      {archived && (
        <p className="notice">
          {t('floorConsole.archived')} <a href={archiveRecordHref(state.id)}>{t('floorConsole.publicRecord')}</a>
        </p>
      )}
      <FailureNotice failure={commands.failure} nameOf={nameOf} />
      <p className="form-status" role="status">
        {shortcutNote}
      </p>
      {/* An archived meeting refuses every command: the whole console is disabled at once. */}
      <fieldset className="console-fieldset" disabled={archived}>
        <legend className="visually-hidden">{t('chair.heading')}</legend>
        <div className="console">
          <div className="column">
            <AgendaPanel state={state} run={commands.run} />
            <SpeakingTimeForms state={state} topic={topic} run={commands.run} ask={ask} />
            {topic && <TopicInfo topic={topic} original={state.languages[0] ?? 'en'} />}
          </div>
          <div className="column">
            {topic ? (
              <>
                <FloorControls
                  state={state}
                  topic={topic}
                  clockOffsetMs={meeting.clockOffsetMs}
                  act={act}
                  run={commands.run}
                  ask={ask}
                  bindings={bindings}
                  media={meeting.media}
                  request={meeting.request}
                />
                <QueuePanel
                  state={state}
                  topic={topic}
                  clockOffsetMs={meeting.clockOffsetMs}
                  act={act}
                  ask={ask}
                  onCloseList={closeList}
                  closeKey={bindings.closeList.label}
                  media={meeting.media}
                />
                <AddToQueueForm state={state} topic={topic} selected={toAdd} onSelect={setToAdd} run={commands.run} />
                <StatementsPanel state={state} topic={topic} run={commands.run} ask={ask} />
              </>
            ) : (
              <p className="notice">{t('errors.NO_CURRENT_TOPIC')}</p>
            )}
            <RegisterWalkInForm run={commands.run} onRegistered={setToAdd} />
          </div>
          <div className="column">
            <LiveChannels state={state} presence={meeting.media} onRelease={(language) => void commands.run('booth:release', { language })} />
            {topic && <HistoryPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />}
            <BalancePanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />
            <CaptionDisplayForm state={state} run={commands.run} />
            {state.status === 'open' &&
              state.languages.map((language) => <CaptionDeskPanel key={language} meeting={meeting} language={language} />)}
          </div>
        </div>
      </fieldset>
      {confirmation && <QuestionDialog confirmation={confirmation} state={state} onClose={() => setConfirmation(null)} />}
      {helpOpen && <ShortcutHelp bindings={bindings} onChange={changeBindings} onClose={() => setHelpOpen(false)} />}
    </PageLayout>
  );
}
