import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import type { Topic } from '../../../shared/meeting/model.js';
import { GuardedButton } from '../components/GuardedButton.js';
import { CommandNotDelivered, Refusal } from '../failures.js';
import { failureText } from '../i18n/failures.js';
import type { MeetingSocket } from '../realtime/useMeeting.js';
import { PresenceSummary } from './MediaViews.js';
import { mediaAbsence, presenceOf } from './presence.js';

const ACK_TIMEOUT_MS = 10_000;

/**
 * In the chair's floor panel: the remote speaker's audio presence and a "Mute microphone"
 * button; or, once, that the meeting has no audio/video.
 */
export function SpeakerMedia({
  topic,
  media,
  socket,
}: {
  topic: Topic;
  media: MediaPresenceView | null;
  socket: MeetingSocket | null;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const busy = useRef(false);
  const floor = topic.floor;

  const mute = useCallback(
    async (participantId: string) => {
      if (busy.current) return;
      busy.current = true;
      setFailure(null);
      setDone(false);
      try {
        if (!socket?.connected) throw new CommandNotDelivered('offline');
        const ack = await socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('media:mute', { participantId })
          .catch(() => {
            throw new CommandNotDelivered('timeout');
          });
        if (ack.ok) setDone(true);
        else setFailure(new Refusal(ack.error));
      } catch (error) {
        setFailure(error);
      } finally {
        busy.current = false;
      }
    },
    [socket],
  );

  const absence = mediaAbsence(media, 'idle');
  if (absence) return <p className="hint media-unavailable">{t(`media.${absence}`)}</p>;
  if (!floor || floor.attendance !== 'remote') return null;
  const presence = presenceOf(media, floor.participantId);
  return (
    <div className="speaker-media">
      <p className="speaker-media-state">
        <span className="visually-hidden">{t('media.speakerAudio')} </span>
        <PresenceSummary presence={presence} />
      </p>
      <div className="button-row">
        <GuardedButton
          unavailable={presence?.microphone !== 'published'}
          onClick={() => void mute(floor.participantId)}
        >
          {t('media.muteSpeaker')}
        </GuardedButton>
      </div>
      <p role="status" className="form-status">
        {done && presence?.microphone === 'muted' ? t('media.speakerMuted') : null}
      </p>
      <div className="failure" role="alert">
        {failure !== null ? failureText(t, failure) : null}
      </div>
    </div>
  );
}
