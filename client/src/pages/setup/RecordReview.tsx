import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveRecord, ArchivedSpeech, ArchivedStatement, ArchivedTopic, TranscriptLine } from '../../../../shared/archive/record.js';
import { Foreign } from '../../components/Foreign.js';
import { StatementText } from '../../components/WrittenStatement.js';
import { speakerMarkerOf } from '../../../../shared/captions/stream.js';
import {
  stakeholderGroups,
  type Language,
  type MeetingState,
  type RecordCorrection,
  type RecordEdit,
  type StakeholderGroup,
} from '../../../../shared/meeting/model.js';
import { titleIn } from '../../../../shared/meeting/selectors.js';
import type { SecretariatApi, SetupCommand } from '../../api.js';
import { Choice } from '../../components/Choice.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { formatDuration, formatTime } from '../../format.js';
import { useAction } from './useAction.js';

/** Transcript lines shown at once; the pages go through the rest. */
const LINES_PER_PAGE = 200;

interface RecordReviewProps {
  api: SecretariatApi;
  state: MeetingState;
  /** Sends a command and reloads the meeting; false when it was refused (the page shows why). */
  command: (command: SetupCommand) => Promise<boolean>;
}

/** A correction waiting for the secretariat's confirmation in the dialog. */
interface Pending {
  heading: string;
  subject: string;
  body: string;
  confirmLabel: string;
  /** Extra choices the correction needs (the group, the speaker). */
  choose?: (edit: EditDraft, setEdit: (edit: EditDraft) => void) => ReactNode;
  draft: EditDraft;
  toCommand: (edit: EditDraft) => SetupCommand;
}

/** What a dialog's fields edit before the command is built. */
interface EditDraft {
  group?: StakeholderGroup;
  speaker?: string;
  label?: string;
}

const NO_ONE = '';
const OTHER_NAME = '\u0000other';

/**
 * The secretariat's review of an adjourned meeting's record before it is archived: who is
 * named in the attendee list, the speeches (remove one, correct a group), and the transcript
 * (join lines a quiet commit split, correct a speaker). Each correction is confirmed in a
 * dialog and sent as a `record:correct` command; what is shown is the record as it would be
 * sealed now, fetched from the server after each change.
 */
export function RecordReview({ api, state, command }: RecordReviewProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [record, setRecord] = useState<ArchiveRecord | null>(null);
  const [language, setLanguage] = useState<Language>(state.languages[0]!);
  const [pending, setPending] = useState<Pending | null>(null);
  const load = useAction();
  const version = `${state.nextId}:${state.corrections.length}:${state.status}`;

  useEffect(() => {
    void load.run(async () => setRecord((await api.review(state.id)).record));
  }, [api, state.id, version, load.run]);

  const time = (at: number) => formatTime(at, state.timeZone, i18n.language);
  const correct = (edit: RecordEdit): SetupCommand => ({ type: 'record:correct', edit });

  const removeSpeech = (speech: ArchivedSpeech) =>
    setPending({
      heading: t('review.removeHeading'),
      subject: `${speech.name} — ${time(speech.startedAt)}`,
      body: t('review.removeBody'),
      confirmLabel: t('review.removeConfirm'),
      draft: {},
      toCommand: () => correct({ kind: 'removeSpeech', speechId: speech.id }),
    });

  // Issue 16: the speech stays in the record; only its audio is kept out of the public record.
  const withholdAudio = (speech: ArchivedSpeech) =>
    setPending({
      heading: t('recording.withholdHeading'),
      subject: `${speech.name} — ${time(speech.startedAt)}`,
      body: t('recording.withholdBody'),
      confirmLabel: t('recording.withholdConfirm'),
      draft: {},
      toCommand: () => correct({ kind: 'withholdAudio', speechId: speech.id }),
    });

  const removeStatement = (statement: ArchivedStatement) =>
    setPending({
      heading: t('review.removeStatementHeading'),
      subject: `${statement.name} — ${time(statement.submittedAt)}`,
      body: t('review.removeStatementBody'),
      confirmLabel: t('review.removeStatementConfirm'),
      draft: {},
      toCommand: () => correct({ kind: 'removeStatement', requestId: statement.requestId }),
    });

  const fixGroup = (speech: ArchivedSpeech) =>
    setPending({
      heading: t('review.groupHeading'),
      subject: speech.name,
      body: t('review.groupBody', { name: speech.name }),
      confirmLabel: t('review.groupConfirm'),
      draft: { group: speech.stakeholderGroup },
      choose: (draft, setDraft) => (
        <GroupChoice value={draft.group ?? speech.stakeholderGroup} onChange={(group) => setDraft({ ...draft, group })} />
      ),
      toCommand: (draft) =>
        correct({ kind: 'setGroup', participantId: speech.participantId, stakeholderGroup: draft.group ?? speech.stakeholderGroup }),
    });

  const mergeLine = (line: TranscriptLine, next: TranscriptLine) =>
    setPending({
      heading: t('review.mergeHeading'),
      subject: `${lineText(line)} ${lineText(next)}`,
      body: t('review.mergeBody'),
      confirmLabel: t('review.mergeConfirm'),
      draft: {},
      toCommand: () => correct({ kind: 'mergeLines', language, line: line.lines[0]!, next: next.lines[0]! }),
    });

  const fixSpeaker = (line: TranscriptLine) =>
    setPending({
      heading: t('review.speakerHeading'),
      subject: lineText(line),
      body: t('review.speakerBody'),
      confirmLabel: t('review.speakerConfirm'),
      draft: { speaker: line.participantId ?? (line.speaker ? OTHER_NAME : NO_ONE), label: line.participantId ? '' : (line.speaker ?? '') },
      choose: (draft, setDraft) => <SpeakerChoice state={state} draft={draft} onChange={setDraft} />,
      toCommand: (draft) => {
        const participantId = draft.speaker && draft.speaker !== OTHER_NAME ? draft.speaker : null;
        const label = draft.speaker === OTHER_NAME && draft.label?.trim() ? draft.label.trim() : null;
        return correct({ kind: 'setSpeaker', language, line: line.lines[0]!, participantId, label });
      },
    });

  const transcript = record?.transcripts.find((candidate) => candidate.language === language);
  // A page of the transcript: a three-hour meeting's 3,600 lines, two buttons each, took seconds to show.
  const [firstLineAsked, setFirstLine] = useState(0);
  const firstLine = transcript && firstLineAsked < transcript.lines.length ? firstLineAsked : 0;
  return (
    <section className="panel record-review" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('review.heading')}</h2>
      <p className="hint">{t('review.intro')}</p>
      <FailureNotice failure={load.failure} />
      {!record ? (
        <p className="notice">{t('gate.loading')}</p>
      ) : (
        <>
          <Corrections state={state} onRevert={(correction) => void command({ type: 'record:revert', correctionId: correction.id })} />

          <h3>{t('review.attendees')}</h3>
          <p>{t('review.attendeesSummary', { named: record.attendance.named.length, unnamed: record.attendance.unnamed })}</p>
          <div className="table-scroll" role="region" aria-label={t('review.attendees')} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('participantFields.displayName')}</th>
                  <th scope="col">{t('participantFields.affiliation')}</th>
                  <th scope="col">{t('participantFields.stakeholderGroup')}</th>
                  <th scope="col">{t('review.namePublished')}</th>
                </tr>
              </thead>
              <tbody>
                {state.participants.map((participant) => (
                  <tr key={participant.id}>
                    <th scope="row">
                      <Foreign text={participant.displayName} />
                    </th>
                    <td>
                      <Foreign text={participant.affiliation} />
                    </td>
                    <td>{t(`stakeholderGroup.${groupInRecord(state, participant.id) ?? participant.stakeholderGroup}`)}</td>
                    <td>{participant.publishName ? t('review.yes') : t('review.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3>{t('review.speeches')}</h3>
          {record.topics.map((topic) => (
            <div key={topic.id} className="table-scroll" role="region" aria-label={titleIn(topic, i18n.language)} tabIndex={0}>
              <table>
                <caption>
                  <Foreign text={titleIn(topic, i18n.language)} />
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('review.order')}</th>
                    <th scope="col">{t('participantFields.displayName')}</th>
                    <th scope="col">{t('participantFields.stakeholderGroup')}</th>
                    <th scope="col">{t('participantFields.attendance')}</th>
                    <th scope="col">{t('review.began')}</th>
                    <th scope="col">{t('review.duration')}</th>
                    <th scope="col">{t('review.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {topic.speeches.length === 0 && (
                    <tr>
                      <td colSpan={7}>{t('review.noSpeeches')}</td>
                    </tr>
                  )}
                  {topic.speeches.map((speech, index) => (
                    <tr key={speech.id}>
                      <td>{index + 1}</td>
                      <th scope="row">
                        <Foreign text={speech.name} />
                      </th>
                      <td>{t(`stakeholderGroup.${speech.stakeholderGroup}`)}</td>
                      <td>{t(`attendance.${speech.attendance}`)}</td>
                      <td>{time(speech.startedAt)}</td>
                      <td>{formatDuration(speech.durationMs)}</td>
                      <td className="button-row">
                        <button type="button" aria-label={`${t('review.groupAction')}: ${speech.name}`} onClick={() => fixGroup(speech)}>
                          {t('review.groupAction')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={`${t('review.removeAction')}: ${speech.name}`}
                          onClick={() => removeSpeech(speech)}
                        >
                          {t('review.removeAction')}
                        </button>
                        {state.recordFloor &&
                          (speech.audioWithheld ? (
                            <span className="hint">{t('recording.withheld')}</span>
                          ) : (
                            <button
                              type="button"
                              aria-label={`${t('recording.withholdAction')}: ${speech.name}`}
                              onClick={() => withholdAudio(speech)}
                            >
                              {t('recording.withholdAction')}
                            </button>
                          ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}

          {record.topics.some((topic) => topic.statements.length > 0) && <h3>{t('review.statements')}</h3>}
          {record.topics.map(
            (topic) =>
              topic.statements.length > 0 && (
                <section key={topic.id} aria-label={`${t('review.statements')}: ${titleIn(topic, i18n.language)}`}>
                  <h4>
                    <Foreign text={titleIn(topic, i18n.language)} />
                  </h4>
                  <ol className="review-statements">
                    {topic.statements.map((statement) => (
                      <ReviewedStatement
                        key={statement.requestId}
                        statement={statement}
                        topic={topic}
                        time={time}
                        onRemove={() => removeStatement(statement)}
                      />
                    ))}
                  </ol>
                </section>
              ),
          )}

          <h3>{t('review.transcript')}</h3>
          {record.meeting.languages.length > 1 && (
            <Choice
              legend={t('review.transcriptLanguage')}
              options={record.meeting.languages}
              value={language}
              label={(option) => t(`language.${option}`)}
              onChange={setLanguage}
            />
          )}
          {!transcript || transcript.lines.length === 0 ? (
            <p>{t('review.noTranscript')}</p>
          ) : (
            <>
              <TranscriptPages id={`${headingId}-pages`} lines={transcript.lines} first={firstLine} onFirst={setFirstLine} time={time} />
              <ol className="review-lines" lang={language} dir={language === 'ar' ? 'rtl' : 'ltr'} start={firstLine + 1}>
                {transcript.lines.slice(firstLine, firstLine + LINES_PER_PAGE).map((line, index) => {
                  const next = transcript.lines[firstLine + index + 1];
                  return (
                    <li key={line.lines[0]} lang={i18n.language} dir={i18n.dir()}>
                      <span className="review-line-time">{time(line.startedAt)}</span>{' '}
                      <span className="review-line-speaker">
                        {line.sound ? t('review.sound') : line.speaker === null ? t('captions.unknownSpeaker') : <bdi>{line.speaker}</bdi>}
                      </span>{' '}
                      <span lang={language} dir="auto" className="review-line-text">
                        {lineText(line)}
                      </span>
                      <span className="button-row">
                        <button type="button" onClick={() => fixSpeaker(line)}>
                          {t('review.speakerAction')}
                        </button>
                        {next && (
                          <button type="button" onClick={() => mergeLine(line, next)}>
                            {t('review.mergeAction')}
                          </button>
                        )}
                      </span>
                    </li>
                  );
                })}
              </ol>
              {firstLine + LINES_PER_PAGE < transcript.lines.length && (
                // Read to the end of a page, the next one is a button away, and opens at its top.
                <div className="button-row">
                  <button
                    type="button"
                    onClick={() => {
                      setFirstLine(firstLine + LINES_PER_PAGE);
                      document.getElementById(`${headingId}-pages`)?.scrollIntoView({ block: 'start' });
                    }}
                  >
                    {t('review.nextLines')}
                  </button>
                </div>
              )}
            </>
          )}
        </>
      )}
      {pending && (
        <ConfirmCorrection
          pending={pending}
          onClose={() => setPending(null)}
          onConfirm={async (draft) => {
            await command(pending.toCommand(draft));
            setPending(null);
          }}
        />
      )}
    </section>
  );
}

const lineText = (line: TranscriptLine) => speakerMarkerOf(line.text).rest;

/** A statement as the record will give it, with whether it was read out and who entered it, and the way to leave it out. */
function ReviewedStatement({
  statement,
  topic,
  time,
  onRemove,
}: {
  statement: ArchivedStatement;
  topic: ArchivedTopic;
  time: (at: number) => string;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const speech = topic.speeches.find((candidate) => candidate.id === statement.speechId);
  return (
    <li>
      <p>
        <strong dir="auto">{statement.name}</strong> — {time(statement.submittedAt)} —{' '}
        {speech ? t('review.statementRead', { time: time(speech.startedAt) }) : t('review.statementNotRead')}
      </p>
      {statement.enteredByChair && <p className="hint">{t('record.statementEnteredByChair')}</p>}
      <StatementText text={statement.text} />
      <button type="button" className="danger" aria-label={`${t('review.removeStatementAction')}: ${statement.name}`} onClick={onRemove}>
        {t('review.removeStatementAction')}
      </button>
    </li>
  );
}

/** The group a correction gives the participant, if the secretariat corrected it. */
function groupInRecord(state: MeetingState, participantId: string): StakeholderGroup | undefined {
  return state.corrections.findLast(
    (correction): correction is RecordCorrection & { edit: { kind: 'setGroup' } } =>
      correction.edit.kind === 'setGroup' && correction.edit.participantId === participantId,
  )?.edit.stakeholderGroup;
}

function Corrections({ state, onRevert }: { state: MeetingState; onRevert: (correction: RecordCorrection) => void }) {
  const { t, i18n } = useTranslation();
  const describe = (correction: RecordCorrection): string => {
    const { edit } = correction;
    const name = (id: string | null) => state.participants.find((participant) => participant.id === id)?.displayName ?? '';
    switch (edit.kind) {
      case 'removeSpeech': {
        const speech = state.topics.flatMap((topic) => topic.history).find((candidate) => candidate.id === edit.speechId);
        return t('review.describeRemove', { name: name(speech?.participantId ?? null), time: speech ? formatTime(speech.startedAt, state.timeZone, i18n.language) : '' });
      }
      case 'removeStatement': {
        const sent = state.topics.flatMap((topic) => topic.statements).find((candidate) => candidate.requestId === edit.requestId);
        return t('review.describeRemoveStatement', {
          name: name(sent?.participantId ?? null),
          time: sent ? formatTime(sent.submittedAt, state.timeZone, i18n.language) : '',
        });
      }
      case 'withholdAudio': {
        const speech = state.topics.flatMap((topic) => topic.history).find((candidate) => candidate.id === edit.speechId);
        return t('recording.describeWithheld', { name: name(speech?.participantId ?? null), time: speech ? formatTime(speech.startedAt, state.timeZone, i18n.language) : '' });
      }
      case 'setGroup':
        return t('review.describeGroup', { name: name(edit.participantId), group: t(`stakeholderGroup.${edit.stakeholderGroup}`) });
      case 'mergeLines':
        return t('review.describeMerge', { line: edit.line, language: t(`language.${edit.language}`) });
      case 'setSpeaker':
        return t('review.describeSpeaker', {
          line: edit.line,
          language: t(`language.${edit.language}`),
          name: edit.participantId ? name(edit.participantId) : (edit.label ?? t('review.noOne')),
        });
    }
  };
  return (
    <>
      <p className="review-count" aria-live="polite">
        <strong>{t('review.count', { count: state.corrections.length })}</strong>
      </p>
      {state.corrections.length > 0 && (
        <ul className="review-corrections">
          {state.corrections.map((correction) => (
            <li key={correction.id}>
              <span dir="auto">{describe(correction)}</span>{' '}
              <button type="button" aria-label={`${t('review.undo')}: ${describe(correction)}`} onClick={() => onRevert(correction)}>
                {t('review.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function GroupChoice({ value, onChange }: { value: StakeholderGroup; onChange: (group: StakeholderGroup) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('participantFields.stakeholderGroup')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as StakeholderGroup)}>
        {stakeholderGroups.map((group) => (
          <option key={group} value={group}>
            {t(`stakeholderGroup.${group}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function SpeakerChoice({ state, draft, onChange }: { state: MeetingState; draft: EditDraft; onChange: (draft: EditDraft) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t('review.speakerField')}</label>
        <select id={id} value={draft.speaker ?? NO_ONE} onChange={(event) => onChange({ ...draft, speaker: event.target.value })}>
          <option value={NO_ONE}>{t('review.noOne')}</option>
          {state.participants.map((participant) => (
            <option key={participant.id} value={participant.id}>
              {participant.displayName}
            </option>
          ))}
          <option value={OTHER_NAME}>{t('review.otherName')}</option>
        </select>
      </div>
      {draft.speaker === OTHER_NAME && (
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('review.otherNameField')}</label>
          <input
            id={`${id}-label`}
            dir="auto"
            maxLength={120}
            required
            value={draft.label ?? ''}
            onChange={(event) => onChange({ ...draft, label: event.target.value })}
          />
        </div>
      )}
    </>
  );
}

/** The one confirmation of the review, with the fields a correction needs (speaker, group). */
function ConfirmCorrection({
  pending,
  onClose,
  onConfirm,
}: {
  pending: Pending;
  onClose: () => void;
  onConfirm: (draft: EditDraft) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<EditDraft>(pending.draft);
  const [busy, setBusy] = useState(false);
  const incomplete = draft.speaker === OTHER_NAME && !draft.label?.trim();
  return (
    <ConfirmDialog
      heading={pending.heading}
      onCancel={onClose}
      cancelLabel={t('archive.cancel')}
      actions={[
        {
          label: pending.confirmLabel,
          danger: true,
          disabled: busy || incomplete,
          onChoose: () => {
            setBusy(true);
            void onConfirm(draft).finally(() => setBusy(false));
          },
        },
      ]}
    >
      <p className="confirm-subject" dir="auto">
        {pending.subject}
      </p>
      <p>{pending.body}</p>
      {pending.choose?.(draft, setDraft)}
    </ConfirmDialog>
  );
}

/** Where the transcript's page is in the meeting, and the way to the pages before and after it. */
function TranscriptPages({ id, lines, first, onFirst, time }: { id: string; lines: readonly TranscriptLine[]; first: number; onFirst: (first: number) => void; time: (at: number) => string }) {
  const { t } = useTranslation();
  if (lines.length <= LINES_PER_PAGE) return null;
  const last = Math.min(first + LINES_PER_PAGE, lines.length);
  return (
    <nav id={id} className="button-row review-pages" aria-label={t('review.transcriptPages')}>
      <button type="button" aria-disabled={first === 0 || undefined} onClick={() => first > 0 && onFirst(Math.max(0, first - LINES_PER_PAGE))}>
        {t('review.previousLines')}
      </button>
      <span role="status">
        {t('review.linesRange', { first: first + 1, last, total: lines.length, from: time(lines[first]!.startedAt), to: time(lines[last - 1]!.startedAt) })}
      </span>
      <button type="button" aria-disabled={last === lines.length || undefined} onClick={() => last < lines.length && onFirst(last)}>
        {t('review.nextLines')}
      </button>
    </nav>
  );
}
