import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A StreamText event as its Realtime Caption Pull API serves it (support.streamtext.net
 * article 4633531262989), paraphrased: `GET /captions?event=&last=&length=&language=` delivers
 * captions one line at a time, corrections already applied; `last` is the position in the
 * stream where the last line end occurred, and the `lastPosition` of the reply is what to send
 * next; `last=-1` asks for the current position; `length` is the line length, 32 by default;
 * `language` is required when the event has several. Example reply:
 * `{"content":"Five score years ago, a great ","lastPosition":30,"languageCode":"en"}`.
 * The captioner's text lives in StreamText, so it survives this server restarting.
 */
export class StreamTextEvent {
  text = '';
  requests = 0;
  /** Replies held back this long (a slow StreamText), for the next `slowReplies` requests. */
  slowReplies = 0;
  slowMs = 0;
  private server: Server | null = null;
  port = 0;

  constructor(readonly event: string, readonly language: string) {}

  /** The next whole line after `last`: up to a line feed, or wrapped at a space before `length`. */
  private lineAfter(last: number, length: number): { content: string; lastPosition: number } {
    const rest = this.text.slice(last);
    const feed = rest.indexOf('\n');
    if (feed >= 0 && feed <= length) return { content: rest.slice(0, feed + 1), lastPosition: last + feed + 1 };
    if (rest.length <= length) return { content: '', lastPosition: last };
    const space = rest.lastIndexOf(' ', length);
    const end = space > 0 ? space + 1 : length;
    return { content: rest.slice(0, end), lastPosition: last + end };
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests += 1;
      if (url.pathname !== '/captions' || url.searchParams.get('event') !== this.event) {
        res.writeHead(404).end();
        return;
      }
      if (url.searchParams.get('language') && url.searchParams.get('language') !== this.language) {
        res.writeHead(400).end();
        return;
      }
      const last = Number(url.searchParams.get('last') ?? '0');
      const length = Number(url.searchParams.get('length') ?? '32') || 32;
      const reply = last === -1 ? { content: '', lastPosition: this.text.length } : this.lineAfter(last, length);
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-language': this.language });
        res.end(JSON.stringify({ ...reply, languageCode: this.language }));
      };
      if (this.slowReplies > 0) {
        this.slowReplies -= 1;
        setTimeout(send, this.slowMs);
      } else send();
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
    this.server = null;
  }
}
