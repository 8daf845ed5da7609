import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../shared/meeting/model.js';
import { currentFloor, participantById } from '../../../shared/meeting/selectors.js';

/**
 * Tells screen-reader users who has the floor when it changes. Kept apart from the countdown
 * so the ticking clock is never read out.
 */
export function FloorAnnouncer({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  const floor = currentFloor(state);
  const speaker = floor && participantById(state, floor.participantId);
  return (
    <p className="visually-hidden" role="status">
      {floor ? t('floor.announce', { name: speaker?.displayName ?? t('people.unknown') }) : t('floor.nobody')}
    </p>
  );
}
