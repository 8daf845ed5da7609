import { useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { SIGN_BOOTH, type MeetingState } from '../../../shared/meeting/model.js';
import { useRemembered } from '../components/useRemembered.js';
import { hasSignBooth, isLive } from './Interpretation.js';
import type { LiveMeeting } from '../components/MeetingGate.js';
import { MediaConnection, TrackVideo } from './MediaViews.js';
import { mediaAbsence } from './presence.js';
import { useLiveKitRoom, type LiveKitRoom } from './useLiveKitRoom.js';

const SIGN_KEY = 'openfloor.sign';
/** The page's one "Show the sign language interpreter" box, which gets the keyboard back when the interpreter is hidden. */
const SIGN_CHOICE_ID = 'sign-choice';

/** Whether this device shows the sign-language interpreter, and how large: kept on the device, as the listening choice is. */
export interface SignPreference {
  shown: boolean;
  large: boolean;
}

const parseSign = (stored: Record<string, unknown>): SignPreference => ({ shown: stored.shown === true, large: stored.large === true });

export const useSignPreference = () => useRemembered(SIGN_KEY, parseSign);

/** Whether the page should receive the signer's picture: asked for, and the meeting has the booth. */
export const wantsSign = (state: MeetingState, preference: SignPreference) => preference.shown && hasSignBooth(state);

/** The choice, in the page's audio and video panel: only where the meeting has a sign-language booth. */
export function SignChoice({ state, preference, onChange }: { state: MeetingState; preference: SignPreference; onChange: (change: Partial<SignPreference>) => void }) {
  const { t } = useTranslation();
  if (!hasSignBooth(state)) return null;
  return (
    <p className="media-option">
      <label>
        <input id={SIGN_CHOICE_ID} type="checkbox" checked={preference.shown} onChange={(event) => onChange({ shown: event.target.checked })} />{' '}
        {t('sign.show')}
      </label>
    </p>
  );
}

/**
 * Where the page pins the sign-language interpreter: at the foot of the window, over the page as
 * it scrolls (with the captions, where they are pinned there too). One per page.
 */
export function SignerSlot({ alone = false }: { alone?: boolean }) {
  return <div className={alone ? 'signer-slot signer-slot-alone' : 'signer-slot'} />;
}

/** The page's SignerSlot, once it is in the document; looked for again after each render, as the page may move it (captions pinned or not). */
function useSignerSlot(): Element | null {
  const [slot, setSlot] = useState<Element | null>(null);
  useEffect(() => {
    const found = document.querySelector('.signer-slot');
    if (found !== slot) setSlot(found);
  });
  return slot;
}

/**
 * The sign-language interpreter, pinned at the foot of the window over the page (Jitsi's and
 * Zoom's "pin"): a deaf participant follows them while reading the list or the transcript, as
 * one watches the interpreter beside the podium. Larger or smaller, or hidden, by the person.
 * While nobody is on camera, or nothing arrives, it says so rather than leave an empty frame.
 * It lives with the page's audio and video (one LiveKit connection) and shows in the page's slot.
 */
export function PinnedSigner({
  state,
  room,
  preference,
  onChange,
}: {
  state: MeetingState;
  room: Pick<LiveKitRoom, 'status' | 'remoteTracks'>;
  preference: SignPreference;
  onChange: (change: Partial<SignPreference>) => void;
}) {
  const { t } = useTranslation();
  const slot = useSignerSlot();
  if (!wantsSign(state, preference) || !slot) return null;
  const track = room.remoteTracks.find((entry) => entry.channel === SIGN_BOOTH && entry.kind === 'video' && !entry.muted);
  const connected = room.status === 'connected' || room.status === 'reconnecting';
  const absence = !connected
    ? room.status === 'joining'
      ? t('media.status.joining')
      : t('sign.notJoined')
    : !isLive(state, SIGN_BOOTH)
      ? t('sign.offAir')
      : track
        ? null
        : t('sign.noPicture');
  return createPortal(
    <aside className={`pinned-signer${preference.large ? ' pinned-signer-large' : ''}`} aria-label={t('sign.heading')}>
      {track ? <TrackVideo track={track.track} label={t('sign.videoLabel')} /> : <p role="status">{absence}</p>}
      <div className="button-row">
        <button type="button" onClick={() => onChange({ large: !preference.large })}>
          {preference.large ? t('sign.smaller') : t('sign.larger')}
        </button>
        <button
          type="button"
          onClick={() => {
            // The button goes with the picture: the keyboard goes back to the box that shows it again.
            document.getElementById(SIGN_CHOICE_ID)?.focus();
            onChange({ shown: false });
          }}
        >
          {t('sign.hide')}
        </button>
      </div>
    </aside>,
    slot,
  );
}

/**
 * The sign-language interpreter on the device of someone in the hall (a participant in the
 * room, whose page has no audio and video otherwise): their picture alone and no sound (the room
 * has its loudspeakers), over a connection made only while it is asked for.
 */
export function SignInTheHall({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [sign, setSign] = useSignPreference();
  const signing = wantsSign(meeting.state, sign);
  const room = useLiveKitRoom(meeting, { autoJoin: signing, autoRejoin: true, video: false, sound: false, sign: true });
  if (!hasSignBooth(meeting.state) || mediaAbsence(meeting.media, room.status)) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sign.heading')}</h2>
      <SignChoice state={meeting.state} preference={sign} onChange={setSign} />
      {signing && (
        <>
          <p className="hint">{t('sign.inTheHall')}</p>
          <MediaConnection room={room} />
        </>
      )}
      <PinnedSigner state={meeting.state} room={room} preference={sign} onChange={setSign} />
    </section>
  );
}
