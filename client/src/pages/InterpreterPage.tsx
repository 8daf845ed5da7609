import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../shared/i18n/catalogue.js';
import { SIGN_BOOTH, type Language } from '../../../shared/meeting/model.js';
import { currentTopic } from '../../../shared/meeting/selectors.js';
import { channelTrackName } from '../../../shared/protocol/media.js';
import { FailureNotice } from '../components/FailureNotice.js';
import { SelectField } from '../components/Field.js';
import { FloorAnnouncer } from '../components/FloorAnnouncer.js';
import { FloorPanel } from '../components/FloorPanel.js';
import { Foreign } from '../components/Foreign.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { MeetingStatusNotice } from '../components/MeetingStatusNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import { boothLanguages } from '../media/Interpretation.js';
import { DevicePickers, MediaConnection, RemoteAudio, StartAudio, TrackVideo } from '../media/MediaViews.js';
import { mediaAbsence } from '../media/presence.js';
import { useLiveKitRoom } from '../media/useLiveKitRoom.js';
import { useCommands } from '../realtime/useCommands.js';

/**
 * An interpreter's booth console: take the booth's channel (or over from a colleague), speak,
 * leave it. The sign-language booth's is the same console with a camera instead of a microphone.
 */
export function InterpreterPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate meetingId={meetingId} page="interpreter" heading={t('interpretation.console')} admits={(you) => you.role === 'interpreter'}>
      {(meeting) => <BoothConsole meeting={meeting} />}
    </MeetingGate>
  );
}

function BoothConsole({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state, you } = meeting;
  const headingId = useId();
  const relayId = useId();
  const commands = useCommands(meeting.send, meeting.status);
  const booth = state.links.find((link) => link.id === you.linkId)?.booth ?? null;
  const holder = booth ? state.booths.find((candidate) => candidate.language === booth) : undefined;
  const holding = holder?.linkId === you.linkId;
  const signing = booth === SIGN_BOOTH;
  /** How a colleague is named: their link's label, or "Interpreter" when it has none. */
  const colleagueName = (linkId: string) => state.links.find((link) => link.id === linkId)?.label || t('role.interpreter');
  // Relay: interpreting from another booth's channel instead of the floor.
  const [relay, setRelay] = useState<Language | null>(null);
  const relays = boothLanguages(state).filter((language) => language !== booth);
  const room = useLiveKitRoom(meeting, {
    autoJoin: true,
    autoRejoin: true,
    autoPublish: signing ? { camera: holding } : { microphone: holding },
    channel: relay,
    ...(booth ? (signing ? { cameraTrackName: channelTrackName(booth) } : { microphoneTrackName: channelTrackName(booth) }) : {}),
  });
  const absence = mediaAbsence(meeting.media, room.status);
  const topic = currentTopic(state);
  const heading = booth ? t('interpretation.boothHeading', { language: t(`language.${booth}`) }) : t('interpretation.console');

  return (
    <PageLayout heading={t(signing ? 'sign.console' : 'interpretation.console')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <MeetingStatusNotice state={state} />
      <div className="columns">
        <div className="column">
          <section className="panel" aria-labelledby={headingId}>
            <h2 id={headingId}>{heading}</h2>
            <p role="status" className={holding ? 'on-air' : undefined}>
              {holding ? (
                t(signing ? 'interpretation.signYouOnAir' : 'interpretation.youOnAir')
              ) : holder ? (
                <>
                  {t('interpretation.colleagueOnAir')} <Foreign text={colleagueName(holder.linkId)} />
                </>
              ) : (
                t('interpretation.boothFree')
              )}
            </p>
            {booth && state.status === 'open' && (
              <div className="button-row">
                {holding ? (
                  <button type="button" onClick={() => void commands.run('booth:release', { language: booth })}>
                    {t(signing ? 'interpretation.signLeave' : 'interpretation.leave')}
                  </button>
                ) : (
                  <button type="button" className="primary" onClick={() => void commands.run('booth:take', { language: booth, expectedHolder: holder?.linkId ?? null })}>
                    {holder ? t('interpretation.takeOver') : t(signing ? 'interpretation.signTake' : 'interpretation.take')}
                  </button>
                )}
              </div>
            )}
            <FailureNotice failure={commands.failure} nameOf={colleagueName} />
            {relays.length > 0 && (
              <SelectField
                id={relayId}
                label={t('interpretation.relay')}
                value={relay ?? ''}
                onChange={(event) => setRelay(isLanguage(event.target.value) ? event.target.value : null)}
              >
                <option value="">{t('interpretation.floor')}</option>
                {relays.map((language) => (
                  <option key={language} value={language}>
                    {t('interpretation.relayFrom', { language: t(`language.${language}`) })}
                  </option>
                ))}
              </SelectField>
            )}
            {absence ? (
              <p className="notice">{t(`media.${absence}`)}</p>
            ) : (
              <>
                <MediaConnection room={room} />
                <StartAudio room={room} />
                <p>
                  {signing ? `${t('interpretation.camera')} ${t(`media.cameraState.${room.camera}`)}` : `${t('interpretation.microphone')} ${t(`media.trackState.${room.microphone}`)}`}
                </p>
                {signing && room.localVideo && room.camera === 'live' && <TrackVideo track={room.localVideo} label={t('media.selfView')} mirrored />}
                <DevicePickers room={room} sources={[signing ? 'camera' : 'microphone']} />
              </>
            )}
          </section>
        </div>
        <div className="column">{topic && <FloorPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} readAhead />}</div>
      </div>
      {/* What the interpreter hears: the floor, or only the relayed booth. */}
      <RemoteAudio tracks={room.remoteTracks} listening={{ channel: relay, floorLevel: 0 }} />
    </PageLayout>
  );
}
