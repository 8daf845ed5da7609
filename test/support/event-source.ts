import { get, type ClientRequest, type IncomingMessage } from 'node:http';

/**
 * A reader of a Server-Sent Events stream, written from the HTML Standard's EventSource
 * (html.spec.whatwg.org/multipage/server-sent-events.html), not from OpenFloor's server, so the
 * tests read the caption event stream as a browser does. The parts followed:
 *
 * "If res's status is not 200, or if res's `Content-Type` is not `text/event-stream`, then fail
 * the connection." (9.2.3, processing the response; failing means no reconnection.)
 *
 * "The stream must then be parsed by reading everything line by line, with a U+000D CARRIAGE
 * RETURN U+000A LINE FEED (CRLF) character pair, a single U+000A LINE FEED (LF) character not
 * preceded by a U+000D CARRIAGE RETURN (CR) character, and a single U+000D CARRIAGE RETURN (CR)
 * character not followed by a U+000A LINE FEED (LF) character being the ways in which a line
 * can end." (9.2.6, interpreting an event stream)
 *
 * "If the line is empty (a blank line): Dispatch the event. If the line starts with a U+003A
 * COLON character (:): Ignore the line. If the line contains a U+003A COLON character (:):
 * Collect the characters on the line before the first U+003A COLON character (:), and let field
 * be that string. Collect the characters on the line after the first U+003A COLON character
 * (:), and let value be that string. If value starts with a U+0020 SPACE character, remove it
 * from value. Process the field [...] Otherwise, the string is not empty but does not contain a
 * U+003A COLON character (:): Process the field [...] using the whole line as the field name,
 * and the empty string as the field value."
 *
 * Fields: "event: Set the event type buffer to field value. data: Append the field value to the
 * data buffer, then append a single U+000A LINE FEED (LF) character to the data buffer. id: If
 * the field value does not contain U+0000 NULL, then set the last event ID buffer to the field
 * value. retry: If the field value consists of only ASCII digits, then interpret the field value
 * as an integer in base ten, and set the event stream's reconnection time to that integer."
 *
 * Dispatch: "Set the last event ID string of the event source to the value of the last event ID
 * buffer. [...] If the data buffer is an empty string, set the data buffer and the event type
 * buffer to the empty string and return. If the data buffer's last character is a U+000A LINE
 * FEED (LF) character, then remove the last character from the data buffer. [...] Initialize
 * event's type attribute to "message" [...] If the event type buffer has a value other than the
 * empty string, change the type of the newly created event to equal the value of the event type
 * buffer."
 *
 * Reconnecting: "If the EventSource object's last event ID string is not the empty string, [...]
 * set (`Last-Event-ID`, lastEventIDValue) in request's header list." The tests reconnect by hand
 * (`reconnect`), where a browser would wait the reconnection time.
 */
export interface StreamMessage {
  type: string;
  data: string;
  lastEventId: string;
}

export class EventSourceReader {
  readonly messages: StreamMessage[] = [];
  lastEventId = '';
  reconnectionMs: number | null = null;
  /** Set once the stream closed (the server ended it, or `close`). */
  closed = false;
  status = 0;
  private request: ClientRequest | null = null;
  private waiting: Array<() => void> = [];
  private eventType = '';
  private data = '';
  private lastEventIdBuffer = '';

  private constructor(
    private readonly url: string,
    /** Headers a program other than a browser's EventSource sends (EventSource sends none of its own). */
    private readonly extraHeaders: Record<string, string>,
  ) {}

  /** Opens the stream; resolves once the response's head has come (status, type), whatever they are. */
  static open(url: string, lastEventId = '', extraHeaders: Record<string, string> = {}): Promise<EventSourceReader> {
    const reader = new EventSourceReader(url, extraHeaders);
    reader.lastEventId = lastEventId;
    reader.lastEventIdBuffer = lastEventId;
    return reader.connect().then(() => reader);
  }

  /** Drops the connection and opens it again as EventSource does, sending the last event ID. */
  async reconnect(): Promise<void> {
    this.close();
    this.closed = false;
    this.eventType = '';
    this.data = '';
    await this.connect();
  }

  close(): void {
    this.request?.destroy();
    this.closed = true;
    this.wake();
  }

  /** The messages of a type, in order. */
  of(type: string): StreamMessage[] {
    return this.messages.filter((message) => message.type === type);
  }

  /** Waits until `done` holds (checked after each message and on close). */
  async until(done: (reader: EventSourceReader) => boolean, timeoutMs = 10_000, what = 'the stream'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((message) => message.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...this.extraHeaders, accept: 'text/event-stream', 'cache-control': 'no-cache' };
      if (this.lastEventId !== '') headers['last-event-id'] = this.lastEventId;
      this.request = get(this.url, { headers, agent: false }, (response) => {
        this.status = response.statusCode ?? 0;
        resolve();
        if (this.status !== 200 || !String(response.headers['content-type']).startsWith('text/event-stream')) {
          // Failed: no reconnection. The body says why, for the test's message.
          response.resume();
          this.closed = true;
          this.wake();
          return;
        }
        this.read(response);
      });
      this.request.on('error', (error) => {
        if (this.closed) return;
        this.closed = true;
        this.wake();
        reject(error);
      });
    });
  }

  private read(response: IncomingMessage): void {
    response.setEncoding('utf8');
    let pending = '';
    response.on('data', (chunk: string) => {
      pending += chunk;
      // A line ends at CRLF, LF or CR; a CR last in the chunk may be the first half of a CRLF.
      for (;;) {
        const match = /\r\n|\n|\r(?!$)/.exec(pending);
        if (!match) break;
        this.line(pending.slice(0, match.index));
        pending = pending.slice(match.index + match[0].length);
      }
    });
    response.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventType = value;
    else if (field === 'data') this.data += `${value}\n`;
    else if (field === 'id' && !value.includes('\0')) this.lastEventIdBuffer = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.reconnectionMs = Number(value);
  }

  private dispatch(): void {
    this.lastEventId = this.lastEventIdBuffer;
    if (this.data === '') {
      this.eventType = '';
      return;
    }
    const data = this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data;
    this.messages.push({ type: this.eventType || 'message', data, lastEventId: this.lastEventId });
    this.data = '';
    this.eventType = '';
    this.wake();
  }
}
