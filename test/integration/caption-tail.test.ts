import { describe, expect, it } from 'vitest';
import { TAIL_MAX_CHARS } from '../../shared/captions/stream.js';
import { useMeetingServer, type MirrorClient } from '../support/harness.js';

/**
 * Issue 12, "the caption tail grows without bound", at a smaller scale. Zoom-style posts
 * without a newline, one after another, committed nothing until the quiet period and then one
 * 3,470-character line, the screen-reader transcript empty meanwhile; 4,000-character bodies
 * grew the tail to 3.1 million characters. The quiet period here is a minute, so every line
 * below is committed by a sentence or length boundary, none by a pause.
 */
const suite = useMeetingServer({ captionQuietMs: 60_000 });

/**
 * A sender written from Zoom's third-party closed caption API (support.zoom.us article
 * 115002212983), paraphrased: POST each caption as plain UTF-8 text to the caption URL with
 * `seq` (+1 per new caption) and `lang` appended.
 */
async function zoomPost(url: string, seq: number, text: string): Promise<number> {
  const response = await fetch(`${url}&seq=${seq}&lang=en-US`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
  await response.text();
  return response.status;
}

const length = (text: string) => Array.from(text).length;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

async function caughtUp(viewer: MirrorClient): Promise<void> {
  const expected = () => suite.server.app.captions.entriesSince(suite.meeting.meetingId, 'en', 0)?.length ?? 0;
  await viewer.until((client) => client.captions.get('en')!.seq === expected(), 5000, 'the viewer to apply every caption entry');
}

describe('the caption tail is committed at sentences and lengths, and capped', () => {
  it('Zoom-style sentences without newlines become transcript lines as they arrive, not one long line at the pause', async () => {
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    const url = `${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`;
    const sentences = Array.from(
      { length: 20 },
      (_, index) => `Delegation ${index + 1} supports the proposal on meaningful connectivity.`,
    );
    for (const [index, sentence] of sentences.entries()) {
      expect(await zoomPost(url, index + 1, sentence)).toBe(200);
      const stream = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!;
      // Each sentence is a transcript line as soon as the next one is well under way.
      expect(stream.lines.length).toBe(index);
      expect(length(stream.tail.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    }
    await caughtUp(viewer);
    const seen = viewer.captionsOf('en');
    expect(seen.lines.map((line) => line.text)).toEqual(sentences.slice(0, -1));
    expect(seen.tail.text).toBe(sentences.at(-1));
  });

  it('4,000-character bodies without a sentence end keep the tail capped; every word reaches viewers once, in order; a new viewer’s snapshot stays small', async () => {
    const viewer = await suite.connect(suite.meeting.tokens.viewer);
    await viewer.followCaptions('en');
    const url = `${suite.server.url}/api/captions/closedcaption?token=${suite.meeting.tokens.captioner}`;
    const sent: string[] = [];
    for (let post = 1; post <= 20; post += 1) {
      let body = '';
      for (let word = 0; length(body) + 12 <= 4000; word += 1) body += `p${post}w${word} `;
      // 4,000 characters ending in a space, so the next post joins without one added.
      body = `${body.trimEnd().padEnd(3999, 'x')} `;
      sent.push(body);
      expect(await zoomPost(url, post, body)).toBe(200);
      const stream = suite.server.app.captions.fullStream(suite.meeting.meetingId, 'en')!;
      expect(length(stream.tail.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    }
    await caughtUp(viewer);
    const seen = viewer.captionsOf('en');
    for (const line of seen.lines) expect(length(line.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    // Joined with the space a Zoom-style post gets, the text is what was sent, word for word.
    expect(words([...seen.lines.map((line) => line.text), seen.tail.text].join(' '))).toEqual(words(sent.join(' ')));
    const late = await suite.connect(suite.meeting.tokens.viewer);
    await late.followCaptions('en');
    const snapshot = suite.server.app.captions.snapshot(suite.meeting.meetingId, 'en');
    if (!snapshot.ok) throw new Error(snapshot.error.code);
    expect(JSON.stringify(snapshot.value).length).toBeLessThan(64 * 1024);
  });
});
