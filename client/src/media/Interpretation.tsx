import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../shared/i18n/catalogue.js';
import { SIGN_BOOTH, type BoothLanguage, type Language, type MeetingState } from '../../../shared/meeting/model.js';
import { parseIdentity } from '../../../shared/access/media.js';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import { Choice } from '../components/Choice.js';
import { useRemembered } from '../components/useRemembered.js';
import { SelectField } from '../components/Field.js';
import { Foreign } from '../components/Foreign.js';
import { formatPercent, formatTime } from '../format.js';
import { RECEPTIONS, type Listening } from './MediaViews.js';
import type { LiveKitRoom, RemoteMediaTrack } from './useLiveKitRoom.js';

const LISTENING_KEY = 'openfloor.listening';
/** The floor under an interpretation, unless the listener sets it: low enough to follow the interpreter. */
const DEFAULT_FLOOR_LEVEL = 0.2;

const parseListening = (stored: Record<string, unknown>): Listening => ({
  channel: isLanguage(stored.channel) ? stored.channel : null,
  floorLevel:
    typeof stored.floorLevel === 'number' && stored.floorLevel >= 0 && stored.floorLevel <= 1 ? stored.floorLevel : DEFAULT_FLOOR_LEVEL,
  reception: RECEPTIONS.find((reception) => reception === stored.reception) ?? null,
});

/** What this device listens to: the floor or a channel, the floor's level under it, and whether it receives sound and picture at all. */
export const useListening = () => useRemembered(LISTENING_KEY, parseListening);

/** Whether a booth exists: at least one interpreter link for it, not revoked. */
const hasBooth = (state: MeetingState, language: BoothLanguage): boolean =>
  state.links.some((link) => link.role === 'interpreter' && link.booth === language && link.revokedAt === null);

/** The spoken languages that have a booth. */
export function boothLanguages(state: MeetingState): Language[] {
  return state.languages.filter((language) => hasBooth(state, language));
}

export const hasSignBooth = (state: MeetingState): boolean => hasBooth(state, SIGN_BOOTH);

/** Every booth of the meeting: its spoken languages' and the sign-language booth. */
const everyBooth = (state: MeetingState): BoothLanguage[] => [...boothLanguages(state), ...(hasSignBooth(state) ? [SIGN_BOOTH] : [])];

export const isLive = (state: MeetingState, language: BoothLanguage) => state.booths.some((booth) => booth.language === language);

/** Whether the interpreter link holding a booth publishes on LiveKit now: its microphone, or the signer's camera. */
const heard = (presence: MediaPresenceView, linkId: string, language: BoothLanguage) =>
  presence.participants.some(
    (entry) =>
      entry.role === 'interpreter' &&
      parseIdentity(entry.identity)?.linkId === linkId &&
      (language === SIGN_BOOTH ? entry.camera : entry.microphone === 'published'),
  );

interface ChannelChoiceProps {
  state: MeetingState;
  listening: Listening;
  onChange: (change: Partial<Listening>) => void;
  /** The channels heard on LiveKit now; null while this page is not connected to it. */
  sounding: readonly BoothLanguage[] | null;
}

/** What ChannelChoice is told is heard: only a connected page knows. */
export const soundingOn = (room: Pick<LiveKitRoom, 'status' | 'soundingChannels'>) =>
  room.status === 'connected' ? room.soundingChannels : null;

/**
 * The listener's choice: the floor (the original), or a language channel with the floor under
 * it at an adjustable level, or off. Independent of the caption language. A booth held while
 * nothing is heard on its channel (its interpreter's computer gone) says so, and the listener
 * who chose it is told they hear the original meanwhile (RemoteAudio plays it at full level).
 */
export function ChannelChoice({ state, listening, onChange, sounding }: ChannelChoiceProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const channels = boothLanguages(state);
  if (channels.length === 0) return null;
  const percent = Math.round(listening.floorLevel * 100);
  const level = percent === 0 ? t('interpretation.floorOff') : formatPercent(percent / 100, i18n.language);
  const silent = (language: Language) => isLive(state, language) && sounding !== null && !sounding.includes(language);
  const labelOf = (language: Language) =>
    silent(language) ? 'interpretation.channelSilent' : isLive(state, language) ? 'interpretation.channelLive' : 'interpretation.channelOff';
  return (
    <div className="channel-choice">
      {/* Radio buttons, not a list box: each channel's state shows in full (a phone's list box
          cut "(on air, no sound)" off the French channel in Arabic). */}
      <Choice
        legend={t('interpretation.listen')}
        options={['', ...channels] as const}
        value={listening.channel ?? ''}
        label={(option) => (isLanguage(option) ? t(labelOf(option), { language: t(`language.${option}`) }) : t('interpretation.floor'))}
        onChange={(option) => onChange({ channel: isLanguage(option) ? option : null })}
      />
      {listening.channel !== null && sounding !== null && !sounding.includes(listening.channel) && (
        <p className="notice" role="status">
          {t('interpretation.silentNotice', { language: t(`language.${listening.channel}`) })}
        </p>
      )}
      {listening.channel !== null && (
        <div className="field">
          <label htmlFor={`${id}-floor`}>{t('interpretation.floorLevel')}</label>
          <input
            id={`${id}-floor`}
            type="range"
            min={0}
            max={100}
            step={10}
            value={percent}
            aria-valuetext={level}
            onChange={(event) => onChange({ floorLevel: Number(event.target.value) / 100 })}
          />
          <output htmlFor={`${id}-floor`}>{level}</output>
        </div>
      )}
    </div>
  );
}

interface LiveChannelsProps {
  state: MeetingState;
  /** Who is on LiveKit: a booth held while its interpreter's microphone is not there has no sound. */
  presence: MediaPresenceView | null;
  onRelease?: (language: BoothLanguage) => void;
}

/**
 * Which channels are on air, who holds each booth and since when, and whether each is heard;
 * presiding consoles may free a booth.
 */
export function LiveChannels({ state, presence, onRelease }: LiveChannelsProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const channels = everyBooth(state);
  if (channels.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('interpretation.heading')}</h2>
      <ul className="live-channels">
        {channels.map((language) => {
          const booth = state.booths.find((candidate) => candidate.language === language);
          const holder = booth ? state.links.find((link) => link.id === booth.linkId) : undefined;
          return (
            <li key={language}>
              <strong>{t(`language.${language}`)}</strong>{' '}
              {booth ? (
                <>
                  <span className="badge badge-live">{t('interpretation.onAir')}</span>{' '}
                  {presence?.available && !heard(presence, booth.linkId, language) && (
                    <>
                      <span className="badge badge-off">{t(language === SIGN_BOOTH ? 'interpretation.noPicture' : 'interpretation.noSound')}</span>{' '}
                    </>
                  )}
                  {t('interpretation.heldBy', { time: formatTime(booth.since, state.timeZone, i18n.language) })}{' '}
                  <Foreign text={holder?.label || t('role.interpreter')} />
                  {onRelease && (
                    <>
                      {' '}
                      <button type="button" onClick={() => onRelease(language)}>
                        {language === SIGN_BOOTH ? t('sign.free') : t('interpretation.free', { language: t(`language.${language}`) })}
                      </button>
                    </>
                  )}
                </>
              ) : (
                <span className="badge">{t('interpretation.offAir')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const FEED_KEY = 'openfloor.venueFeed';

interface Feed {
  channel: Language | null;
  /** The audio output wired to the room's interpretation system (receivers, headsets); '' for the default. */
  outputId: string;
}

const parseFeed = (stored: Record<string, unknown>): Feed => ({
  channel: isLanguage(stored.channel) ? stored.channel : null,
  outputId: typeof stored.outputId === 'string' ? stored.outputId : '',
});

/** The venue station's feed of one channel to the room's interpretation system, remembered by the station. */
export const useVenueFeed = () => useRemembered(FEED_KEY, parseFeed);

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Sends one interpretation channel to a separate audio output of the AV computer, wired to the
 * room's interpretation system, while the room's loudspeakers keep playing the floor.
 */
export function ChannelFeed({ state, tracks, feed, onChange }: { state: MeetingState; tracks: readonly RemoteMediaTrack[]; feed: Feed; onChange: (change: Partial<Feed>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [outputs, setOutputs] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((devices) => setOutputs(devices.filter((device) => device.kind === 'audiooutput' && device.deviceId !== 'default')))
      .catch(() => setOutputs([]));
  }, []);
  const channels = boothLanguages(state);
  const track = tracks.find((entry) => entry.kind === 'audio' && entry.channel !== null && entry.channel === feed.channel)?.track;
  const ref = useRef<SinkElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !track) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  }, [track]);
  useEffect(() => {
    void ref.current?.setSinkId?.(feed.outputId).catch(() => undefined);
  }, [feed.outputId, track]);
  if (channels.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('interpretation.feedHeading')}</h2>
      <p className="hint">{t('interpretation.feedHint')}</p>
      <SelectField
        id={`${id}-channel`}
        label={t('interpretation.feedChannel')}
        value={feed.channel ?? ''}
        onChange={(event) => onChange({ channel: isLanguage(event.target.value) ? event.target.value : null })}
      >
        <option value="">{t('interpretation.feedNone')}</option>
        {channels.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id={`${id}-output`} label={t('interpretation.feedOutput')} value={feed.outputId} onChange={(event) => onChange({ outputId: event.target.value })}>
        <option value="">{t('media.devices.default')}</option>
        {outputs.map((output, index) => (
          <option key={output.deviceId} value={output.deviceId}>
            {output.label || t('interpretation.outputNumber', { number: index + 1 })}
          </option>
        ))}
      </SelectField>
      <p role="status">{feed.channel === null ? '' : track ? t('interpretation.feeding') : t('interpretation.feedWaiting')}</p>
      <audio ref={ref} data-channel-feed={feed.channel ?? ''} />
    </section>
  );
}
