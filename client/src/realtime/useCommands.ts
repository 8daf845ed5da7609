import { useCallback, useRef, useState } from 'react';
import type { SocketCommandType } from '../../../shared/meeting/commands.js';
import { Refusal } from '../failures.js';
import type { CommandPayload, MeetingConnection } from './useMeeting.js';

/**
 * Sends commands one at a time: a second click on "Next speaker" while the first is on its
 * way would otherwise skip a speaker. Keeps the last failure for the page to show.
 */
export function useCommands(send: MeetingConnection['send']) {
  const [failure, setFailure] = useState<unknown>(null);
  const busy = useRef(false);

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

  return { run, failure, clearFailure: useCallback(() => setFailure(null), []) };
}
