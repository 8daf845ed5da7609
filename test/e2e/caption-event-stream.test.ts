import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { accepted, MirrorClient, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

interface Seen {
  type: string;
  lastEventId: string;
  seqs: number[];
}

describe('the caption event stream in Chromium’s own EventSource', () => {
  it('a page reading it gets every caption once; when the node ends the stream, EventSource comes back by itself with Last-Event-ID and gets exactly what it missed', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    await captioner.ready();
    const write = async (text: string) => {
      const answer = await accepted(captioner.send('caption:write', { language: 'en', erase: 0, text }));
      return answer.ok ? answer.value.seq : 0;
    };
    try {
      const page = await suite.open('/');
      await page.evaluate((url) => {
        const seen: Seen[] = [];
        const opened: number[] = [];
        Object.assign(window, { seen, opened });
        const source = new EventSource(url);
        source.addEventListener('open', () => opened.push(Date.now()));
        const keep = (event: MessageEvent<string>) => {
          const data = JSON.parse(event.data) as { seq?: number; entry?: { seq: number }; entries?: Array<{ seq: number }> };
          const seqs = data.entries?.map((entry) => entry.seq) ?? (data.entry ? [data.entry.seq] : []);
          seen.push({ type: event.type, lastEventId: event.lastEventId, seqs });
        };
        for (const type of ['snapshot', 'entries', 'caption']) source.addEventListener(type, keep as EventListener);
      }, `/api/captions/events?token=${encodeURIComponent(meeting.tokens.viewer)}&lang=en`);
      const seen = () => page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
      const opened = () => page.evaluate(() => (window as unknown as { opened: number[] }).opened.length);
      await expect.poll(async () => (await seen()).map((event) => event.type), { timeout: 10_000 }).toEqual(['snapshot']);

      const first = await write('Good morning. ');
      await expect.poll(async () => (await seen()).at(-1)?.lastEventId, { timeout: 10_000 }).toBe(String(first));

      // The node drains (a restart behind a proxy): the stream ends, and captions go on meanwhile.
      suite.server.app.eventStreams.endAll();
      const missed = [await write('The floor '), await write('is open.\n')];
      await expect.poll(opened, { timeout: 15_000, message: 'EventSource reconnected by itself' }).toBe(2);
      await expect.poll(async () => (await seen()).map((event) => event.type), { timeout: 10_000 }).toEqual(['snapshot', 'caption', 'caption', 'entries']);
      expect((await seen()).at(-1)).toEqual({ type: 'entries', lastEventId: String(missed[1]), seqs: missed });
      const live = await write('Thank you.\n');
      await expect.poll(async () => (await seen()).at(-1)?.lastEventId, { timeout: 10_000 }).toBe(String(live));
      const delivered = (await seen()).flatMap((event) => event.seqs);
      expect(delivered, 'every entry once, in order').toEqual(Array.from({ length: live }, (_, index) => index + 1));
      await page.context().close();
    } finally {
      captioner.close();
    }
  });
});
