import { useTranslation } from 'react-i18next';
import type { MeetingState, QueueEntry } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { PersonSummary } from './People.js';

/** The speakers' list as everyone may see it; the chair's console has its own with controls. */
export function QueueList({ state, entries }: { state: MeetingState; entries: readonly QueueEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="empty">{t('queue.empty')}</p>;
  return (
    <ol className="queue">
      {entries.map((entry) => (
        <li key={entry.id}>
          <PersonSummary participant={participantById(state, entry.participantId)} kind={entry.kind} />
        </li>
      ))}
    </ol>
  );
}
