import { captionsLive } from '../../shared/captions/liveness.js';
import type { Language } from '../../shared/meeting/model.js';
import { projectionKinds } from '../../shared/protocol/projection.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { MeetingRoom } from '../meetings/room.js';
import type { Timer, Timers } from '../timers.js';
import { emitEncoded } from '../realtime/fan-out.js';
import { projectionRoom } from '../realtime/room-names.js';
import type { Reach, RealtimeServer } from '../realtime/socket.js';

const NONE_LIVE = JSON.stringify({ languages: [] });

interface Told {
  /** The languages last told, encoded as the event carries them. */
  json: string;
  /** Set for when the first live language would fall silent, as it was when set. */
  timer: { at: number; timer: Timer } | null;
}

/**
 * Tells every page of a meeting which of its languages are being captioned now, so a viewer who
 * chose one nobody is writing learns that another is live. Each node works it out from the
 * caption entries it holds (its own and, with a shared log, those it reads), and tells its own
 * pages, as the caption broadcast does; the change is rare (a captioner starting, or two
 * minutes of silence), so it goes to every page, viewers included.
 */
export function attachCaptionLiveness(io: RealtimeServer, registry: MeetingRegistry, clock: () => number, timers: Timers, ownWrites: Reach) {
  const told = new Map<string, Told>();

  const currentOf = (room: MeetingRoom) => {
    const languages = room.state?.languages ?? [];
    return captionsLive(languages, (language: Language) => room.captionState(language), clock());
  };

  const check = (meetingId: string, reach: Reach) => {
    const room = registry.room(meetingId);
    if (!room) return;
    const { languages, nextChangeAt } = currentOf(room);
    const json = JSON.stringify({ languages });
    const last = told.get(meetingId);
    // Silence is the only change that comes without an entry: a timer finds it. Writing only
    // moves the silence later, so a timer already set stays (it comes early, finds the language
    // still live and is set again) instead of being set anew for each of 20 deltas a second.
    let timer = last?.timer ?? null;
    if (timer && (nextChangeAt === null || timer.at > nextChangeAt)) {
      timers.clear(timer.timer);
      timer = null;
    }
    if (!timer && nextChangeAt !== null) {
      const at = nextChangeAt;
      timer = { at, timer: timers.set(() => fire(meetingId, reach), at - clock()) };
    }
    told.set(meetingId, { json, timer });
    if (json === (last?.json ?? NONE_LIVE)) return;
    for (const kind of projectionKinds) reach.to(projectionRoom(meetingId, kind)).emit('caption:liveChanged', { languages });
  };

  const fire = (meetingId: string, reach: Reach) => {
    const last = told.get(meetingId);
    if (last) last.timer = null;
    check(meetingId, reach);
  };

  /** The live languages, encoded as `caption:liveChanged` carries them, for a page arriving. */
  const arrival = (meetingId: string): string => {
    let last = told.get(meetingId);
    if (!last) {
      if (!registry.room(meetingId)) return NONE_LIVE;
      check(meetingId, ownWrites);
      last = told.get(meetingId)!;
    }
    return last.json;
  };

  io.on('connection', (socket) => {
    // A page starts from none (MeetingClient clears it on each connection): only news is sent.
    const live = arrival(socket.data.meetingId);
    if (live !== NONE_LIVE) emitEncoded(socket, 'caption:liveChanged', live);
  });

  const extension: RoomExtension = {
    name: 'caption-liveness',
    captionCommitted: ({ meetingId }) => check(meetingId, ownWrites),
    captionFollowed: ({ meetingId }) => check(meetingId, io.local),
    // A language added to the meeting or taken out of it.
    committed: ({ meetingId, previous, state }) => {
      if (previous && previous.languages !== state.languages) check(meetingId, ownWrites);
    },
    followed: ({ meetingId, previous, state }) => {
      if (previous && previous.languages !== state.languages) check(meetingId, io.local);
    },
    unload: ({ room }) => {
      const last = told.get(room.meetingId);
      if (last?.timer) timers.clear(last.timer.timer);
      told.delete(room.meetingId);
    },
  };
  return { extension, arrival };
}
