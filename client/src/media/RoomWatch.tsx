import { mediaAbsence } from './presence.js';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveMeeting } from '../components/MeetingGate.js';
import { MediaConnection, JoinControls, RemoteAudio, StartAudio } from './MediaViews.js';
import { RoomFeed } from './RemoteParticipation.js';
import { ChannelChoice, useListening } from './Interpretation.js';
import { useLiveKitRoom } from './useLiveKitRoom.js';

/**
 * The room's picture and sound for a viewer, beside the captions. A viewer's token lets it
 * subscribe only (hidden, never publishing): LiveKit refuses anything else.
 */
export function RoomWatch({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [listening, setListening] = useListening();
  const room = useLiveKitRoom(meeting.token, { autoJoin: true, autoRejoin: true, channel: listening.channel });
  const absence = mediaAbsence(meeting.media, room.status);
  return (
    <section className="panel media-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('media.watchHeading')}</h2>
      {absence ? (
        <p className="notice">{t(`media.${absence}`)}</p>
      ) : (
        <>
          <MediaConnection room={room} />
          <JoinControls room={room} />
          <ChannelChoice state={meeting.state} listening={listening} onChange={setListening} />
          <StartAudio room={room} />
          {(room.status === 'connected' || room.status === 'reconnecting') && <RoomFeed room={room} meeting={meeting} />}
          <RemoteAudio tracks={room.remoteTracks} listening={listening} />
        </>
      )}
    </section>
  );
}
