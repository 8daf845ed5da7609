import { useCallback, useEffect, useRef, useState } from 'react';
import type { MeetingCommand, SocketCommandType } from '../../../shared/meeting/commands.js';
import { CommandNotDelivered, Refusal } from '../failures.js';
import type { CommandPayload, ConnectionStatus, MeetingConnection } from './useMeeting.js';

/**
 * Sends commands one at a time, in the order they were given. The same command given again
 * while it is on its way (a double click) is dropped: it was built from the same view and the
 * server would only refuse it. A different command (Pause right after Next) waits its turn.
 * Keeps the last failure for the page to show.
 */
export function useCommands(send: MeetingConnection['send'], status?: ConnectionStatus) {
  const [failure, setFailure] = useState<unknown>(null);
  const pending = useRef(new Set<string>());
  const queue = useRef<Promise<unknown>>(Promise.resolve());

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
      const key = JSON.stringify([type, payload]);
      if (pending.current.has(key)) return false;
      pending.current.add(key);
      const turn = queue.current.then(async () => {
        setFailure(null);
        try {
          const ack = await send(type, payload);
          if (ack.ok) return ack.value.createdId;
          setFailure(new Refusal(ack.error));
          return false as const;
        } catch (error) {
          setFailure(error);
          return false as const;
        } finally {
          pending.current.delete(key);
        }
      });
      queue.current = turn;
      return turn;
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
