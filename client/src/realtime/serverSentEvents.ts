/**
 * Reads a `text/event-stream` body as the HTML Standard's event stream interpretation does
 * (lines end in CRLF, LF or CR; `:` starts a comment; `event`, `data` and `retry` fields; a blank
 * line dispatches), for a page that reads its stream with fetch rather than EventSource: it
 * sees the refusal's status and coded error, sends its link as a bearer rather than in the
 * address, and comes back when and where it chooses. Resolves when the stream ends.
 */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  { onEvent, onRetry = () => {}, onBytes = () => {} }: {
    onEvent: (type: string, data: string) => void;
    onRetry?: (ms: number) => void;
    /** Anything came, a keep-alive comment included: the connection lives. */
    onBytes?: () => void;
  },
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  let pending = '';
  let first = true;
  let eventType = '';
  let data = '';
  const line = (text: string) => {
    if (text === '') {
      if (data !== '') onEvent(eventType || 'message', data.endsWith('\n') ? data.slice(0, -1) : data);
      eventType = '';
      data = '';
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (!done) onBytes();
    let text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (first && text.length > 0) {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    pending += text;
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk.
    let start = 0;
    for (let index = 0; index < pending.length; index += 1) {
      const char = pending[index];
      if (char !== '\n' && char !== '\r') continue;
      if (char === '\r' && index === pending.length - 1 && !done) break;
      line(pending.slice(start, index));
      if (char === '\r' && pending[index + 1] === '\n') index += 1;
      start = index + 1;
    }
    pending = pending.slice(start);
    if (done) return;
  }
}
