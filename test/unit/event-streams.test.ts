import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStreams, eventText, withoutStacks, type StreamTranslation } from '../../server/realtime/event-streams.js';

/** A reader's response and socket, as much of them as the streams use: what was written, and whether it was let go. */
function reader(chunked = true, backlog = 0) {
  const written: Buffer[] = [];
  const closers: Array<() => void> = [];
  const socket = {
    destroyed: false,
    writableLength: backlog,
    setNoDelay: () => {},
    write: (chunk: Buffer) => void written.push(chunk),
    destroy: () => {
      socket.destroyed = true;
      for (const close of closers) close();
    },
  };
  const response = {
    socket,
    chunkedEncoding: chunked,
    ended: false,
    writeHead: () => response,
    flushHeaders: () => {},
    once: (event: string, listener: () => void) => void (event === 'close' && closers.push(listener)),
    end: () => {
      response.ended = true;
      for (const close of closers) close();
    },
  };
  return { response: response as unknown as ServerResponse & { ended: boolean }, socket, written };
}

const translate: StreamTranslation = (event, payload, json) => {
  if (event === 'caption:changed') return { id: (payload as { entry: { seq: number } }).entry.seq, event: 'caption', data: json };
  if (event === 'session:ended') return { event: 'ended', data: json, final: true };
  return null;
};

const broadcast = (event: string, payload: unknown) => {
  const json = JSON.stringify(payload);
  return { data: [event, payload], encoded: `2[${JSON.stringify(event)},${json}]` };
};

/** An HTTP/1.1 chunk undone: its size line must be the payload's length in bytes. */
function unchunk(chunk: Buffer): string {
  const text = chunk.toString('utf8');
  const [size] = text.split('\r\n', 1);
  const payload = chunk.subarray(Buffer.byteLength(`${size}\r\n`), chunk.length - 2);
  expect(payload.length).toBe(Number.parseInt(size!, 16));
  expect(chunk.subarray(chunk.length - 2).toString()).toBe('\r\n');
  return payload.toString('utf8');
}

let streams: EventStreams | null = null;
afterEach(() => streams?.close());

describe('event streams', () => {
  it('write each broadcast to a room’s readers as one event in one HTTP/1.1 chunk, its size counted in bytes, Arabic included', () => {
    streams = new EventStreams(translate);
    const first = reader();
    streams.open(first.response, ['captions:m1:ar'], [{ id: 3, event: 'snapshot', data: '{}' }], 3000, () => {});
    const { data, encoded } = broadcast('caption:changed', { language: 'ar', entry: { seq: 4, text: 'تؤيد مصر' } });
    streams.deliver(new Set(['captions:m1:ar']), data, encoded);
    expect(first.written.map(unchunk)).toEqual([
      'retry: 3000\n\nid: 3\nevent: snapshot\ndata: {}\n\n',
      `id: 4\nevent: caption\ndata: ${JSON.stringify({ language: 'ar', entry: { seq: 4, text: 'تؤيد مصر' } })}\n\n`,
    ]);
    // Another room's broadcast, and an event streams do not carry, write nothing.
    streams.deliver(new Set(['captions:m1:en']), data, encoded);
    const other = broadcast('meeting:changed', { seq: 9 });
    streams.deliver(new Set(['captions:m1:ar']), other.data, other.encoded);
    expect(first.written).toHaveLength(2);
  });

  it('give each line of the data a field of its own, and write a response without chunks (HTTP/1.0) as it is', () => {
    expect(eventText({ event: 'note', data: 'one\ntwo' })).toBe('event: note\ndata: one\ndata: two\n\n');
    streams = new EventStreams(translate);
    const plain = reader(false);
    streams.open(plain.response, ['r'], [{ event: 'snapshot', data: 'x' }], 3000, () => {});
    expect(plain.written.map((chunk) => chunk.toString())).toEqual(['retry: 3000\n\nevent: snapshot\ndata: x\n\n']);
  });

  it('let go of a reader more than 1 MB behind, and go on writing to the others', () => {
    streams = new EventStreams(translate);
    const reading = reader();
    const stalled = reader();
    let closed = 0;
    streams.open(reading.response, ['r'], [{ event: 'snapshot', data: '{}' }], 3000, () => {});
    streams.open(stalled.response, ['r'], [{ event: 'snapshot', data: '{}' }], 3000, () => (closed += 1));
    stalled.socket.writableLength = 1024 * 1024 + 1;
    const { data, encoded } = broadcast('caption:changed', { entry: { seq: 1 } });
    streams.deliver(new Set(['r']), data, encoded);
    expect(stalled.socket.destroyed).toBe(true);
    expect(stalled.written).toHaveLength(1);
    expect(closed).toBe(1);
    expect(reading.written).toHaveLength(2);
    expect(streams.countIn('r')).toBe(1);
  });

  it('end every reader of a room with its last event, and forget them', () => {
    streams = new EventStreams(translate);
    const readers = [reader(), reader()];
    for (const { response } of readers) streams.open(response, ['link:m1:l2', 'captions:m1:en'], [{ event: 'snapshot', data: '{}' }], 3000, () => {});
    const { data, encoded } = broadcast('session:ended', { code: 'LINK_REVOKED' });
    streams.deliver(new Set(['link:m1:l2']), data, encoded);
    for (const { response, written } of readers) {
      expect(unchunk(written.at(-1)!)).toBe('event: ended\ndata: {"code":"LINK_REVOKED"}\n\n');
      expect(response.ended).toBe(true);
    }
    expect([streams.size, streams.countIn('captions:m1:en'), streams.has('link:m1:l2')]).toEqual([0, 0, false]);
  });
});

describe('writing to readers who are gone takes no stack traces', () => {
  it('errors made while writing carry no frames, and the limit is as it was afterwards, even when the writing throws', () => {
    const before = Error.stackTraceLimit;
    let made: Error | null = null;
    withoutStacks(() => {
      made = new Error('EPIPE');
    });
    expect(made!.stack!.split('\n')).toEqual(['Error: EPIPE']);
    expect(() =>
      withoutStacks(() => {
        throw new Error('a bug');
      }),
    ).toThrow('a bug');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('after').stack!.split('\n').length).toBeGreaterThan(1);
  });
});
