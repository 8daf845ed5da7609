/**
 * A caption client written from Zoom's published description of its third-party caption API:
 * POST plain UTF-8 text to the caption URL with `seq` (+1 per new caption, unchanged on
 * retries) and `lang`; retry on any error; `GET .../closedcaption/seq` for the last seq.
 */
export class ZoomStyleCaptionClient {
  seq = 0;
  readonly statuses: number[] = [];

  constructor(private readonly captionUrl: string) {}

  private async postOnce(text: string, seq: number): Promise<number> {
    const url = new URL(this.captionUrl);
    url.searchParams.set('seq', String(seq));
    url.searchParams.set('lang', 'en-US');
    // A server that does not answer at all is one more error to retry on: status 0.
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text }).catch(() => null);
    await response?.text().catch(() => '');
    const status = response?.status ?? 0;
    this.statuses.push(status);
    return status;
  }

  /**
   * Sends one caption, trying up to `attempts` times; `lostResponses` simulates replies that
   * never reached the client.
   */
  async send(text: string, lostResponses = 0, attempts = 5): Promise<number> {
    this.seq += 1;
    for (let attempt = 0; attempt < lostResponses; attempt += 1) await this.postOnce(text, this.seq);
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const status = await this.postOnce(text, this.seq);
      if (status === 200) return status;
    }
    return this.statuses.at(-1)!;
  }

  /**
   * Sends one caption and retries it under the same seq, a little apart, until the server
   * accepts it (through a restart too); fails after `timeoutMs` naming the caption.
   */
  async sendUntilAccepted(text: string, timeoutMs = 60_000): Promise<void> {
    this.seq += 1;
    const deadline = Date.now() + timeoutMs;
    while ((await this.postOnce(text, this.seq)) !== 200) {
      if (Date.now() > deadline) throw new Error(`caption seq ${this.seq} not accepted within ${timeoutMs} ms (last status ${this.statuses.at(-1)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async lastSeq(): Promise<number> {
    const url = new URL(this.captionUrl);
    url.pathname += '/seq';
    return Number(await (await fetch(url)).text());
  }
}
