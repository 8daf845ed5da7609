import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import type { MeetingState, Topic } from '../../../shared/meeting/model.js';
import { GuardedButton } from '../components/GuardedButton.js';
import { Refusal } from '../failures.js';
import { failureText } from '../i18n/failures.js';
import type { MeetingConnection } from '../realtime/useMeeting.js';
import { PresenceSummary } from './MediaViews.js';
import { mediaAbsence, presenceOf } from './presence.js';

/**
 * In the chair's floor panel, while the meeting is open: that the room's AV computer is away or
 * its microphone off. Remote participants then hear nothing of the room and the room nothing of
 * them, and nothing else on the chair's console would say so. Only for a meeting that has such a
 * computer (a venue link).
 */
export function RoomStationNotice({ state, media }: { state: MeetingState; media: MediaPresenceView | null }) {
  const { t } = useTranslation();
  if (!media?.available || state.status !== 'open') return null;
  if (!state.links.some((link) => link.role === 'venue' && link.revokedAt === null)) return null;
  const stations = media.participants.filter((entry) => entry.role === 'venue');
  if (stations.some((station) => station.microphone === 'published')) return null;
  return (
    <p className="notice notice-error" role="status">
      {t(stations.length === 0 ? 'media.stationAway' : 'media.stationMicrophoneOff')}
    </p>
  );
}

/**
 * In the chair's floor panel: the remote speaker's audio presence and a "Mute microphone"
 * button; or, once, that the meeting has no audio/video.
 */
export function SpeakerMedia({
  topic,
  media,
  request,
}: {
  topic: Topic;
  media: MediaPresenceView | null;
  request: MeetingConnection['request'];
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
        const ack = await request('media:mute', { participantId });
        if (ack.ok) setDone(true);
        else setFailure(new Refusal(ack.error));
      } catch (error) {
        setFailure(error);
      } finally {
        busy.current = false;
      }
    },
    [request],
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
