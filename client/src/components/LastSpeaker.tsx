import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { lastSpeakers } from '../../../shared/speaker-queue/queue.js';
import { PersonSummary } from './People.js';

export function LastSpeaker({ state, topic }: { state: MeetingState; topic: Topic }) {
  const { t } = useTranslation();
  const [last] = lastSpeakers(topic, 1);
  if (!last) return null;
  return (
    <p className="last-speaker">
      <span className="label">{t('queue.lastSpeaker')}</span>{' '}
      <PersonSummary participant={participantById(state, last.participantId)} attendance={last.attendance} />
    </p>
  );
}
