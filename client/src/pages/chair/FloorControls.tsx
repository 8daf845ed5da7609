import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../../shared/meeting/model.js';
import { isPaused } from '../../../../shared/speaker-queue/queue.js';
import { FloorPanel } from '../../components/FloorPanel.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { SpeakerMedia } from '../../media/ChairMedia.js';
import type { MediaPresenceView } from '../../../../shared/protocol/media.js';
import type { MeetingConnection } from '../../realtime/useMeeting.js';
import type { Run } from './types.js';

interface FloorControlsProps {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
  run: Run;
  /** The server's audio/video presence view, for the remote speaker's microphone. */
  media: MediaPresenceView | null;
  request: MeetingConnection['request'];
}

export function FloorControls({ state, topic, clockOffsetMs, run, media, request }: FloorControlsProps) {
  const { t } = useTranslation();
  const floor = topic.floor;
  return (
    <FloorPanel state={state} topic={topic} clockOffsetMs={clockOffsetMs}>
      <div className="button-row">
        <GuardedButton
          className="primary"
          unavailable={topic.queue.length === 0}
          onClick={() => void run('floor:give', {})}
        >
          {t('floor.next')}
        </GuardedButton>
        <GuardedButton unavailable={!floor} onClick={() => void run('floor:end', {})}>
          {t('floor.end')}
        </GuardedButton>
        {floor && isPaused(floor) ? (
          <GuardedButton unavailable={false} onClick={() => void run('floor:resume', {})}>
            {t('floor.resume')}
          </GuardedButton>
        ) : (
          <GuardedButton unavailable={!floor} onClick={() => void run('floor:pause', {})}>
            {t('floor.pause')}
          </GuardedButton>
        )}
      </div>
      <SpeakerMedia key={floor?.id ?? 'none'} topic={topic} media={media} request={request} />
    </FloorPanel>
  );
}
