import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STATEMENT_MAX_CHARS, type MeetingState, type Topic, type WrittenStatement } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { statementFor } from '../../../shared/speaker-queue/statements.js';
import { scriptLanguage, dirOf } from '../../../shared/i18n/catalogue.js';
import { formatNumber, formatTime } from '../format.js';
import type { useCommands } from '../realtime/useCommands.js';
import { useFocusAfterClose } from './useFocusAfterClose.js';

export function StatementBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-statement">{t('statement.badge')}</span>;
}

/** A statement's text as its author wrote it: their paragraphs, their language and direction. */
export function StatementText({ text }: { text: string }) {
  const lang = scriptLanguage(text);
  return (
    <blockquote className="statement-text" lang={lang} dir={lang ? dirOf(lang) : 'auto'}>
      {text}
    </blockquote>
  );
}

/**
 * The statement of the speech on the floor, for whoever reads it out (the chair, the
 * secretariat) and for delegates following; screens and viewers get no text and show none.
 * `ahead`: the next speaker's, named (`NextStatement`), so whoever reads, interprets or captions
 * it has read it before (a long text, or one in another language).
 */
export function StatementOnFloor({ state, statement, open, ahead = false }: { state: MeetingState; statement: WrittenStatement; open: boolean; ahead?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!statement.text) return null;
  const time = formatTime(statement.submittedAt, state.timeZone, i18n.language);
  const name = participantById(state, statement.participantId)?.displayName ?? t('people.unknown');
  return (
    <details className={ahead ? 'statement-on-floor statement-ahead' : 'statement-on-floor'} open={open}>
      <summary>{ahead ? t('statement.ofNext', { name }) : t('statement.heading')}</summary>
      <p className="hint">{open ? t('statement.received', { time }) : t('statement.onFloor', { time })}</p>
      <StatementText text={statement.text} />
    </details>
  );
}

/**
 * The statement of the next request on the list, folded, for those who work from it once the
 * floor is given: whoever reads it out, the interpreters (who ask for a speech's text ahead),
 * the captioner who writes the read-out down. Nothing when the next request has none.
 */
export function NextStatement({ state, topic }: { state: MeetingState; topic: Topic }) {
  const next = topic.queue[0];
  const statement = next && statementFor(topic, next.id);
  return statement ? <StatementOnFloor key={statement.requestId} state={state} statement={statement} open={false} ahead /> : null;
}

/**
 * A participant's statement in writing for their request (waiting, or on the floor when their
 * connection fails): sent, changed or withdrawn while the request is open. The statement is their
 * own copy, text included (`self`), which every device of theirs is sent; nothing is kept on the
 * device, so a shared or borrowed computer keeps no statement behind.
 */
export function StatementForm({
  state,
  requestId,
  statement,
  setAsideAt,
  waiting,
  run,
}: {
  state: MeetingState;
  requestId: string;
  statement: WrittenStatement | undefined;
  /** When the chair set aside the last one sent for this request, if they did (and none came since). */
  setAsideAt?: number | undefined;
  /** The request still waits (not on the floor): withdrawing it takes the statement with it. */
  waiting: boolean;
  run: ReturnType<typeof useCommands>['run'];
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { draft, setDraft, sending, send, begin, meanwhile } = useStatementSending(run, requestId, statement);
  // Leaving the form (sent, or cancelled), the keyboard goes to the button that opens it again.
  // After sending, it waits for the statement to arrive (the acknowledgement may come first),
  // so it lands on "Change" and not on the button that is about to go.
  const [left, setLeft] = useState<'sent' | 'cancelled' | null>(null);
  const { target: reopen, closed } = useFocusAfterClose<HTMLButtonElement>(editing, left !== 'sent' || statement !== undefined);
  const leave = (how: 'sent' | 'cancelled') => {
    setLeft(how);
    closed();
    setEditing(false);
  };

  const submit = send(() => leave('sent'));
  const startEditing = () => {
    setDraft(statement ? statement.text : draft);
    begin();
    setEditing(true);
  };

  if (!editing) {
    if (statement) {
      return (
        <div className="statement-sent">
          <p role="status">
            {t(statement.enteredByChair ? 'statement.enteredForYou' : 'statement.sent', {
              time: formatTime(statement.submittedAt, state.timeZone, i18n.language),
            })}
          </p>
          <StatementText text={statement.text} />
          {waiting && <p className="hint">{t('statement.goesWithRequest')}</p>}
          <div className="button-row">
            <button type="button" ref={reopen} onClick={startEditing}>
              {t('statement.change')}
            </button>
            <button type="button" onClick={() => void run('statement:withdraw', { requestId, expectedSubmittedAt: statement.submittedAt })}>
              {t('statement.withdraw')}
            </button>
          </div>
        </div>
      );
    }
    return (
      <>
        {setAsideAt !== undefined && (
          <p className="notice" role="status">
            {t('statement.setAsideForYou', { time: formatTime(setAsideAt, state.timeZone, i18n.language) })}
          </p>
        )}
        <button type="button" className="statement-open" ref={reopen} onClick={startEditing}>
          {t('statement.open')}
        </button>
      </>
    );
  }
  return (
    <StatementEditor
      label={t('statement.label')}
      hint={t('statement.hint')}
      sendLabel={meanwhile.replacing ? t('statement.sendMineInstead') : statement ? t('statement.sendChanges') : t('statement.send')}
      meanwhile={meanwhile.changed && <ChangedMeanwhile state={state} statement={statement} />}
      draft={draft}
      onDraft={setDraft}
      sending={sending}
      onSubmit={submit}
      onCancel={() => leave('cancelled')}
    />
  );
}

/**
 * A statement's draft and its sending: the handler sends the draft and, once accepted, closes
 * the form. A refusal keeps the draft: nothing typed is lost to a failed send.
 *
 * Two people may write at once (the author on their laptop and their phone; two consoles at the
 * chair's table). A send carries the statement its writer saw when they began, so one sent
 * meanwhile is not overwritten unread: the server refuses it, the form shows the other text,
 * and sending again replaces it knowingly.
 */
function useStatementSending(run: ReturnType<typeof useCommands>['run'], requestId: string, statement: WrittenStatement | undefined) {
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const sentAt = statement?.submittedAt ?? null;
  const [began, setBegan] = useState<number | null>(sentAt);
  const [expected, setExpected] = useState<number | null>(sentAt);
  // The refusal arrives after the statement that caused it (persisted and broadcast first).
  const latest = useRef(sentAt);
  latest.current = sentAt;
  const begin = () => {
    setBegan(sentAt);
    setExpected(sentAt);
  };
  const send = (onSent: () => void) => async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim() || sending) return;
    setSending(true);
    const accepted = await run('statement:submit', { requestId, text: draft, expectedSubmittedAt: expected });
    setSending(false);
    if (accepted !== false) onSent();
    else setExpected(latest.current);
  };
  // While a send is on its way its own statement may arrive before its acknowledgement: not news.
  const meanwhile = { changed: !sending && sentAt !== began, replacing: expected !== began && expected === sentAt };
  return { draft, setDraft, sending, send, begin, meanwhile };
}

/** What another console or device sent while this one was writing, or that it was withdrawn. */
function ChangedMeanwhile({ state, statement }: { state: MeetingState; statement: WrittenStatement | undefined }) {
  const { t, i18n } = useTranslation();
  if (!statement) return <p className="statement-meanwhile">{t('statement.withdrawnMeanwhile')}</p>;
  const time = formatTime(statement.submittedAt, state.timeZone, i18n.language);
  return (
    <div className="statement-meanwhile">
      <p>{t(statement.enteredByChair ? 'statement.enteredMeanwhile' : 'statement.sentMeanwhile', { time })}</p>
      <StatementText text={statement.text} />
    </div>
  );
}

interface StatementEditorProps {
  label: string;
  hint: string;
  sendLabel: string;
  /** What was sent or changed by someone else since writing began, above the field. */
  meanwhile: ReactNode;
  draft: string;
  onDraft: (draft: string) => void;
  sending: boolean;
  onSubmit: (event: FormEvent) => Promise<void>;
  onCancel: () => void;
}

/** The field a statement is written or pasted in, with its count, for its author or the chair's table. */
function StatementEditor({ label, hint, sendLabel, meanwhile, draft, onDraft, sending, onSubmit, onCancel }: StatementEditorProps) {
  const { t, i18n } = useTranslation();
  const fieldId = useId();
  const hintId = useId();
  const countId = useId();
  return (
    <form className="statement-form" onSubmit={(event) => void onSubmit(event)}>
      <label htmlFor={fieldId}>{label}</label>
      <p className="hint" id={hintId}>
        {hint}
      </p>
      {/* A live region from the start, so that a statement arriving while this one is typed is announced. */}
      <div role="status" className="statement-meanwhile-region">
        {meanwhile}
      </div>
      <textarea
        id={fieldId}
        dir="auto"
        rows={8}
        maxLength={STATEMENT_MAX_CHARS}
        value={draft}
        aria-describedby={`${hintId} ${countId}`}
        autoFocus
        onChange={(event) => onDraft(event.target.value)}
      />
      <p className="hint" id={countId}>
        {/* UTF-16 units, as the field's maxLength and the server count them. */}
        {t('statement.characters', { length: formatNumber(draft.length, i18n.language), max: formatNumber(STATEMENT_MAX_CHARS, i18n.language) })}
      </p>
      <div className="button-row">
        <button type="submit" className="primary" disabled={sending || !draft.trim()}>
          {sendLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
      </div>
    </form>
  );
}

interface ChairEntryProps {
  state: MeetingState;
  requestId: string;
  statement: WrittenStatement | undefined;
  speakerName: string;
  run: ReturnType<typeof useCommands>['run'];
}

/**
 * The chair's table enters a statement the speaker on the floor sent another way (by e-mail to
 * the secretariat when their connection failed), to read it out; the record says it was entered
 * there. Offered while the speech has none; a form already open stays open when one arrives from
 * another console or the speaker, so what is being typed here is not lost.
 */
export function ChairStatementEntry(props: ChairEntryProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { target: reopen, closed } = useFocusAfterClose<HTMLButtonElement>(editing);
  if (editing) {
    return (
      <ChairStatementEditor
        {...props}
        // Once entered, the floor panel shows it to be read out, and this form is gone.
        onSent={() => setEditing(false)}
        onCancel={() => {
          closed();
          setEditing(false);
        }}
      />
    );
  }
  if (props.statement) return null;
  return (
    <button type="button" ref={reopen} className="statement-open" onClick={() => setEditing(true)}>
      {t('statement.enterForSpeaker')}
    </button>
  );
}

/**
 * The field in which the chair's table enters a statement received for a request, from the
 * moment it opens: what it saw then is what a send may replace.
 */
export function ChairStatementEditor({ state, requestId, statement, speakerName, run, onSent, onCancel }: ChairEntryProps & { onSent: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { draft, setDraft, sending, send, meanwhile } = useStatementSending(run, requestId, statement);
  return (
    <StatementEditor
      label={t('statement.receivedFor', { name: speakerName })}
      hint={t('statement.enterHint')}
      sendLabel={meanwhile.replacing ? t('statement.enterInstead') : t('statement.enter')}
      meanwhile={meanwhile.changed && <ChangedMeanwhile state={state} statement={statement} />}
      draft={draft}
      onDraft={setDraft}
      sending={sending}
      onSubmit={send(onSent)}
      onCancel={onCancel}
    />
  );
}
