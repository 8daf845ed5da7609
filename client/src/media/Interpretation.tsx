import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../shared/i18n/catalogue.js';
import type { Language, MeetingState } from '../../../shared/meeting/model.js';
import { SelectField } from '../components/Field.js';
import { Foreign } from '../components/Foreign.js';
import { formatTime } from '../format.js';
import { RECEPTIONS, type Listening } from './MediaViews.js';
import type { RemoteMediaTrack } from './useLiveKitRoom.js';

const LISTENING_KEY = 'openfloor.listening';
/** The floor under an interpretation, unless the listener sets it: low enough to follow the interpreter. */
const DEFAULT_FLOOR_LEVEL = 0.2;

/**
 * A choice this device keeps across reloads and meetings, read back through `parse` (which
 * answers the default for anything missing or malformed). Private browsing may refuse
 * storage: the choice then lasts for this page only.
 */
function useRemembered<T extends object>(key: string, parse: (stored: Record<string, unknown>) => T): [T, (change: Partial<T>) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      return parse(JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>);
    } catch {
      return parse({});
    }
  });
  const change = useCallback(
    (patch: Partial<T>) => {
      setValue((current) => {
        const next = { ...current, ...patch };
        try {
          localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // See above: this page only.
        }
        return next;
      });
    },
    [key],
  );
  return [value, change];
}

const parseListening = (stored: Record<string, unknown>): Listening => ({
  channel: isLanguage(stored.channel) ? stored.channel : null,
  floorLevel:
    typeof stored.floorLevel === 'number' && stored.floorLevel >= 0 && stored.floorLevel <= 1 ? stored.floorLevel : DEFAULT_FLOOR_LEVEL,
  reception: RECEPTIONS.find((reception) => reception === stored.reception) ?? null,
});

/** What this device listens to: the floor or a channel, the floor's level under it, and whether it receives sound and picture at all. */
export const useListening = () => useRemembered(LISTENING_KEY, parseListening);

/** The languages that have a booth: at least one interpreter link, not revoked. */
export function boothLanguages(state: MeetingState): Language[] {
  return state.languages.filter((language) =>
    state.links.some((link) => link.role === 'interpreter' && link.booth === language && link.revokedAt === null),
  );
}

const isLive = (state: MeetingState, language: Language) => state.booths.some((booth) => booth.language === language);

/**
 * The listener's choice: the floor (the original), or a language channel with the floor under
 * it at an adjustable level, or off. Independent of the caption language.
 */
export function ChannelChoice({ state, listening, onChange }: { state: MeetingState; listening: Listening; onChange: (change: Partial<Listening>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const channels = boothLanguages(state);
  if (channels.length === 0) return null;
  const percent = Math.round(listening.floorLevel * 100);
  return (
    <div className="channel-choice">
      <SelectField
        id={`${id}-channel`}
        label={t('interpretation.listen')}
        value={listening.channel ?? ''}
        onChange={(event) => onChange({ channel: isLanguage(event.target.value) ? event.target.value : null })}
      >
        <option value="">{t('interpretation.floor')}</option>
        {channels.map((language) => (
          <option key={language} value={language}>
            {t(isLive(state, language) ? 'interpretation.channelLive' : 'interpretation.channelOff', { language: t(`language.${language}`) })}
          </option>
        ))}
      </SelectField>
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
            aria-valuetext={percent === 0 ? t('interpretation.floorOff') : `${percent} %`}
            onChange={(event) => onChange({ floorLevel: Number(event.target.value) / 100 })}
          />
          <output htmlFor={`${id}-floor`}>{percent === 0 ? t('interpretation.floorOff') : `${percent} %`}</output>
        </div>
      )}
    </div>
  );
}

/** Which channels are on air, who holds each booth and since when; presiding consoles may free a booth. */
export function LiveChannels({ state, onRelease }: { state: MeetingState; onRelease?: (language: Language) => void }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const channels = boothLanguages(state);
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
                  {t('interpretation.heldBy', { time: formatTime(booth.since, state.timeZone, i18n.language) })}{' '}
                  <Foreign text={holder?.label || t('role.interpreter')} />
                  {onRelease && (
                    <>
                      {' '}
                      <button type="button" onClick={() => onRelease(language)}>
                        {t('interpretation.free', { language: t(`language.${language}`) })}
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
