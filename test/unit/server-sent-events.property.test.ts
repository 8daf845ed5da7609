import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../client/src/realtime/serverSentEvents.js';

/**
 * The HTML Standard, "Parsing an event stream" (the excerpt the page's reader follows):
 *   "The stream must then be parsed by reading everything line by line, with a U+000D CARRIAGE
 *   RETURN U+000A LINE FEED (CRLF) character pair, a single U+000A LINE FEED (LF) character not
 *   preceded by a U+000D CARRIAGE RETURN (CR) character, and a single U+000D CARRIAGE RETURN (CR)
 *   character not followed by a U+000A LINE FEED (LF) character being the ways in which a line
 *   can end." ... "If the line is empty (a blank line): Dispatch the event" ... "If the line
 *   starts with a U+003A COLON character (:): Ignore the line." ... "If the field name is
 *   "data": Append the field value to the data buffer, then append a single U+000A LINE FEED
 *   (LF) character to the data buffer." ... "If the data buffer is an empty string, set the data
 *   buffer and the event type buffer to the empty string and return." ... "If the data buffer's
 *   last character is a U+000A LINE FEED (LF) character, then remove the last character from
 *   the data buffer." ... "Initialize event's type attribute to "message" [...] If the event
 *   type buffer has a value other than the empty string, change the type of the newly created
 *   event to equal the value of the event type buffer." ... "One leading U+FEFF BYTE ORDER MARK
 *   character must be ignored if any are present." ... "Once the end of the file is reached, any
 *   pending data must be discarded."
 */

interface Sent {
  type: string;
  data: string;
}

const lineText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', 'é', 'ع', '字', '😀', '{', '"'), maxLength: 12 });
const sentEvent = fc.record({
  type: fc.constantFrom('', 'meeting', 'changed', 'caption'),
  lines: fc.array(lineText, { minLength: 1, maxLength: 3 }),
  comment: fc.boolean(),
  retry: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
});

async function read(chunks: Uint8Array[]): Promise<{ events: Sent[]; retries: number[] }> {
  const events: Sent[] = [];
  const retries: number[] = [];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  await readServerSentEvents(body, { onEvent: (type, data) => events.push({ type, data }), onRetry: (ms) => retries.push(ms) });
  return { events, retries };
}

/** The bytes cut at the given places, through UTF-8 sequences as a network cuts them. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const places = [...new Set(at.map((place) => place % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const place of [...places, bytes.length]) {
    chunks.push(bytes.slice(from, place));
    from = place;
  }
  return chunks;
}

describe('reading an event stream as the HTML Standard parses one', () => {
  it('gives every event whole, with its type and its data lines joined by LF, whatever ends the lines and wherever the network cuts the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sentEvent, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (sent, end, bom, places) => {
          let text = bom ? '\uFEFF' : '';
          for (const { type, lines, comment, retry } of sent) {
            if (comment) text += `: keep-alive${end}`;
            if (retry !== undefined) text += `retry: ${retry}${end}`;
            if (type) text += `event: ${type}${end}`;
            for (const line of lines) text += `data: ${line}${end}`;
            text += end;
          }
          // An event cut off by the end of the stream is never given.
          text += `event: caption${end}data: unfinished`;
          const { events, retries } = await read(cut(new TextEncoder().encode(text), places));
          expect(events).toEqual(sent.map(({ type, lines }) => ({ type: type || 'message', data: lines.join('\n') })));
          expect(retries).toEqual(sent.flatMap(({ retry }) => (retry === undefined ? [] : [retry])));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes a field without a colon as one with an empty value, and one space after the colon away, no more', async () => {
    const { events } = await read([new TextEncoder().encode('data\ndata:  two spaces\n\nevent:x\ndata:\n\nevent: ignored\n\n')]);
    expect(events).toEqual([
      { type: 'message', data: '\n two spaces' },
      { type: 'x', data: '' },
    ]);
  });
});
