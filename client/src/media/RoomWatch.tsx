import { mediaAbsence } from './presence.js';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Choice } from '../components/Choice.js';
import type { LiveMeeting } from '../components/MeetingGate.js';
import { MediaConnection, JoinControls, RECEPTIONS, RemoteAudio, StartAudio } from './MediaViews.js';
import { RoomFeed } from './RemoteParticipation.js';
import { ChannelChoice, soundingOn, useListening } from './Interpretation.js';
import { PinnedSigner, SignChoice, useSignPreference, wantsSign } from './SignLanguage.js';
import { useLiveKitRoom } from './useLiveKitRoom.js';

/**
 * The room's picture and sound for a viewer, beside the captions. A viewer's token lets it
 * subscribe only (hidden, never publishing): LiveKit refuses anything else.
 *
 * What the device receives is the person's choice, kept on the device. Until they make it, a
 * device on the venue's network (in the hall) receives nothing: the room's sound played again
 * there would echo, and 300 phones taking the picture would fill the hall's Wi-Fi. Anywhere
 * else it receives picture and sound, as a webcast does. The sign-language interpreter, asked
 * for, comes whatever the choice: with the captions only (a deaf person in the hall), their
 * picture alone, and no sound.
 */
export function RoomWatch({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [listening, setListening] = useListening();
  const [sign, setSign] = useSignPreference();
  const signing = wantsSign(meeting.state, sign);
  const chosen = listening.reception;
  const room = useLiveKitRoom(meeting, {
    autoJoin: chosen !== 'captions' || signing,
    autoRejoin: true,
    channel: listening.channel,
    video: chosen === null || chosen === 'picture',
    sound: chosen !== 'captions',
    sign: signing,
    // Nothing chosen: in the hall, nothing at all, or the interpreter alone if asked for.
    stayOutInTheHall: chosen === null && !signing,
    quietInTheHall: chosen === null,
  });
  const reception = chosen ?? (room.venueNetwork ? 'captions' : 'picture');
  const absence = mediaAbsence(meeting.media, room.status);
  const ended = room.status === 'disconnected' || room.status === 'failed';
  return (
    <section className="panel media-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('media.watchHeading')}</h2>
      {absence ? (
        <p className="notice">{t(`media.${absence}`)}</p>
      ) : (
        <>
          <Choice
            legend={t('media.reception.legend')}
            options={RECEPTIONS}
            value={reception}
            label={(option) => t(`media.reception.${option}`)}
            onChange={(option) => setListening({ reception: option })}
          />
          {chosen === null && room.venueNetwork === true && <p className="hint">{t('media.reception.inTheHall')}</p>}
          <SignChoice state={meeting.state} preference={sign} onChange={setSign} />
          {reception === 'captions' && signing && (
            <>
              <p className="hint">{t('sign.inTheHall')}</p>
              <MediaConnection room={room} />
            </>
          )}
          <PinnedSigner state={meeting.state} room={room} preference={sign} onChange={setSign} />
          {reception !== 'captions' && (
            <>
              <MediaConnection room={room} />
              {ended && <JoinControls room={room} />}
              <ChannelChoice state={meeting.state} listening={listening} onChange={setListening} sounding={soundingOn(room)} />
              <StartAudio room={room} />
              {(room.status === 'connected' || room.status === 'reconnecting') && (
                <RoomFeed room={room} meeting={meeting} picture={reception === 'picture'} />
              )}
              <RemoteAudio tracks={room.remoteTracks} listening={listening} />
            </>
          )}
        </>
      )}
    </section>
  );
}
