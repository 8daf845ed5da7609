import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../shared/meeting/model.js';
import { currentFloor, currentTopic, participantById } from '../../../shared/meeting/selectors.js';
import { statementFor } from '../../../shared/speaker-queue/statements.js';

/**
 * Tells screen-reader users who has the floor when it changes. Kept apart from the countdown
 * so the ticking clock is never read out.
 */
export function FloorAnnouncer({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  const floor = currentFloor(state);
  const speaker = floor && participantById(state, floor.participantId);
  const topic = currentTopic(state);
  const inWriting = floor !== null && topic !== null && statementFor(topic, floor.id) !== undefined;
  const name = speaker?.displayName ?? t('people.unknown');
  return (
    <p className="visually-hidden" role="status">
      {floor ? t(inWriting ? 'floor.announceInWriting' : 'floor.announce', { name }) : t('floor.nobody')}
    </p>
  );
}
