import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { appError } from '../../../shared/errors.js';
import type { SocketCommandType } from '../../../shared/meeting/commands.js';
import type { Ack, CommandAccepted } from '../../../shared/protocol/socket.js';
import {
  MeetingClient,
  type CommandPayload,
  type MeetingClientView,
  type MeetingSocket,
  type RequestAnswer,
  type RequestEvent,
  type RequestPayload,
} from './MeetingClient.js';
import { CommandNotDelivered, Refusal } from '../failures.js';
import { MeetingEventClient } from './MeetingEventClient.js';

export type { CommandPayload, ConnectionStatus, MeetingSocket } from './MeetingClient.js';

export interface MeetingConnection extends MeetingClientView {
  send: <T extends SocketCommandType>(type: T, payload: CommandPayload<T>) => Promise<Ack<CommandAccepted>>;
  /** Any request, answered within the client's bound (throws CommandNotDelivered otherwise). */
  request: <E extends RequestEvent>(event: E, payload: RequestPayload<E>) => Promise<RequestAnswer<E>>;
  /** The meeting's socket, for features with their own broadcasts (captions); null on a reading page. */
  socket: MeetingSocket | null;
  /** A reading page's meeting event stream, which carries its captions too; null on a page with a socket. */
  events: MeetingEventClient | null;
}

/** How a page that only reads follows its meeting: on the meeting event stream, with these caption preferences. */
export interface ReadingPage {
  preferCaptions: readonly (string | null | undefined)[];
}

/**
 * Live copy of one meeting (a `MeetingClient`) for a page. The handshake always carries the
 * last applied seq, so after a reconnect the server sends only what was missed.
 */
export function useMeeting(meetingId: string, token: string, reading: ReadingPage | null = null): MeetingConnection {
  // A new link, or another meeting, starts from an empty copy. Made in the effect, so a
  // remount (React's strict mode) gets a live client rather than the one it just closed.
  const [client, setClient] = useState<MeetingClient | MeetingEventClient | null>(null);
  // Read when the connection opens: a preference changed later is the caption hooks' to follow.
  const readingRef = useRef(reading);
  const reads = reading !== null;
  useEffect(() => {
    const options = { meetingId, token };
    const opened = reads ? new MeetingEventClient({ ...options, preferCaptions: readingRef.current?.preferCaptions ?? [] }) : new MeetingClient(options);
    setClient(opened);
    return () => opened.close();
  }, [meetingId, token, reads]);
  const view = useSyncExternalStore(client?.subscribe ?? noSubscription, client?.getView ?? connecting);
  // Stable per client: effects that send keep their identity across renders.
  const request = useCallback(
    async <E extends RequestEvent>(event: E, payload: RequestPayload<E>): Promise<RequestAnswer<E>> => {
      if (client instanceof MeetingEventClient) throw new Refusal(appError('FORBIDDEN', 'a reading page sends nothing'));
      if (!client) throw new CommandNotDelivered('offline');
      return client.request(event, payload);
    },
    [client],
  );
  const send = useCallback(
    <T extends SocketCommandType>(type: T, payload: CommandPayload<T>) => request(type, payload) as Promise<Ack<CommandAccepted>>,
    [request],
  );
  return useMemo(
    () => ({
      ...view,
      send,
      request,
      socket: client instanceof MeetingClient ? client.socket : null,
      events: client instanceof MeetingEventClient ? client : null,
    }),
    [view, send, request, client],
  );
}

const noSubscription = () => () => {};
const connectingView: MeetingClientView = { seq: 0, state: null, you: null, self: null, selfSeq: 0, clockOffsetMs: 0, status: 'connecting', refusal: null, presence: null, captionsLive: [] };
const connecting = () => connectingView;
