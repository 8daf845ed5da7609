import { useTranslation } from 'react-i18next';
import type { MeetingState, QueueEntry } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { listedKind, PersonSummary } from './People.js';

/** The speakers' list as everyone may see it; the chair's console has its own with controls. */
export function QueueList({ state, entries }: { state: MeetingState; entries: readonly QueueEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="empty">{t('queue.empty')}</p>;
  return (
    <ol className="queue">
      {entries.map((entry) => (
        <li key={entry.id}>
          <PersonSummary participant={participantById(state, entry.participantId)} kind={listedKind(entry.kind)} />
          <RepliesTo state={state} speechId={entry.replyTo} />
        </li>
      ))}
    </ol>
  );
}

/** Whom a reply answers: the speaker of the speech it was asked during. */
export function RepliesTo({ state, speechId }: { state: MeetingState; speechId: string | null }) {
  const { t } = useTranslation();
  if (speechId === null) return null;
  const speech = state.topics
    .flatMap((topic) => (topic.floor ? [topic.floor, ...topic.history] : topic.history))
    .find((candidate) => candidate.id === speechId);
  if (!speech) return null;
  const name = participantById(state, speech.participantId)?.displayName ?? t('people.unknown');
  return <span className="replies-to"> {t('floorConsole.repliesTo', { name })}</span>;
}
