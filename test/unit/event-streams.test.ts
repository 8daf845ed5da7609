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

/** The end of the turn the broadcasts were made in, when the streams write them. */
const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One write's HTTP/1.1 chunks undone, each checked as `unchunk` checks one; their payloads joined. */
function unchunkAll(written: Buffer): string {
  let text = '';
  for (let rest = written; rest.length > 0; ) {
    const size = Number.parseInt(rest.toString('latin1', 0, rest.indexOf('\r\n')), 16);
    const length = rest.indexOf('\r\n') + 2 + size + 2;
    text += unchunk(rest.subarray(0, length));
    rest = rest.subarray(length);
  }
  return text;
}

let streams: EventStreams | null = null;
afterEach(() => streams?.close());

describe('event streams', () => {
  it('write each broadcast to a room’s readers as one event in one HTTP/1.1 chunk, its size counted in bytes, Arabic included', async () => {
    streams = new EventStreams(translate);
    const first = reader();
    streams.open(first.response, ['captions:m1:ar'], [{ id: 3, event: 'snapshot', data: '{}' }], 3000, () => {});
    const { data, encoded } = broadcast('caption:changed', { language: 'ar', entry: { seq: 4, text: 'تؤيد مصر' } });
    streams.deliver(new Set(['captions:m1:ar']), data, encoded);
    await turnEnd();
    expect(first.written.map(unchunk)).toEqual([
      'retry: 3000\n\nid: 3\nevent: snapshot\ndata: {}\n\n',
      `id: 4\nevent: caption\ndata: ${JSON.stringify({ language: 'ar', entry: { seq: 4, text: 'تؤيد مصر' } })}\n\n`,
    ]);
    // Another room's broadcast, and an event streams do not carry, write nothing.
    streams.deliver(new Set(['captions:m1:en']), data, encoded);
    const other = broadcast('meeting:changed', { seq: 9 });
    streams.deliver(new Set(['captions:m1:ar']), other.data, other.encoded);
    await turnEnd();
    expect(first.written).toHaveLength(2);
  });

  it('give each line of the data a field of its own, and write a response without chunks (HTTP/1.0) as it is', () => {
    expect(eventText({ event: 'note', data: 'one\ntwo' })).toBe('event: note\ndata: one\ndata: two\n\n');
    streams = new EventStreams(translate);
    const plain = reader(false);
    streams.open(plain.response, ['r'], [{ event: 'snapshot', data: 'x' }], 3000, () => {});
    expect(plain.written.map((chunk) => chunk.toString())).toEqual(['retry: 3000\n\nevent: snapshot\ndata: x\n\n']);
  });

  it('let go of a reader more than 1 MB behind, and go on writing to the others', async () => {
    streams = new EventStreams(translate);
    const reading = reader();
    const stalled = reader();
    let closed = 0;
    streams.open(reading.response, ['r'], [{ event: 'snapshot', data: '{}' }], 3000, () => {});
    streams.open(stalled.response, ['r'], [{ event: 'snapshot', data: '{}' }], 3000, () => (closed += 1));
    stalled.socket.writableLength = 1024 * 1024 + 1;
    const { data, encoded } = broadcast('caption:changed', { entry: { seq: 1 } });
    streams.deliver(new Set(['r']), data, encoded);
    await turnEnd();
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

describe('the broadcasts of one turn (a backlog of caption lines committed together)', () => {
  const caption = (seq: number, language = 'en') => broadcast('caption:changed', { language, entry: { seq } });
  const ids = (written: Buffer[]) => written.map((chunk) => [...unchunkAll(chunk).matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1])));

  it('reach each reader in one write, in the order they were made, each reader only those of its rooms', async () => {
    streams = new EventStreams(translate);
    const english = [reader(), reader()];
    const both = reader();
    for (const { response } of english) streams.open(response, ['captions:m1:en'], [], 3000, () => {});
    streams.open(both.response, ['captions:m1:en', 'captions:m1:ar'], [], 3000, () => {});
    for (const seq of [1, 2, 3]) {
      const en = caption(seq);
      streams.deliver(new Set(['captions:m1:en']), en.data, en.encoded);
      const ar = caption(100 + seq, 'ar');
      streams.deliver(new Set(['captions:m1:ar']), ar.data, ar.encoded);
    }
    expect(both.written).toHaveLength(1);
    await turnEnd();
    for (const { written } of english) expect(ids(written)).toEqual([[], [1, 2, 3]]);
    expect(ids(both.written)).toEqual([[], [1, 101, 2, 102, 3, 103]]);
    // The readers alike were given the same joined buffer, not a copy each.
    expect(english[0]!.written[1]).toBe(english[1]!.written[1]);
  });

  it('give a reader who opens between two of them only the later one: its first events hold the earlier', async () => {
    streams = new EventStreams(translate);
    const early = reader();
    streams.open(early.response, ['r'], [], 3000, () => {});
    const one = caption(1);
    streams.deliver(new Set(['r']), one.data, one.encoded);
    const late = reader();
    streams.open(late.response, ['r'], [{ id: 1, event: 'snapshot', data: '{}' }], 3000, () => {});
    const two = caption(2);
    streams.deliver(new Set(['r']), two.data, two.encoded);
    await turnEnd();
    expect(ids(early.written).flat()).toEqual([1, 2]);
    expect(ids(late.written)).toEqual([[1], [2]]);
  });

  it('end a stream with its last event after the earlier ones of the turn', async () => {
    streams = new EventStreams(translate);
    const ending = reader();
    streams.open(ending.response, ['link:m1:l2', 'captions:m1:en'], [], 3000, () => {});
    const one = caption(1);
    streams.deliver(new Set(['captions:m1:en']), one.data, one.encoded);
    const ended = broadcast('session:ended', { code: 'LINK_REVOKED' });
    streams.deliver(new Set(['link:m1:l2']), ended.data, ended.encoded);
    const two = caption(2);
    streams.deliver(new Set(['captions:m1:en']), two.data, two.encoded);
    await turnEnd();
    expect(ending.written.slice(1).map(unchunkAll)).toEqual([`id: 1\nevent: caption\ndata: ${JSON.stringify(one.data[1])}\n\n`, 'event: ended\ndata: {"code":"LINK_REVOKED"}\n\n']);
    expect(ending.response.ended).toBe(true);
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
