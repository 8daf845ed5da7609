import { useCallback, useEffect, useRef, useState } from 'react';
import type { MeetingCommand, SocketCommandType } from '../../../shared/meeting/commands.js';
import { CommandNotDelivered, Refusal } from '../failures.js';
import type { CommandPayload, ConnectionStatus, MeetingConnection } from './useMeeting.js';

/**
 * Sends commands one at a time: a second click on "Next speaker" while the first is on its
 * way would otherwise skip a speaker. Keeps the last failure for the page to show.
 */
export function useCommands(send: MeetingConnection['send'], status?: ConnectionStatus) {
  const [failure, setFailure] = useState<unknown>(null);
  const busy = useRef(false);

  // "Not sent: you are offline" is stale once the connection is back.
  useEffect(() => {
    if (status === 'online') {
      setFailure((current: unknown) =>
        current instanceof CommandNotDelivered && current.reason === 'offline' ? null : current,
      );
    }
  }, [status]);

  const run = useCallback(
    async <T extends SocketCommandType>(type: T, payload: CommandPayload<T>): Promise<string | null | false> => {
      if (busy.current) return false;
      busy.current = true;
      setFailure(null);
      try {
        const ack = await send(type, payload);
        if (ack.ok) return ack.value.createdId;
        setFailure(new Refusal(ack.error));
        return false;
      } catch (error) {
        setFailure(error);
        return false;
      } finally {
        busy.current = false;
      }
    },
    [send],
  );

  /** Sends a whole command, as built by the console's controls (shared/meeting/intents). */
  const runCommand = useCallback(
    (command: MeetingCommand) => {
      const { type, ...payload } = command;
      return run(type as SocketCommandType, payload as never);
    },
    [run],
  );

  return { run, runCommand, failure, clearFailure: useCallback(() => setFailure(null), []) };
}
