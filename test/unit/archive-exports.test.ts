import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import SrtParser from 'srt-parser-2';
import { describe, expect, it } from 'vitest';
import { ArchiveRecord, indexCardOf, type ArchivedSpeech } from '../../shared/archive/record.js';
import { isSoundTag } from '../../shared/captions/stream.js';
import { languages, type Language } from '../../shared/meeting/model.js';
import { emptyCycleRecord } from '../../shared/timeline/timeline.js';
import {
  archiveIndexHtml,
  bundle,
  cuesOf,
  exportFiles,
  exportLabels,
  fileNames,
  plainText,
  recordHtml,
  recordJson,
  RLM,
  srt,
  webVtt,
  type BundleManifest,
} from '../../server/archive/exports/index.js';
import { SHELF_VERSION } from '../../server/archive/shelf.js';
import { parseVtt, type VttCue, type VttNode } from '../support/webvtt.js';

const SEC = 1000;
const MIN = 60 * SEC;
/** 3 February 2017, 09:00 UTC (10:00 in Geneva): the physical open consultation of the seed document. */
const T0 = Date.UTC(2017, 1, 3, 9, 0, 0);
const OPENED = T0 + 2 * MIN;
const at = (ms: number) => OPENED + ms;

const XSS = '<script>alert(1)</script>';
const TOM = 'Tom & Jerry';
const ARROW = 'a --> b';
const ARABIC_NAME = 'م. أحمد الفلاحي';
const KENYA = 'Delegate of Kenya';

function speech(overrides: Partial<ArchivedSpeech> & Pick<ArchivedSpeech, 'participantId' | 'name' | 'startedAt' | 'endedAt'>): ArchivedSpeech {
  return {
    id: `s-${overrides.participantId}-${overrides.startedAt}`,
    affiliation: '',
    country: '',
    stakeholderGroup: 'government',
    attendance: 'room',
    kind: 'intervention',
    replyTo: null,
    requestedAt: overrides.startedAt - MIN,
    durationMs: overrides.endedAt - overrides.startedAt,
    pauses: [],
    audio: null,
    audioWithheld: false,
    ...overrides,
  };
}

let lineNumber = 0;
const line = (startMs: number, commitMs: number, speaker: string | null, topicId: string | null, text: string, writer = 'Captioner A') => ({
  lines: [++lineNumber],
  sound: isSoundTag(text),
  startedAt: at(startMs),
  committedAt: at(commitMs),
  text,
  speaker,
  participantId: null,
  topicId,
  writer,
});

const fixture: ArchiveRecord = ArchiveRecord.parse({
  schemaVersion: 2,
  meeting: {
    id: 'cwg-internet-oc-2017-02',
    title: 'Open consultation of CWG-Internet <i>2017</i>',
    venue: 'ITU headquarters, Geneva',
    timeZone: 'Europe/Zurich',
    languages: ['en', 'ar', 'fr'],
    scheduledStart: T0,
    scheduledEnd: T0 + 8 * 60 * MIN,
    openedAt: OPENED,
    adjournedAt: at(12 * MIN),
    archivedAt: at(60 * MIN),
    groupMeeting: { name: 'CWG-Internet', startsOn: '2017-02-06' },
    cycle: emptyCycleRecord,
  },
  topics: [
    {
      id: 'topic-1',
      title: 'Expanding Internet connectivity',
      titles: { ar: 'توسيع الموصولية بالإنترنت' },
      description: 'Bridging the digital divide.\n\nSecond paragraph with <em>markup</em> & ampersand.',
      proposedBy: 'Kenya',
      inputs: [
        {
          title: 'Contribution from "Civil Society" <org>',
          author: 'Internet Society',
          stakeholderGroup: 'civil_society',
          url: 'https://www.itu.int/en/council/cwg-internet/Pages/input?a=1&b=2',
        },
        { title: 'مساهمة من مصر', author: 'مصر', stakeholderGroup: 'government', url: 'http://example.org/eg.pdf' },
      ],
      compilationReportUrl: 'https://www.itu.int/md/S17-CWGINT-OC-C-0001',
      speeches: [
        speech({
          participantId: 'p-kenya',
          name: KENYA,
          affiliation: 'Ministry of ICT',
          country: 'Kenya',
          startedAt: at(3 * MIN),
          endedAt: at(6 * MIN),
          pauses: [{ startedAt: at(4 * MIN), endedAt: at(4 * MIN + 30 * SEC) }],
          durationMs: 150 * SEC,
        }),
        speech({
          participantId: 'p-xss',
          name: XSS,
          affiliation: `"Quotes" & 'apostrophes'`,
          country: 'Nowhere',
          stakeholderGroup: 'civil_society',
          attendance: 'remote',
          startedAt: at(6 * MIN + 10 * SEC),
          endedAt: at(7 * MIN + 10 * SEC),
        }),
        speech({
          participantId: 'p-tom',
          name: TOM,
          affiliation: 'Acme & Co',
          country: 'Switzerland',
          stakeholderGroup: 'private_sector',
          attendance: 'remote',
          kind: 'reply',
          replyTo: KENYA,
          startedAt: at(7 * MIN + 20 * SEC),
          endedAt: at(7 * MIN + 50 * SEC),
        }),
      ],
    },
    {
      id: 'topic-2',
      title: 'Public policy for OTTs <b>bold</b>',
      titles: {},
      description: '',
      proposedBy: '',
      inputs: [],
      compilationReportUrl: null,
      speeches: [
        speech({
          participantId: 'p-arrow',
          name: ARROW,
          affiliation: 'University',
          country: 'France',
          stakeholderGroup: 'academic_technical',
          startedAt: at(10 * MIN),
          endedAt: at(11 * MIN),
        }),
        speech({
          participantId: 'p-arab',
          name: ARABIC_NAME,
          affiliation: 'الجهاز القومي لتنظيم الاتصالات',
          country: 'مصر',
          attendance: 'remote',
          kind: 'point_of_order',
          startedAt: at(11 * MIN + 10 * SEC),
          endedAt: at(11 * MIN + 40 * SEC),
        }),
      ],
    },
  ],
  transcripts: [
    {
      language: 'en',
      lines: [
        line(-5 * SEC, 3 * SEC, 'Chair', null, 'Good morning. The open consultation is now open. (Gavel)'),
        line(181 * SEC, 186 * SEC, KENYA, 'topic-1', 'Thank you, Chair. Kenya supports the proposal.'),
        line(365 * SEC, 371.5 * SEC, KENYA, 'topic-1', 'We thank the secretariat.'),
        line(371 * SEC, 376 * SEC, XSS, 'topic-1', 'I disagree & propose <b>bold</b> text --> here'),
        line(441 * SEC, 445 * SEC, TOM, 'topic-1', 'In reply: we <3 the proposal & more.', 'Captioner B'),
        line(445 * SEC, 445.5 * SEC, null, 'topic-1', '(inaudible)', 'Captioner B'),
        line(601 * SEC, 605 * SEC, ARROW, 'topic-2', 'First line\n\nsecond line'),
        line(671 * SEC, 671 * SEC, ARABIC_NAME, 'topic-2', 'Point of order, Chair.'),
        line(671 * SEC, 674 * SEC, ARABIC_NAME, 'topic-2', 'The speaking time has expired.'),
        line(675 * SEC, 676 * SEC, ARABIC_NAME, 'topic-2', '  \n  '),
        line(710 * SEC, 713 * SEC, 'Chair', null, 'The meeting is adjourned. (Gavel)'),
      ],
    },
    {
      language: 'ar',
      lines: [
        line(-2 * SEC, 2 * SEC, 'الرئيس', null, 'صباح الخير. أعلن افتتاح المشاورة المفتوحة.', 'كاتب 1'),
        line(182 * SEC, 187 * SEC, KENYA, 'topic-1', 'شكرًا سيدي الرئيس. تؤيد كينيا الاقتراح.', 'كاتب 1'),
        line(372 * SEC, 377 * SEC, XSS, 'topic-1', 'ITU-T تعمل على هذا الموضوع & <أكثر>', 'كاتب 1'),
        line(672 * SEC, 675 * SEC, ARABIC_NAME, 'topic-2', 'نقطة نظام، سيدي الرئيس.', 'كاتب 1'),
      ],
    },
  ],
  attendance: {
    registered: 40,
    attended: 31,
    registeredInRoom: 22,
    registeredRemote: 18,
    peakConcurrent: 27,
    byStakeholderGroup: [
      { group: 'government', registered: 15, attended: 12 },
      { group: 'private_sector', registered: 8, attended: 6 },
      { group: 'civil_society', registered: 9, attended: 7 },
      { group: 'academic_technical', registered: 5, attended: 4 },
      { group: 'intergovernmental', registered: 2, attended: 1 },
      { group: 'international', registered: 1, attended: 1 },
    ],
    named: [
      { name: KENYA, affiliation: 'Ministry of ICT', country: 'Kenya', stakeholderGroup: 'government', attendance: 'room' },
      { name: ARABIC_NAME, affiliation: 'الجهاز القومي لتنظيم الاتصالات', country: 'مصر', stakeholderGroup: 'government', attendance: 'remote' },
    ],
    unnamed: 29,
  },
  speakingTime: {
    byStakeholderGroup: [
      { group: 'government', speeches: 2, speakingMs: 180 * SEC },
      { group: 'private_sector', speeches: 1, speakingMs: 30 * SEC },
      { group: 'civil_society', speeches: 1, speakingMs: 60 * SEC },
      { group: 'academic_technical', speeches: 1, speakingMs: 60 * SEC },
      { group: 'intergovernmental', speeches: 0, speakingMs: 0 },
      { group: 'international', speeches: 0, speakingMs: 0 },
    ],
    byAttendance: [
      { attendance: 'room', speeches: 2, speakingMs: 210 * SEC },
      { attendance: 'remote', speeches: 3, speakingMs: 120 * SEC },
    ],
  },
  captioners: [
    { id: 'cap-a', label: 'Captioner A' },
    { id: 'cap-b', label: 'Captioner B' },
  ],
  corrections: 0,
});

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (nodes: readonly VttNode[]): string =>
  nodes.map((node) => (node.type === 'text' ? String(node.value) : node.children ? textOf(node.children) : '')).join('');
/** The voice span's annotation (escapes decoded: the W3C parser hands it over raw), or null. */
const voiceOf = (cue: VttCue): string | null => {
  const voice = cue.tree.children.find((node) => node.type === 'object' && node.name === 'v');
  return voice ? decode(String(voice.value)) : null;
};
const langOf = (nodes: readonly VttNode[]): string | undefined => {
  for (const node of nodes) {
    if (node.type === 'object' && node.name === 'lang') return String(node.value);
    const inner = node.children ? langOf(node.children) : undefined;
    if (inner) return inner;
  }
  return undefined;
};

describe('WebVTT', () => {
  it('passes the W3C parser with no errors in every language, including one without a transcript', () => {
    for (const language of languages) {
      const result = parseVtt(webVtt(fixture, language));
      expect(result.errors, language).toEqual([]);
    }
  });

  it('starts with the signature, a blank line and a NOTE with the meeting and the disclaimer', () => {
    const vtt = webVtt(fixture, 'en');
    const lines = vtt.split('\n');
    expect(lines.slice(0, 3)).toEqual(['WEBVTT', '', 'NOTE']);
    const note = vtt.slice(0, vtt.indexOf('\n\n', 8));
    expect(note).toContain('Open consultation of CWG-Internet <i>2017</i>');
    expect(note).toContain('February 3, 2017');
    expect(note).toContain('may not be a totally verbatim record');
    expect(vtt.endsWith('\n')).toBe(true);
    expect(vtt).not.toMatch(/\r/);
  });

  it('gives one cue per non-blank line with times from the opening, clamped, at least a second, never overlapping', () => {
    const { cues } = parseVtt(webVtt(fixture, 'en'));
    expect(cues).toHaveLength(10);
    const times = cues.map((cue) => [cue.startTime, cue.endTime]);
    expect(times).toEqual([
      [0, 3], // started before the opening: clamped at 0
      [181, 186],
      [365, 371], // committed after the next line started: ends where it starts
      [371, 376],
      [441, 445],
      [445, 446], // committed after half a second: lasts the minimum second
      [601, 605],
      [671, 672], // committed as it started: one second
      [672, 674], // started with the previous one: a second later
      [710, 713],
    ]);
    for (const [i, cue] of cues.entries()) {
      expect(cue.id).toBe(String(i + 1));
      expect(cue.endTime - cue.startTime).toBeGreaterThanOrEqual(1);
      const next = cues[i + 1];
      if (next) expect(cue.endTime).toBeLessThanOrEqual(next.startTime);
    }
  });

  it('writes the speaker as a voice span and the text escaped, decoding back to the original', () => {
    const vtt = webVtt(fixture, 'en');
    const { cues } = parseVtt(vtt);
    const expected: [string | null, string][] = [
      ['Chair', 'Good morning. The open consultation is now open. (Gavel)'],
      [KENYA, 'Thank you, Chair. Kenya supports the proposal.'],
      [KENYA, 'We thank the secretariat.'],
      [XSS, 'I disagree & propose <b>bold</b> text --> here'],
      [TOM, 'In reply: we <3 the proposal & more.'],
      [null, '(inaudible)'],
      [ARROW, 'First line second line'],
      [ARABIC_NAME, 'Point of order, Chair.'],
      [ARABIC_NAME, 'The speaking time has expired.'],
      ['Chair', 'The meeting is adjourned. (Gavel)'],
    ];
    expect(cues.map((cue) => [voiceOf(cue), textOf(cue.tree.children)])).toEqual(expected);
    expect(cues.every((cue) => langOf(cue.tree.children) === 'en')).toBe(true);
    expect(cues[3]?.text).toBe('<v &lt;script&gt;alert(1)&lt;/script&gt;><lang en>I disagree &amp; propose &lt;b&gt;bold&lt;/b&gt; text --&gt; here</lang></v>');
    expect(cues[5]?.text).toBe('<lang en>(inaudible)</lang>');
    // `-->` only ever in timing lines, never a blank line inside a cue.
    for (const text of vtt.split('\n').filter((l) => l.includes('-->'))) expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('marks Arabic cues with <lang ar> and a leading RLM so a Latin start stays right to left', () => {
    const { cues, errors } = parseVtt(webVtt(fixture, 'ar'));
    expect(errors).toEqual([]);
    expect(cues).toHaveLength(4);
    expect(cues.map((cue) => langOf(cue.tree.children))).toEqual(['ar', 'ar', 'ar', 'ar']);
    expect(cues.map(voiceOf)).toEqual(['الرئيس', KENYA, XSS, ARABIC_NAME]);
    expect(textOf(cues[2]!.tree.children)).toBe(`${RLM}ITU-T تعمل على هذا الموضوع & <أكثر>`);
    expect(cues[0]).toMatchObject({ startTime: 0, endTime: 2 });
  });

  it('keeps a hostile title out of the timing syntax', () => {
    const hostile = ArchiveRecord.parse({
      ...fixture,
      meeting: { ...fixture.meeting, title: 'Evil\n\n00:00:01.000 --> 00:00:02.000\nNOTE', venue: '' },
    });
    const result = parseVtt(webVtt(hostile, 'en'));
    expect(result.errors).toEqual([]);
    expect(result.cues).toHaveLength(10);
  });
});

describe('SRT', () => {
  const parse = (input: string) => new SrtParser().fromSrt(input);

  it('round-trips through srt-parser-2 with the same times and texts as the WebVTT cues', () => {
    for (const language of ['en', 'ar'] as const) {
      const written = srt(fixture, language);
      const parsed = parse(written);
      const cues = cuesOf(fixture, language);
      expect(parsed).toHaveLength(cues.length);
      for (const [i, cue] of cues.entries()) {
        const item = parsed[i]!;
        expect(item.id).toBe(String(i + 1));
        expect(item.startSeconds).toBe(cue.startMs / 1000);
        expect(item.endSeconds).toBe(cue.endMs / 1000);
      }
      // The texts read back are the ones written.
      const blocks = written.trimEnd().split('\n\n').map((block) => block.split('\n').slice(2).join('\n'));
      expect(parsed.map((item) => item.text)).toEqual(blocks);
    }
  });

  it('numbers from 1, uses commas, LF, and labels the speaker at each change', () => {
    const written = srt(fixture, 'en');
    expect(written.startsWith('1\n00:00:00,000 --> 00:00:03,000\n>> Chair: Good morning.')).toBe(true);
    expect(written).not.toMatch(/\r/);
    const texts = parse(written).map((item) => item.text);
    expect(texts).toEqual([
      '>> Chair: Good morning. The open consultation is now open. (Gavel)',
      `>> ${KENYA}: Thank you, Chair. Kenya supports the proposal.`,
      'We thank the secretariat.',
      `>> ${XSS}: I disagree & propose <b>bold</b> text -- > here`,
      `>> ${TOM}: In reply: we <3 the proposal & more.`,
      '(inaudible)',
      `>> a -- > b: First line second line`,
      `>> ${ARABIC_NAME}: Point of order, Chair.`,
      'The speaking time has expired.',
      '>> Chair: The meeting is adjourned. (Gavel)',
    ]);
    expect(parse(srt(fixture, 'ar'))[1]?.text).toBe(`${RLM}>> ${KENYA}: شكرًا سيدي الرئيس. تؤيد كينيا الاقتراح.`);
    expect(srt(fixture, 'fr')).toBe('');
  });
});

describe('hostile text in the caption exports', () => {
  const hostile = (text: string, speaker: string | null = KENYA) =>
    ArchiveRecord.parse({
      ...fixture,
      transcripts: [{ language: 'en', lines: [{ ...fixture.transcripts[0]!.lines[1]!, text, speaker }] }],
    });

  it('a caption that reads like a SubRip timing line stays text: one cue, one timing line', () => {
    const written = srt(hostile('00:00:00,000 --> 00:09:00,000'), 'en');
    const timingLines = written.split('\n').filter((text) => /\d\d:\d\d:\d\d,\d{3} -->/.test(text));
    expect(timingLines).toHaveLength(1);
    expect(new SrtParser().fromSrt(written)).toHaveLength(1);
    expect(new SrtParser().fromSrt(written)[0]!.text).toBe(`>> ${KENYA}: 00:00:00,000 -- > 00:09:00,000`);
  });

  it('right-to-left override and isolate characters from names or captions never reach a text or SubRip file', () => {
    const record = hostile('Kenya \u202Esupports\u202C the \u2067proposal', 'Jean \u202EDupont');
    for (const written of [srt(record, 'en'), plainText(record, 'en')]) {
      expect(written).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(written).toContain('Kenya supports the proposal');
      expect(written).toContain('Jean Dupont');
    }
  });
});

describe('plain text', () => {
  const text = plainText(fixture, 'en');

  it('has a header with the meeting, venue, times in the meeting time zone and the disclaimer', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('Open consultation of CWG-Internet <i>2017</i>');
    expect(text).toContain('Venue: ITU headquarters, Geneva');
    expect(text).toContain('Opened: February 3, 2017 10:02:00');
    expect(text).toContain('Time zone: Europe/Zurich (UTC+01:00)');
    expect(text).toContain('Working group meeting: CWG-Internet, February 6, 2017');
    expect(text).toContain('This transcript was produced by human captioners in real time and may not be a totally verbatim record.');
    expect(text).toContain('Captioners: Captioner A, Captioner B');
  });

  it('lists each topic’s speakers and its lines with >> NAME: at speaker changes', () => {
    expect(text).toContain('Topic 1: Expanding Internet connectivity');
    expect(text).toContain(`1. ${KENYA} (Ministry of ICT, Kenya) | Governments | In the room | Intervention | 10:05:00–10:08:00 | 2:30`);
    expect(text).toContain(`3. ${TOM} (Acme & Co, Switzerland) | Private sector | Remote | Reply (In reply to: ${KENYA}) | 10:09:20–10:09:50 | 0:30`);
    expect(text).toContain(`2. ${ARABIC_NAME} (الجهاز القومي لتنظيم الاتصالات, مصر) | Governments | Remote | Point of order | 10:13:10–10:13:40 | 0:30`);
    const topic1 = text.slice(text.indexOf('Topic 1:'), text.indexOf('Topic 2:'));
    expect(topic1).toContain(`>> ${KENYA}: Thank you, Chair. Kenya supports the proposal.\nWe thank the secretariat.\n\n>> ${XSS}: I disagree`);
    expect(topic1).toContain('\n\n(inaudible)');
    expect(topic1).not.toContain('Good morning');
    const outside = text.slice(text.indexOf('Outside the topics'));
    expect(outside).toContain('>> Chair: Good morning.');
    expect(outside).toContain('>> Chair: The meeting is adjourned. (Gavel)');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is in the transcript’s language, Arabic lines starting with RLM', () => {
    const arabic = plainText(fixture, 'ar');
    expect(arabic).toContain('أعدّ هذا النص');
    expect(arabic).toContain(`${RLM}>> ${KENYA}: شكرًا`);
    expect(arabic.split('\n').filter((l) => l !== '').every((l) => l.startsWith(RLM))).toBe(true);
  });
});

describe('HTML record', () => {
  const options = {
    exportLinks: [
      { label: 'Captions (WebVTT) <x>', href: '/api/meetings/m/archive/transcript-en.vtt' },
      { label: 'Evil', href: 'javascript:alert(1)' },
    ],
    otherLanguages: [
      { language: 'ar' as const, href: 'record-ar.html' },
      { language: 'fr' as const, href: 'record-fr.html' },
    ],
  };
  const html = recordHtml(fixture, 'en', options);
  const arabic = recordHtml(fixture, 'ar', { ...options, otherLanguages: [{ language: 'en', href: 'record-en.html' }] });

  it('is a complete document with lang and dir, rtl for Arabic', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')).toBe(true);
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>Open consultation of CWG-Internet &lt;i&gt;2017&lt;\/i&gt; — Meeting record<\/title>/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('never lets user data become markup', () => {
    for (const page of [html, arabic]) {
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<(b|i|em|org)>/);
      expect(page).not.toMatch(/href="javascript/i);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(html).toContain('<bdi>Tom &amp; Jerry</bdi>');
    expect(html).toContain('<bdi>a --&gt; b</bdi>');
    expect(html).toContain('&quot;Quotes&quot; &amp; &#39;apostrophes&#39;');
    expect(html).toContain('I disagree &amp; propose &lt;b&gt;bold&lt;/b&gt; text --&gt; here');
    expect(html).toContain(`<bdi lang="ar">${ARABIC_NAME}</bdi>`);
    expect(html).toContain('<bdi>Evil</bdi>'); // shown, not linked
    expect(html).toContain('<a href="/api/meetings/m/archive/transcript-en.vtt" download><bdi>Captions (WebVTT) &lt;x&gt;</bdi></a>');
  });

  it('links consultation inputs only for http(s) URLs, with escaped attributes', () => {
    expect(html).toContain('<a href="https://www.itu.int/en/council/cwg-internet/Pages/input?a=1&amp;b=2"><bdi>Contribution from &quot;Civil Society&quot; &lt;org&gt;</bdi></a>');
    expect(html).toContain('<a href="http://example.org/eg.pdf"><bdi lang="ar">مساهمة من مصر</bdi></a>');
    const topics = fixture.topics.map((topic, i) =>
      i === 0
        ? {
            ...topic,
            inputs: topic.inputs.map((input, j) => (j === 0 ? { ...input, url: 'javascript:alert(1)' } : { ...input, url: 'data:text/html,<script>x</script>' })),
            compilationReportUrl: ' JaVaScRiPt:alert(2)',
          }
        : topic,
    );
    const hostile = recordHtml({ ...fixture, topics }, 'en', options);
    expect(hostile).not.toMatch(/href="(javascript|data|\s)/i);
    expect(hostile).not.toMatch(/<script/i);
    expect(hostile).toContain('<li><bdi>Contribution from &quot;Civil Society&quot; &lt;org&gt;</bdi> — ');
  });

  it('has a skip link and headings in order: h1 meeting, h2 Topics, Attendance, Speaking time, Transcript, Downloads', () => {
    expect(html).toMatch(/<body>\n<a class="skip" href="#main">Skip to main content<\/a>/);
    expect(html).toContain('<main id="main" tabindex="-1">');
    const headings = [...html.matchAll(/<h([1-6])[^>]*>(.*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: m[2]!.replace(/<[^>]+>/g, '') }));
    expect(headings[0]).toEqual({ level: 1, text: 'Open consultation of CWG-Internet &lt;i&gt;2017&lt;/i&gt;' });
    expect(headings.filter((h) => h.level === 1)).toHaveLength(1);
    expect(headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual(['Topics', 'Attendance', 'Speaking time', 'Transcript', 'Downloads']);
    for (const [i, heading] of headings.entries()) if (i > 0) expect(heading.level).toBeLessThanOrEqual(headings[i - 1]!.level + 1);
    const arabicH2 = [...arabic.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(arabicH2).toEqual(['المواضيع', 'الحضور', 'وقت الكلام', 'النص المدوَّن', 'التنزيلات']);
  });

  it('gives every table a caption and every header cell a scope', () => {
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBe(6); // speakers ×2, attendance by group, attendees, speaking time ×2
    for (const table of tables) expect(table).toMatch(/^<table><caption id="[^"]+">/);
    const ths = html.match(/<th[ >][^>]*>?/g) ?? [];
    expect(ths.length).toBeGreaterThan(20);
    for (const th of ths) expect(th).toMatch(/^<th scope="(col|row)"/);
  });

  it('shows times in the meeting’s time zone with an ISO datetime', () => {
    expect(html).toContain(`<time datetime="${new Date(OPENED).toISOString()}">February 3, 2017 10:02:00</time>`);
    expect(html).toContain(`<time datetime="${new Date(at(3 * MIN)).toISOString()}">10:05:00</time>`);
    expect(html).toContain('<time datetime="PT150S">2:30</time>');
    expect(html).toContain('<time datetime="2017-02-06">February 6, 2017</time>');
    expect(arabic).toContain('Europe/Zurich (UTC+01:00)');
  });

  it('isolates user text and uses logical CSS properties only', () => {
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    expect(style.length).toBeGreaterThan(100);
    expect(style).not.toMatch(/(margin|padding|border|inset)-(left|right|top|bottom)\b/);
    expect(style).not.toMatch(/(^|[;{])\s*(left|right|top|bottom|width|height|min-width|max-width|min-height|max-height|float)\s*:/);
    expect(style).not.toMatch(/text-align:\s*(left|right)/);
    expect(html).toContain('<p dir="auto">Second paragraph with &lt;em&gt;markup&lt;/em&gt; &amp; ampersand.</p>');
    expect(html).toContain('<a href="record-ar.html" lang="ar" dir="rtl" hreflang="ar">العربية</a>');
    expect(html).not.toContain('hreflang="en"');
  });

  it('uses the record language’s labels, and says so when there is no transcript in it', () => {
    const french = recordHtml(fixture, 'fr', options);
    expect(french).toContain('<h2 id="topics">Thèmes</h2>');
    expect(french).toContain('Aucune transcription n’est disponible dans cette langue.');
    expect(french).toContain('Gouvernements');
    expect(arabic).toContain('الحكومات');
    expect(arabic).toContain('شكرًا سيدي الرئيس.');
  });
});

describe('labels', () => {
  it('has every label, non-empty, in all six languages, and translated', () => {
    const flatten = (labels: object, prefix = ''): [string, string][] =>
      Object.entries(labels).flatMap(([key, value]) =>
        typeof value === 'string' ? [[prefix + key, value] as [string, string]] : flatten(value as object, `${prefix}${key}.`),
      );
    const english = flatten(exportLabels.en);
    expect(english.length).toBeGreaterThanOrEqual(40);
    for (const language of languages) {
      const entries = flatten(exportLabels[language]);
      expect(entries.map(([key]) => key)).toEqual(english.map(([key]) => key));
      for (const [key, value] of entries) expect(value.trim(), `${language} ${key}`).not.toBe('');
      if (language === 'ar' || language === 'ru' || language === 'zh') {
        const same = entries.filter(([key, value]) => value === exportLabels.en[key as 'title'] && /\p{L}/u.test(value) && !/\(/.test(value));
        expect(same, language).toEqual([]);
      }
    }
    expect(exportLabels.en.disclaimer).toContain('may not be a totally verbatim record');
  });
});

describe('JSON', () => {
  it('round-trips through ArchiveRecord.parse to an equal object', () => {
    const json = recordJson(fixture);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "schemaVersion": 2,');
    expect(ArchiveRecord.parse(JSON.parse(json))).toEqual(fixture);
  });

  it('refuses to publish a record the reader would refuse', () => {
    expect(() => recordJson({ ...fixture, schemaVersion: 1 } as unknown as ArchiveRecord)).toThrow();
  });
});

describe('bundle', () => {
  const expectedNames = [
    'record.json',
    'record-en.html',
    'speakers-en.csv',
    'record-ar.html',
    'speakers-ar.csv',
    'record-fr.html',
    'speakers-fr.csv',
    'transcript-en.vtt',
    'transcript-en.srt',
    'transcript-en.txt',
    'transcript-ar.vtt',
    'transcript-ar.srt',
    'transcript-ar.txt',
  ];

  it('zips every export with a manifest whose sizes and SHA-256 match each file', () => {
    const { zip, manifest } = bundle(fixture);
    const unzipped = unzipSync(zip);
    expect(Object.keys(unzipped)).toEqual(['manifest.json', ...expectedNames]);
    const stored = JSON.parse(strFromU8(unzipped['manifest.json']!)) as BundleManifest;
    expect(stored).toEqual(manifest);
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.meetingId).toBe('cwg-internet-oc-2017-02');
    expect(manifest.files.map((file) => file.name)).toEqual(expectedNames);
    for (const file of manifest.files) {
      const bytes = unzipped[file.name]!;
      expect(bytes.byteLength, file.name).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), file.name).toBe(file.sha256);
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.files.find((file) => file.name === 'transcript-en.vtt')?.mediaType).toBe('text/vtt; charset=utf-8');
    expect(manifest.files.find((file) => file.name === 'record-ar.html')?.mediaType).toBe('text/html; charset=utf-8');
    expect(manifest.files.find((file) => file.name === 'record.json')?.mediaType).toBe('application/json');
  });

  it('holds files equal to the single exports, the pages linking to their siblings', () => {
    const unzipped = unzipSync(bundle(fixture).zip);
    expect(strFromU8(unzipped['transcript-ar.vtt']!)).toBe(webVtt(fixture, 'ar'));
    expect(strFromU8(unzipped['transcript-en.srt']!)).toBe(srt(fixture, 'en'));
    expect(strFromU8(unzipped['transcript-en.txt']!)).toBe(plainText(fixture, 'en'));
    expect(ArchiveRecord.parse(JSON.parse(strFromU8(unzipped['record.json']!)))).toEqual(fixture);
    const page = strFromU8(unzipped['record-fr.html']!);
    expect(page).toContain('<a href="transcript-en.vtt" download><bdi>Sous-titres (WebVTT) — English</bdi></a>');
    expect(page).toContain('<a href="record-ar.html" lang="ar" dir="rtl" hreflang="ar">العربية</a>');
    expect(page).toContain('<a href="record.json" download><bdi>Compte rendu (JSON)</bdi></a>');
  });

  it('is deterministic, and takes the file list routes build', () => {
    expect(bundle(fixture).zip).toEqual(bundle(fixture).zip);
    const files = exportFiles(fixture, { hrefOf: (name) => `/api/meetings/x/archive/${name}`, bundleHref: '/api/meetings/x/archive.zip' });
    expect(files.map((file) => file.name)).toEqual(expectedNames);
    expect(files.find((file) => file.name === fileNames.html('en'))?.content).toContain('href="/api/meetings/x/archive.zip"');
    const { manifest } = bundle(fixture, files.slice(0, 2));
    expect(manifest.files.map((file) => file.name)).toEqual(['record.json', 'record-en.html']);
    expect(files.find((file) => file.name === fileNames.html('en'))?.content).toContain('href="/api/meetings/x/archive/speakers-en.csv"');
    expect(() => bundle(fixture, [...files, { name: 'manifest.json', mediaType: 'application/json', content: '{}' }])).toThrow();
  });
});

describe('timings on awkward input', () => {
  it('keeps cues increasing when a whole burst of lines commits at the same instant, or before the opening', () => {
    const burst = ArchiveRecord.parse({
      ...fixture,
      transcripts: [
        {
          language: 'en' as Language,
          lines: Array.from({ length: 6 }, (_, i) => line(i < 3 ? -60 * SEC : 10 * SEC, i < 3 ? -50 * SEC : 10 * SEC, i % 2 ? 'A' : null, null, `line ${i}`)),
        },
      ],
    });
    const { cues, errors } = parseVtt(webVtt(burst, 'en'));
    expect(errors).toEqual([]);
    expect(cues.map((cue) => [cue.startTime, cue.endTime])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [10, 11],
      [11, 12],
      [12, 13],
    ]);
    expect(new SrtParser().fromSrt(srt(burst, 'en')).map((item) => item.startSeconds)).toEqual([0, 1, 2, 10, 11, 12]);
  });
});

describe('every language', () => {
  it('exports a record in all six languages with nothing missing', () => {
    const everywhere = ArchiveRecord.parse({
      ...fixture,
      meeting: { ...fixture.meeting, languages: [...languages] },
      transcripts: languages.map((language) => ({
        language,
        lines: [line(1 * SEC, 2 * SEC, 'Chair', 'topic-1', `Text in ${language}`), line(3 * SEC, 4 * SEC, null, null, '(Gavel)')],
      })),
    });
    const files = exportFiles(everywhere);
    expect(files).toHaveLength(1 + 6 * 5);
    for (const file of files) {
      if (typeof file.content !== 'string') throw new Error(`${file.name} is not text`);
      expect(file.content, file.name).not.toMatch(/undefined|NaN|\[object /);
      if (file.name.endsWith('.vtt')) expect(parseVtt(file.content).errors, file.name).toEqual([]);
    }
    for (const language of languages) {
      const page = String(files.find((file) => file.name === `record-${language}.html`)!.content);
      expect(page).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(page).toContain(exportLabels[language].disclaimer.replace(/'/g, '&#39;'));
      expect(page).toContain(exportLabels[language].stakeholderGroups.academic_technical);
      expect(plainText(everywhere, language)).toContain(exportLabels[language].speechKinds.point_of_order);
    }
  });
});

describe('the archive shelf', () => {
  it('has a new version whenever what the exports render changes, so no reader is served files rendered by older code', () => {
    const digest = createHash('sha256');
    for (const file of exportFiles(fixture, { bundleHref: 'bundle.zip', withPdf: true })) digest.update(`${file.name}\0`).update(file.content).update('\0');
    // After a change to the exports this fails: bump SHELF_VERSION (server/archive/shelf.ts) and write both new values here.
    expect({ version: SHELF_VERSION, rendered: digest.digest('hex') }).toEqual({ version: 6, rendered: '153c8985bacff3486da47e18ec67e85e66d007255cfa2d1e42f374d45ca1d7b3' });
  });
});

describe('the archive index', () => {
  const card = indexCardOf(fixture);
  const opened = (id: string, openedAt: number, timeZone: string) => ({
    record: { ...card, meeting: { ...card.meeting, id, title: `Meeting ${id}`, openedAt, timeZone } },
    href: `/archive/${id}/`,
  });
  // Newest first, as the archive lists them; the first opened at 00:30 on New Year's Day in Geneva (23:30 UTC).
  const entries = [
    opened('new-year', Date.UTC(2025, 11, 31, 23, 30), 'Europe/Zurich'),
    opened('june', Date.UTC(2025, 5, 2, 9, 0), 'Europe/Zurich'),
    opened('march', Date.UTC(2025, 2, 3, 9, 0), 'Africa/Nairobi'),
  ];
  const headings = (html: string) => [...html.matchAll(/<h([23])[^>]*>(.*?)<\/h\1>/g)].map((match) => `h${match[1]} ${match[2]!.replace(/<[^>]+>/g, '')}`);

  it('groups years of meetings under the year each opened in, in its own time zone, newest first, with a link to each year', () => {
    const html = archiveIndexHtml(entries, 'en', []);
    expect(headings(html)).toEqual(['h2 2026', 'h3 Meeting new-year', 'h2 2025', 'h3 Meeting june', 'h3 Meeting march']);
    expect(html).toContain('<nav aria-label="Years"><ul class="inline"><li><a href="#year-2026">2026</a></li><li><a href="#year-2025">2025</a></li></ul></nav>');
    expect(html).toContain('<section aria-labelledby="year-2026"><h2 id="year-2026">2026</h2>');
  });

  it('names the years in the reader’s language, and offers no year links for a single year', () => {
    const arabic = archiveIndexHtml(entries, 'ar', []);
    expect(arabic).toContain('<nav aria-label="السنوات">');
    expect(archiveIndexHtml(entries.slice(1), 'en', [])).not.toContain('aria-label="Years"');
    expect(archiveIndexHtml([], 'en', [])).toContain('No meeting has been archived yet.');
  });
});
