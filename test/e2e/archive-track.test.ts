import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRecord } from '../../shared/archive/record.js';
import { isSoundTag } from '../../shared/captions/stream.js';
import { emptyCycleRecord } from '../../shared/timeline/timeline.js';
import { webVtt } from '../../server/archive/exports/index.js';
import { launchChromium } from '../support/browser.js';

/**
 * Chromium's own WebVTT parser (the one behind <track>) is a second, independent check of the
 * exports, next to the W3C parser in the unit tests.
 */

const SEC = 1000;
const OPENED = Date.UTC(2017, 1, 3, 9, 2, 0);
const at = (ms: number) => OPENED + ms;
const XSS = '<script>alert(1)</script>';
const ARABIC_NAME = 'م. أحمد الفلاحي';

let lineNumber = 0;
const line = (startMs: number, commitMs: number, speaker: string | null, text: string) => ({
  lines: [++lineNumber],
  sound: isSoundTag(text),
  startedAt: at(startMs),
  committedAt: at(commitMs),
  text,
  speaker,
  participantId: null,
  topicId: 'topic-1',
  writer: 'Captioner A',
});

const record = ArchiveRecord.parse({
  schemaVersion: 2,
  meeting: {
    id: 'cwg-internet-oc-2017-02',
    title: 'Open consultation of CWG-Internet --> 2017',
    venue: 'ITU headquarters, Geneva',
    timeZone: 'Europe/Zurich',
    languages: ['en', 'ar'],
    scheduledStart: OPENED - 120 * SEC,
    scheduledEnd: OPENED + 8 * 3600 * SEC,
    openedAt: OPENED,
    adjournedAt: at(3600 * SEC),
    archivedAt: at(7200 * SEC),
    groupMeeting: null,
    cycle: emptyCycleRecord,
  },
  topics: [
    { id: 'topic-1', title: 'Connectivity', titles: {}, description: '', proposedBy: '', inputs: [], compilationReportUrl: null, speeches: [] },
  ],
  transcripts: [
    {
      language: 'en',
      lines: [
        line(-5 * SEC, 3.25 * SEC, 'Tom & Jerry', 'Good morning & welcome. <b>Not bold</b> --> ok'),
        line(3.5 * SEC, 7 * SEC, 'Tom & Jerry', 'Second line.'),
        line(6 * SEC, 9 * SEC, XSS, 'I disagree.'),
        line(9 * SEC, 9 * SEC, null, '(inaudible)'),
        line(3661 * SEC, 3665 * SEC, 'a --> b', 'After an hour.'),
      ],
    },
    {
      language: 'ar',
      lines: [
        line(1 * SEC, 4 * SEC, 'Delegate of Kenya', 'ITU-T تعمل على هذا الموضوع.'),
        line(5 * SEC, 8 * SEC, ARABIC_NAME, 'نقطة نظام، سيدي الرئيس.'),
      ],
    },
  ],
  attendance: { registered: 0, attended: 0, registeredInRoom: 0, registeredRemote: 0, peakConcurrent: 0, byStakeholderGroup: [], named: [], unnamed: 0 },
  speakingTime: { byStakeholderGroup: [], byAttendance: [] },
  captioners: [],
  corrections: 0,
});

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Track test</title></head>
<body>
<video id="video" controls muted>
  <track id="en" kind="captions" srclang="en" label="English" default src="/t.vtt">
  <track id="ar" kind="captions" srclang="ar" label="العربية" src="/t-ar.vtt">
</video>
</body></html>`;

let server: Server;
let base: string;
let browser: Browser;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const send = (type: string, body: string) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.url === '/') send('text/html; charset=utf-8', PAGE);
    else if (request.url === '/t.vtt') send('text/vtt; charset=utf-8', webVtt(record, 'en'));
    else if (request.url === '/t-ar.vtt') send('text/vtt; charset=utf-8', webVtt(record, 'ar'));
    else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface SeenCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
  /** What the cue renders: getCueAsHTML's text. */
  shown: string;
  voice: string | null;
  lang: string | null;
}

describe('WebVTT export in Chromium <track>', () => {
  it('loads in a <track> and yields the cues, times, voices and text we wrote', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const result = await page.evaluate(async () => {
        const read = (element: HTMLTrackElement): Promise<SeenCue[]> =>
          new Promise((resolve, reject) => {
            const collect = () => {
              const cues = [...(element.track.cues ?? [])] as VTTCue[];
              resolve(
                cues.map((cue) => {
                  const html = cue.getCueAsHTML();
                  const holder = document.createElement('div');
                  holder.append(html);
                  // Chromium renders <v Name> as <span title="Name"> and <lang xx> as <span lang="xx">.
                  return {
                    id: cue.id,
                    startTime: cue.startTime,
                    endTime: cue.endTime,
                    text: cue.text,
                    shown: holder.textContent ?? '',
                    voice: holder.querySelector('span[title]')?.getAttribute('title') ?? null,
                    lang: holder.querySelector('[lang]')?.getAttribute('lang') ?? null,
                  };
                }),
              );
            };
            if (element.readyState === 2) return collect();
            element.addEventListener('load', collect, { once: true });
            element.addEventListener('error', () => reject(new Error(`track ${element.id} failed to load`)), { once: true });
            // A track that is not `default` loads once it is enabled.
            if (element.track.mode === 'disabled') element.track.mode = 'hidden';
          });
        const english = document.getElementById('en') as HTMLTrackElement;
        const arabic = document.getElementById('ar') as HTMLTrackElement;
        const [en, ar] = await Promise.all([read(english), read(arabic)]);
        const video = document.getElementById('video') as HTMLVideoElement;
        return { en, ar, readyState: english.readyState, firstTrackCues: video.textTracks[0]?.cues?.length ?? -1 };
      });

      expect(result.readyState).toBe(2);
      expect(result.firstTrackCues).toBe(5);
      const [first, second, third, fourth, fifth] = result.en;
      expect(first).toEqual({
        id: '1',
        startTime: 0,
        endTime: 3.25,
        text: '<v Tom &amp; Jerry><lang en>Good morning &amp; welcome. &lt;b&gt;Not bold&lt;/b&gt; --&gt; ok</lang></v>',
        shown: 'Good morning & welcome. <b>Not bold</b> --> ok',
        voice: 'Tom & Jerry', // the annotation's escapes are decoded, as the spec says
        lang: 'en',
      });
      expect([second?.startTime, second?.endTime]).toEqual([3.5, 6]);
      expect(third).toMatchObject({ startTime: 6, endTime: 9, shown: 'I disagree.', voice: XSS });
      expect(fourth).toMatchObject({ startTime: 9, endTime: 10, shown: '(inaudible)', voice: null, lang: 'en' });
      expect(fifth).toMatchObject({ id: '5', startTime: 3661, endTime: 3665, shown: 'After an hour.', voice: 'a --> b' });

      expect(result.ar).toHaveLength(2);
      expect(result.ar[0]).toMatchObject({ startTime: 1, endTime: 4, shown: '\u200FITU-T تعمل على هذا الموضوع.', voice: 'Delegate of Kenya', lang: 'ar' });
      expect(result.ar[1]).toMatchObject({ voice: 'م. أحمد الفلاحي', shown: '\u200Fنقطة نظام، سيدي الرئيس.' });
      expect(requests).toContain('/t.vtt');
    } finally {
      await context.close();
    }
  });
});
