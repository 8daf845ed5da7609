import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CaptionChanged } from '../../../shared/protocol/captions.js';
import type { MeetingConnection } from '../realtime/useMeeting.js';
import { CommandNotDelivered } from '../failures.js';
import { LatencyTracker } from './latency.js';
import type { CaptionMirror } from './mirror.js';
import { CaptionWriter, writerYielded, type WriteOutcome, type WriterState } from './writer.js';

const noStore = () => () => {};
const idleState: WriterState = { visible: '', failure: null, offline: false, pending: false };
const idle = () => idleState;

export interface CaptionWriting {
  /** Null for the moment between two set-ups (a language change). */
  writer: CaptionWriter | null;
  state: WriterState;
  /** Median time, in ms, from sending a delta to receiving its broadcast back; null before any. */
  latencyMs: number | null;
  latencySamples: number;
}

/**
 * The captioner's live writing into the followed stream (see CaptionWriter), and the latency
 * to viewers: the console follows its own stream, so each delta comes back to it exactly as
 * it reaches every viewer.
 */
export function useCaptionWriter(
  { socket, request, clockOffsetMs }: Pick<MeetingConnection, 'socket' | 'request' | 'clockOffsetMs'>,
  mirror: CaptionMirror,
  me: string,
): CaptionWriting {
  // Read when a keystroke asks, so a new offset does not make a new writer.
  const offset = useRef(clockOffsetMs);
  offset.current = clockOffsetMs;
  const [latency, setLatency] = useState<{ median: number | null; samples: number }>({ median: null, samples: 0 });
  const tracker = useMemo(() => new LatencyTracker(), [mirror]);

  // Made in the effect, not during render: React may run an effect's cleanup and set-up twice.
  const [writer, setWriter] = useState<CaptionWriter | null>(null);

  useEffect(() => {
    const { language } = mirror;
    const report = () => setLatency({ median: tracker.median, samples: tracker.samples.length });
    report();
    const created = new CaptionWriter({
      me,
      server: () => {
        const { stream } = mirror.getView();
        return stream && { tail: stream.tail.text, writer: stream.writer, yielded: writerYielded(stream, me, Date.now() + offset.current) };
      },
      write: async (delta): Promise<WriteOutcome> => {
        // A delta is never buffered while offline to be sent long after: the writer keeps it.
        const ack = await request('caption:write', { language, erase: delta.erase, text: delta.text }).catch(
          (error: unknown) => (error instanceof CommandNotDelivered ? error.reason : 'timeout'),
        );
        if (typeof ack === 'string') return { kind: ack };
        return ack.ok ? { kind: 'accepted', seq: ack.value.seq } : { kind: 'refused', error: ack.error };
      },
      now: () => performance.now(),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      onAccepted: (seq, sentAt) => {
        tracker.sent(seq, sentAt);
        report();
      },
    });
    setWriter(created);
    const unsubscribe = mirror.subscribe(() => created.serverChanged());
    const onChanged = ({ language: changed, entry }: CaptionChanged) => {
      if (changed !== language) return;
      if (entry.command.type !== 'caption:write' || entry.actor.kind !== 'captioner' || entry.actor.linkId !== me) return;
      tracker.received(entry.seq, performance.now());
      report();
    };
    const onConnect = () => created.serverChanged();
    socket?.on('caption:changed', onChanged);
    socket?.on('connect', onConnect);
    return () => {
      unsubscribe();
      socket?.off('caption:changed', onChanged);
      socket?.off('connect', onConnect);
      created.dispose();
      setWriter(null);
    };
  }, [socket, request, mirror, me, tracker]);

  const state = useSyncExternalStore(writer?.subscribe ?? noStore, writer?.getState ?? idle);
  return { writer, state, latencyMs: latency.median, latencySamples: latency.samples };
}
