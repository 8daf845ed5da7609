import { beforeEach, describe, expect, it } from 'vitest';
import { http, useMeetingServer, waitFor, type MirrorClient } from '../support/harness.js';

/**
 * Each client below is written from its tool's public documentation or source, never from
 * OpenFloor's server; the excerpt followed sits beside it. Every test then checks what viewers
 * get: each accepted character exactly once, in order.
 */

const QUIET_MS = 600;
const suite = useMeetingServer({ captionQuietMs: QUIET_MS });
type Suite = typeof suite;
let seatB: string;
let seatBId: string;

beforeEach(async () => {
  const second = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/links`, { role: 'captioner', label: 'Seat 2' });
  seatB = new URL(second.body.url).hash.slice('#token='.length);
  seatBId = second.body.linkId;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a viewer reads, as words: lines and tail, whatever the line breaks. */
function wordsSeen(viewer: MirrorClient, language = 'en'): string[] {
  const stream = viewer.captionsOf(language);
  return [...stream.lines.map((line) => line.text), stream.tail.text].join(' ').split(/\s+/).filter(Boolean);
}

/** Waits until the viewer has applied every entry the server logged for the language. */
async function caughtUp(viewer: MirrorClient, language = 'en', on: Suite = suite): Promise<void> {
  const server = on.server.app.captions;
  await viewer.until(
    (client) => client.captions.get(language)!.seq === (server.entriesSince(on.meeting.meetingId, language as 'en', 0)?.length ?? 0),
    5000,
    `the viewer to apply every ${language} caption entry`,
  );
}

async function viewer(language = 'en', on: Suite = suite): Promise<MirrorClient> {
  const client = await on.connect(on.meeting.tokens.viewer);
  await client.followCaptions(language);
  return client;
}

/**
 * StreamText "Real-Time Caption Ingestion" (support.streamtext.net article 360045245951),
 * paraphrased: StreamText POSTs to the caption URL after appending `seq` (the current
 * sequence, starting at 1) and `lang`; the body is plain UTF-8 text holding *all of the content
 * since the last successful message*, and may contain spaces, tabs, line feeds, carriage
 * returns and delete characters (the example uses `\x08`); the receiver treats the posts as one
 * stream and applies each delete against the characters sent before. Headers: Content-Type
 * text/plain; charset=utf-8, Content-Language, X-Timestamp.
 * The article does not say which seq a resend carries: this client takes the next one, and a
 * post whose reply is lost counts for it as failed (the guard: test/unit/streamtext-resend.test.ts).
 */
class StreamTextPushClient {
  private seq = 0;
  /** Content typed since the last successful post. */
  private unsent = '';
  readonly statuses: number[] = [];

  constructor(private readonly captionUrl: string, private readonly lang = 'en') {}

  async type(text: string, options: { fail?: 'network' | 'replyLost' } = {}): Promise<number> {
    this.unsent += text;
    this.seq += 1;
    const url = `${this.captionUrl}&seq=${this.seq}&lang=${this.lang}`;
    if (options.fail === 'network') {
      // The request never reaches the server (a dropped connection): a failure to StreamText.
      this.statuses.push(0);
      return 0;
    }
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-language': 'en-US', 'x-timestamp': new Date().toISOString() },
      body: this.unsent,
    });
    await response.text();
    if (options.fail === 'replyLost') {
      // The server applied it, but StreamText never heard back: it resends the content.
      this.statuses.push(0);
      return 0;
    }
    this.statuses.push(response.status);
    if (response.ok) this.unsent = '';
    return response.status;
  }
}

/**
 * Zoom's third-party closed caption API (support.zoom.us article 115002212983), paraphrased:
 * POST each caption as plain UTF-8 text to the API token URL with `seq` (+1 per new caption,
 * not increased on a retry) and `lang` appended; `GET …/closedcaption/seq` gives the last seq.
 * Clients retry on errors with back-off.
 */
class ZoomCaptionClient {
  seq = 0;
  readonly statuses: number[] = [];
  /** Captions the server acknowledged, in the order it did. */
  readonly accepted: string[] = [];

  constructor(private readonly captionUrl: string, private readonly lang = 'en-US') {}

  async postOnce(text: string, seq: number): Promise<number> {
    const response = await fetch(`${this.captionUrl}&seq=${seq}&lang=${this.lang}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: text,
    });
    await response.text();
    this.statuses.push(response.status);
    return response.status;
  }

  /** One caption, retried with back-off until accepted or `attempts` run out. */
  async send(text: string, attempts = 1, backOffMs = 100): Promise<number> {
    this.seq += 1;
    let status = 0;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      status = await this.postOnce(text, this.seq);
      if (status === 200) {
        this.accepted.push(text);
        return status;
      }
      await sleep(backOffMs);
    }
    return status;
  }
}

/**
 * plover2CAT's Zoom sender (greenwyrt/plover2CAT, plover_cat/captionWorker.py), as its source
 * does it: on start it replaces the URL's *path* with `/closedcaption/seq` (query kept), GETs it
 * and starts at the integer + 1; then for every word it POSTs `endpoint + "&seq={n}&lang=en-US"`
 * (language hard-coded), `Content-Type: text/plain`, seq +1 per post, no retry on error. In
 * rolling mode (its default) each post is the whole caption window: the last `max_lines` lines
 * of at most `max_length` characters, each left-stripped, joined by `\n`.
 * Its Microsoft Teams sender POSTs the same body to the endpoint with no query added.
 */
class Plover2CatClient {
  private seq = 1;
  private readonly lines: string[] = [];
  readonly statuses: number[] = [];

  constructor(
    private readonly endpoint: string,
    private readonly remote: 'Zoom' | 'Microsoft Teams',
    private readonly maxLength = 32,
    private readonly maxLines = 3,
  ) {}

  async start(): Promise<void> {
    if (this.remote !== 'Zoom') return;
    const url = new URL(this.endpoint);
    url.pathname = '/closedcaption/seq';
    const response = await fetch(url);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`plover2CAT could not read the seq: ${response.status} ${text.slice(0, 80)}`);
    this.seq = Number.parseInt(text, 10) + 1;
    if (!Number.isInteger(this.seq)) throw new Error(`plover2CAT expected an integer, got ${text.slice(0, 80)}`);
  }

  /** make_roll_caps: a word joins the last line unless it would pass max_length. */
  async word(word: string): Promise<void> {
    const last = this.lines.pop() ?? '';
    if (last.length + word.length > this.maxLength) this.lines.push(last, word);
    else this.lines.push(last + word);
    while (this.lines.length > this.maxLines) this.lines.shift();
    const cap = this.lines.map((line) => line.replace(/^ +/, '')).filter(Boolean).join('\n');
    const url = this.remote === 'Zoom' ? `${this.endpoint}&seq=${this.seq}&lang=en-US` : this.endpoint;
    if (this.remote === 'Zoom') this.seq += 1;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: cap });
    await response.text();
    this.statuses.push(response.status);
  }
}

const api = (path: string, token: string, on: Suite = suite) => `${on.server.url}/api/captions/${path}?token=${token}`;

describe('StreamText Real-Time Caption Ingestion', () => {
  // A server of its own that never commits a silent tail: these posts come a moment apart, and a
  // loaded machine once let the file's 600 ms pass between two of them, committing the line the
  // next post's backspace was for.
  const streamTextSuite = useMeetingServer({ captionQuietMs: 600_000 });
  it('applies backspaces against the text sent before, and a resend after a failure adds nothing twice and loses nothing', async () => {
    const watcher = await viewer('en', streamTextSuite);
    const streamText = new StreamTextPushClient(api('streamtext', streamTextSuite.meeting.tokens.captioner, streamTextSuite));
    // The documented example body, split over posts, with its delete character.
    expect(await streamText.type('This is a test\nWith 2 lins')).toBe(200);
    expect(await streamText.type('\x08es and a delete character ')).toBe(200);
    expect(await streamText.type('then a ', { fail: 'network' })).toBe(0);
    expect(await streamText.type('resend\x7f\x7f\x7f\x7f\x7f\x7fsecond try.\n')).toBe(200);
    await caughtUp(watcher, 'en', streamTextSuite);
    const seen = watcher.captionsOf('en');
    expect(seen.lines.map((line) => line.text)).toEqual(['This is a test', 'With 2 lines and a delete character then a second try.']);
    expect(seen.tail.text).toBe('');
  });

  it('a resend under the next seq of a post whose reply was lost writes its text once', async () => {
    const watcher = await viewer('en', streamTextSuite);
    const streamText = new StreamTextPushClient(api('streamtext', streamTextSuite.meeting.tokens.captioner, streamTextSuite));
    expect(await streamText.type('Good morning, colleagues. ')).toBe(200);
    expect(await streamText.type('We resume the consultation ', { fail: 'replyLost' })).toBe(0);
    expect(await streamText.type('on meaningful connectivity.\n')).toBe(200);
    await caughtUp(watcher, 'en', streamTextSuite);
    expect(watcher.captionsOf('en').lines.map((line) => line.text)).toEqual([
      'Good morning, colleagues. We resume the consultation on meaningful connectivity.',
    ]);
  });

  it('a repost of the same seq carrying more text (its reply was lost) applies only what is new', async () => {
    const watcher = await viewer('en', streamTextSuite);
    const url = api('streamtext', streamTextSuite.meeting.tokens.captioner, streamTextSuite);
    const post = (seq: number, body: string) => fetch(`${url}&seq=${seq}&lang=en`, { method: 'POST', body }).then((response) => response.status);
    expect(await post(1, 'Good morning')).toBe(200);
    expect(await post(1, 'Good morning')).toBe(200);
    expect(await post(1, 'Good morning, colleagues')).toBe(200);
    expect(await post(2, '.\n')).toBe(200);
    await caughtUp(watcher, 'en', streamTextSuite);
    expect(watcher.captionsOf('en').lines.map((line) => line.text)).toEqual(['Good morning, colleagues.']);
  });
});

describe('plover2CAT', () => {
  it('reads the seq at the root /closedcaption/seq, posts its rolling window with lang=en-US, and viewers get each word once', async () => {
    const watcher = await viewer();
    // The seat links page gives plover2CAT this address (its rolling window made explicit).
    const endpoint = `${suite.server.url}/closedcaption?token=${suite.meeting.tokens.captioner}&format=window`;
    const plover = new Plover2CatClient(endpoint, 'Zoom');
    await plover.start();
    const words = 'Thank you Chair. The delegation of Kenya supports the proposal on meaningful connectivity and asks that it be recorded.'
      .split(' ')
      .map((word, index) => (index === 0 ? word : ` ${word}`));
    for (const word of words) await plover.word(word);
    expect(plover.statuses.every((status) => status === 200)).toBe(true);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(words.join('').split(' '));

    // A restarted plover2CAT resumes after the last seq instead of being dropped.
    const again = new Plover2CatClient(endpoint, 'Zoom');
    await again.start();
    await again.word('Next speaker');
    expect(again.statuses).toEqual([200]);
    await caughtUp(watcher);
    expect(wordsSeen(watcher).slice(-2)).toEqual(['Next', 'speaker']);
  });

  it('its Microsoft Teams sender (no seq) is accepted on the Teams address, each word once', async () => {
    const watcher = await viewer();
    const plover = new Plover2CatClient(api('teams', suite.meeting.tokens.captioner), 'Microsoft Teams');
    const words = ['Good', ' afternoon', ' and', ' welcome', ' back', ' to', ' the', ' consultation', ' on', ' access.'];
    for (const word of words) await plover.word(word);
    expect(plover.statuses.every((status) => status === 200)).toBe(true);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(words.join('').split(' '));
  });

  it('API paths never answer the web page: unknown paths get a plain-text 404', async () => {
    for (const path of ['/api/captions/nothing', '/closedcaption/nothing', '/api/captions/closedcaption/seq/more']) {
      const response = await fetch(`${suite.server.url}${path}?token=${suite.meeting.tokens.captioner}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('text/plain');
      expect(await response.text(), path).not.toContain('<html');
    }
  });
});

describe('the seq rule (Zoom: seq increments per new caption)', () => {
  it('a sender that restarts at seq 1 is a new session: accepted and applied, never 200-and-dropped', async () => {
    const watcher = await viewer();
    const url = `${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`;
    const first = new ZoomCaptionClient(url);
    for (const word of ['one ', 'two ', 'three ']) expect(await first.send(word)).toBe(200);
    const restarted = new ZoomCaptionClient(url);
    expect(await restarted.send('four ')).toBe(200);
    expect(await restarted.send('five ')).toBe(200);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  it('an older seq, seq 0, or a seq reused for other text is refused, and a retry of the same text is acknowledged once', async () => {
    const watcher = await viewer();
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    for (const [seq, text] of [[1, 'a '], [2, 'b '], [3, 'c '], [4, 'd '], [5, 'e ']] as const) expect(await client.postOnce(text, seq)).toBe(200);
    expect(await client.postOnce('late three ', 3)).toBe(409);
    expect(await client.postOnce('late four ', 4)).toBe(409);
    expect(await client.postOnce('zero ', 0)).toBe(409);
    expect(await client.postOnce('other five ', 5)).toBe(409);
    expect(await client.postOnce('e ', 5)).toBe(200);
    // Seq 8 overtakes seq 7: 7 is then older than the last accepted seq and is refused.
    expect(await client.postOnce('h ', 8)).toBe(200);
    expect(await client.postOnce('g ', 7)).toBe(409);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(['a', 'b', 'c', 'd', 'e', 'h']);
  });

  it('two writers sharing one seat address see each other’s refusals instead of silently losing text', async () => {
    const watcher = await viewer();
    const url = `${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`;
    const one = new ZoomCaptionClient(url);
    const two = new ZoomCaptionClient(url);
    expect(await one.send('first ')).toBe(200);
    expect(await one.send('second ')).toBe(200);
    expect(await two.send('other ')).toBe(200); // seq 1 again: a new session
    expect(await one.send('third ')).toBe(200); // seq 3 after 1: newer, accepted
    expect(await two.send('clash ')).toBe(409); // seq 2 after 3: refused, and the sender sees it
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(['first', 'second', 'other', 'third']);
  });
});

describe('languages', () => {
  it('a language pinned in the seat address wins over the lang the software appends', async () => {
    const french = await viewer('ar');
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}&lang=ar`);
    expect(await client.send('مرحبا ')).toBe(200);
    await caughtUp(french, 'ar');
    expect(wordsSeen(french, 'ar')).toEqual(['مرحبا']);
    expect(suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')).toBeNull();
  });

  it('region tags map to the meeting languages', async () => {
    const arabic = await viewer('ar');
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`, 'ar-SA');
    expect(await client.send('شكرا')).toBe(200);
    await caughtUp(arabic, 'ar');
    expect(wordsSeen(arabic, 'ar')).toEqual(['شكرا']);
  });
});

describe('rotation between two CAT-only writers', () => {
  it('the silent writer yields to the one that posts; every accepted caption reaches viewers once, in acceptance order', async () => {
    const watcher = await viewer();
    const a = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    const b = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${seatB}`);
    const order: string[] = [];
    const writer = async (client: ZoomCaptionClient, name: string, count: number, gapMs: number) => {
      for (let index = 0; index < count; index += 1) {
        const text = `${name}${index} `;
        if ((await client.send(text, 40, 100)) === 200) order.push(text);
        await sleep(gapMs);
      }
    };
    // A writes for a while then stops for the hand-over; B starts posting while A still writes.
    await Promise.all([writer(a, 'a', 10, 50), sleep(200).then(() => writer(b, 'b', 8, 50))]);
    expect(a.accepted.length + b.accepted.length).toBe(18);
    expect(b.statuses).toContain(409);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(order.map((text) => text.trim()));
    // A's part was committed under A's seat at the hand-over; B writes on.
    const stream = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!;
    expect(new Set([...stream.lines.map((line) => line.writer), stream.writer]).size).toBe(2);
  }, 20_000);

  it('an explicit HTTP take-over hands the stream to the lead captioner’s seat at once; an ordinary seat is refused', async () => {
    const watcher = await viewer();
    const a = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    const b = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${seatB}`);
    expect(await a.send('from a ')).toBe(200);
    expect(await b.send('too soon ')).toBe(409);
    const takeOver = () => fetch(`${suite.server.url}/api/captions/takeover?token=${seatB}&lang=en`, { method: 'POST' });
    const refused = await takeOver();
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only the lead captioner or the chair');
    await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/commands`, { type: 'link:setLead', linkId: seatBId, lead: true });
    expect((await takeOver()).status).toBe(200);
    expect(await b.send('from b ')).toBe(200);
    expect(await a.send('late a ')).toBe(409);
    await caughtUp(watcher);
    expect(wordsSeen(watcher)).toEqual(['from', 'a', 'from', 'b']);
  });
});

describe('scripts written without spaces', () => {
  it('Chinese posts are joined without a space, Latin posts with one', async () => {
    const meetingId = suite.meeting.meetingId;
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { languages: ['en', 'zh'] } });
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`, 'zh-CN');
    for (const post of ['主席先生', '谢谢您', '。我们支持']) expect(await client.send(post)).toBe(200);
    await waitFor(() => suite.server.app.captions.fullStream(meetingId, 'zh')?.tail.text === '主席先生谢谢您。我们支持', 'the Chinese tail');
    const english = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    for (const post of ['Thank', 'you']) expect(await english.send(post)).toBe(200);
    expect(suite.server.app.captions.fullStream(meetingId, 'en')!.tail.text).toBe('Thank you');
  });
});

/**
 * GETlivecap (richardgatarski/GETlivecap), as its README describes the feed vMix polls: an XML
 * document `<caption><line1>…</line1><line2>…</line2></caption>` with exactly the requested
 * number of lines, empty ones included, polled about every 200 ms; the same lines as RSS items
 * for Tricaster's DataLink. Line length as StreamText's pull API: `length`, default 32.
 */
async function overlayFeed(query: string): Promise<{ type: string; body: string }> {
  const response = await fetch(`${suite.server.url}/api/captions/getlivecap?token=${suite.meeting.tokens.screen}&${query}`);
  return { type: response.headers.get('content-type') ?? '', body: await response.text() };
}
const tagTexts = (xml: string, tag: RegExp) => [...xml.matchAll(tag)].map((match) => match[1]!);

describe('overlay pulls for vMix, OBS and Tricaster', () => {
  it('wraps a long caption to the line length and always answers exactly the lines asked for, as XML or RSS', async () => {
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    const sentence =
      'Distinguished delegates, the working group will now consider the compilation of inputs received during the open consultation on meaningful connectivity and on affordable access for all.';
    expect(sentence.length).toBeGreaterThan(180);
    expect(await client.send(sentence)).toBe(200);

    const two = await overlayFeed('lang=en&lines=2');
    expect(two.type).toContain('xml');
    const rows = tagTexts(two.body, /<line\d>([^<]*)<\/line\d>/g);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(32);
    expect(sentence.endsWith(rows.join(' '))).toBe(true);

    const wide = tagTexts((await overlayFeed('lang=en&lines=3&length=42')).body, /<line\d>([^<]*)<\/line\d>/g);
    expect(wide).toHaveLength(3);
    for (const row of wide) expect(row.length).toBeLessThanOrEqual(42);
    expect(sentence.endsWith(wide.join(' '))).toBe(true);

    const rss = await overlayFeed('lang=en&lines=2&format=rss');
    expect(rss.type).toContain('rss+xml');
    expect(rss.body).toContain('<rss version="2.0">');
    expect(tagTexts(rss.body, /<item><title>([^<]*)<\/title><\/item>/g)).toEqual(rows);
  });

  it('pads with empty lines when there is little or no text', async () => {
    const empty = await overlayFeed('lang=ar&lines=3');
    expect(empty.body).toContain('<caption><line1></line1><line2></line2><line3></line3></caption>');
    const client = new ZoomCaptionClient(`${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`);
    await client.send('Short.');
    expect((await overlayFeed('lang=en&lines=2')).body).toContain('<caption><line1>Short.</line1><line2></line2></caption>');
  });
});
