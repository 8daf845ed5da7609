import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { overtaken, type Overtaken } from '../../../../shared/meeting/intents.js';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import { participantById, titleIn } from '../../../../shared/meeting/selectors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OvertakenDialog } from '../../components/OvertakenDialog.js';
import { formatTime } from '../../format.js';
import type { Confirmation } from './types.js';

/**
 * The console's question before acting. While it is open another console may act first: once
 * the meeting no longer poses it, the dialog becomes an OvertakenDialog.
 */
export function QuestionDialog({ confirmation, state, onClose }: { confirmation: Confirmation; state: MeetingState; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const moot = confirmation.question ? overtaken(state, confirmation.question) : null;
  if (moot) {
    return (
      <OvertakenDialog heading={confirmation.heading} onClose={onClose}>
        {overtakenText(t, i18n.language, state, moot)}
      </OvertakenDialog>
    );
  }
  return (
    <ConfirmDialog
      heading={confirmation.heading}
      actions={confirmation.actions.map((action) => ({
        ...action,
        onChoose: () => {
          onClose();
          action.onChoose();
        },
      }))}
      onCancel={onClose}
    >
      <p>{confirmation.body}</p>
    </ConfirmDialog>
  );
}

function overtakenText(t: TFunction, language: string, state: MeetingState, moot: Overtaken): string {
  const nameOf = (participantId: string) => participantById(state, participantId)?.displayName ?? t('people.unknown');
  switch (moot.by) {
    case 'status':
      return t(`floorConsole.overtaken.status.${moot.status}`);
    case 'topic': {
      const topic = state.topics.find((candidate) => candidate.id === moot.topicId);
      return t('floorConsole.overtaken.topic', { topic: topic ? titleIn(topic, language) : '' });
    }
    case 'floorTaken':
      return t('floorConsole.overtaken.floorHolder', { name: nameOf(moot.holder) });
    case 'speechEnded':
      return t('floorConsole.overtaken.floorEnded', { name: nameOf(moot.participantId) });
    case 'listClosed':
      return t('floorConsole.overtaken.listClosed');
    case 'given':
      return t('floorConsole.overtaken.given', { name: nameOf(moot.participantId) });
    case 'leftList':
      return t('floorConsole.overtaken.leftList', { name: nameOf(moot.participantId) });
    case 'setAside':
      return t('floorConsole.overtaken.setAside', { name: nameOf(moot.participantId), time: formatTime(moot.at, state.timeZone, language) });
    case 'statementChanged':
      return t('floorConsole.overtaken.statementChanged', { name: nameOf(moot.participantId) });
    case 'requestClosed':
      return t('floorConsole.overtaken.requestClosed', { name: nameOf(moot.participantId) });
    case 'statementGone':
      return t('floorConsole.overtaken.statementGone', { name: nameOf(moot.participantId) });
  }
}
