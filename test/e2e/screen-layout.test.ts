import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { STACKED_LINES_MAX, type CaptionDisplay, type Language } from '../../shared/meeting/model.js';
import { http, MirrorClient, seedMeeting, type SeededMeeting } from '../support/harness.js';

/*
 * The room screen is read from the back of a hall. Whatever the queue holds, the current
 * speaker and the countdown stay the largest things on it, at a fixed minimum size; the list of
 * next speakers gives way; the captions keep their lines; nothing overlaps or is cut off.
 */

const suite = useBrowserAndServer();

/** Minimum rendered font sizes (CSS px) on a 1080-line screen; smaller screens scale by height. */
const MIN_AT_1080 = {
  name: 64,
  affiliation: 36,
  clock: 120,
  /** Room/remote and the kind of speech, next to the name. */
  badge: 28,
  caption: 36,
  /** "Nobody has the floor". */
  empty: 48,
  /** The next and last speakers, "Nobody is waiting to speak" and the other empty lists. */
  list: 28,
  /** Anything else on the screen: titles, headings. */
  any: 26,
};

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;
const UI_LANGUAGES = ['en', 'ar'] as const;

const FLOOR_HOLDER = {
  displayName: 'His Excellency Abdulrahman bin Abdulaziz Al-Mutairi',
  affiliation: 'Communications, Space and Technology Commission, Saudi Arabia',
  country: 'Saudi Arabia',
};

/** Twelve people waiting: long names and affiliations, Latin and Arabic script. */
const WAITING = Array.from({ length: 12 }, (_, index) => {
  const arabic = index % 3 === 1;
  return {
    displayName: arabic
      ? `الدكتورة فاطمة الزهراء بنت عبد الرحمن الهاشمي ${index + 1}`
      : `Ms. Maria-Fernanda Castellanos de la Torre y Villanueva ${index + 1}`,
    affiliation: arabic
      ? 'هيئة الاتصالات والفضاء والتقنية، المملكة العربية السعودية'
      : 'Ministry of Information and Communications Technology and Innovation',
    country: arabic ? 'المملكة العربية السعودية' : 'Plurinational State of Bolivia',
    attendance: index % 2 === 0 ? ('room' as const) : ('remote' as const),
  };
});

const CAPTIONS = {
  en: [
    'Good morning, colleagues, and welcome to this open consultation on meaningful connectivity.',
    'The chair reminds delegations that interventions are limited to three minutes each.',
    'We thank the secretariat for the compilation of the inputs received from stakeholders.',
    'Our delegation supports community networks as a practical path to affordable access.',
    'We would like to hear from the private sector about spectrum for last-mile access.',
    'Several speakers stressed accessibility for persons with disabilities in public services.',
    'The floor is now open for comments on the second question of the consultation.',
    'Thank you, Chair. We associate ourselves with the statement made by the previous speaker.',
  ],
  ar: [
    'صباح الخير أيها الزملاء، ومرحبا بكم في هذه المشاورة المفتوحة بشأن التوصيلية المجدية.',
    'يذكّر الرئيس الوفود بأن مدة كل مداخلة محدودة بثلاث دقائق.',
    'نشكر الأمانة على تجميع المساهمات الواردة من أصحاب المصلحة.',
    'يؤيد وفدنا الشبكات المجتمعية بوصفها سبيلا عمليا إلى نفاذ ميسور التكلفة.',
    'نود أن نستمع إلى القطاع الخاص بشأن الطيف اللازم للنفاذ في الميل الأخير.',
    'أكد عدة متكلمين على إتاحة الخدمات العامة للأشخاص ذوي الإعاقة.',
    'الكلمة الآن مفتوحة للتعليقات على السؤال الثاني من المشاورة.',
    'شكرا سيدي الرئيس. نضم صوتنا إلى البيان الذي أدلى به المتكلم السابق.',
  ],
};

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface TextMeasure {
  text: string;
  fontSize: number;
  box: Box;
  /** The screen part (class name) the text is in. */
  part: string | null;
}

interface Measure {
  viewport: { width: number; height: number };
  documentOverflow: { width: number; height: number };
  parts: Record<string, Box>;
  texts: TextMeasure[];
  name: TextMeasure[];
  affiliation: TextMeasure[];
  badges: TextMeasure[];
  clock: TextMeasure[];
  floorEmpty: TextMeasure[];
  listTexts: TextMeasure[];
  captionRows: TextMeasure[];
  rollups: Array<{ box: Box; rows: number; lineHeight: number; clientHeight: number }>;
  nextEntries: string[];
  moreCount: number | null;
  /** Text whose box leaves a box that clips it (one that does not end in an ellipsis). */
  clipped: Array<{ text: string; by: string; box: Box; clip: Box }>;
  /** Text cut short whose first letter is not shown: an ellipsis took its start instead of its end. */
  startCut: string[];
}

/** Runs in the page: every text on the room screen with its rendered size and place. */
function measureScreen(): Measure {
  const boxOf = (element: Element): Box => {
    const rect = element.getBoundingClientRect();
    return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
  };
  const parts = ['screen-title', 'screen-speaker', 'screen-clock', 'screen-next', 'screen-last', 'caption-area'];
  const partOf = (element: Element) => parts.find((part) => element.closest(`.${part}`)) ?? null;
  const ownText = (element: Element) =>
    Array.from(element.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
  const truncates = (element: Element) => {
    const style = getComputedStyle(element);
    return style.textOverflow === 'ellipsis' || (style.webkitLineClamp !== 'none' && style.webkitLineClamp !== '');
  };
  // What shows of a text: an ellipsis cuts it at the box of the element that truncates it.
  const shownBoxOf = (element: Element): Box => {
    let box = boxOf(element);
    for (let ancestor: Element | null = element; ancestor; ancestor = ancestor.parentElement) {
      if (!truncates(ancestor)) continue;
      const clip = boxOf(ancestor);
      box = {
        left: Math.max(box.left, clip.left),
        top: Math.max(box.top, clip.top),
        right: Math.min(box.right, clip.right),
        bottom: Math.min(box.bottom, clip.bottom),
      };
    }
    return box;
  };
  const measureText = (element: Element): TextMeasure => ({
    text: (element.textContent ?? '').trim().slice(0, 60),
    fontSize: parseFloat(getComputedStyle(element).fontSize),
    box: shownBoxOf(element),
    part: partOf(element),
  });
  const main = document.querySelector('main')!;
  const visible = (element: Element) => !element.closest('.visually-hidden') && element.checkVisibility();
  const textElements = Array.from(main.querySelectorAll('*')).filter((element) => visible(element) && ownText(element));
  const clipped: Measure['clipped'] = [];
  for (const element of textElements) {
    const box = boxOf(element);
    for (let ancestor: Element | null = element; ancestor && ancestor !== main; ancestor = ancestor.parentElement) {
      if (truncates(ancestor)) break;
      const style = getComputedStyle(ancestor);
      if (ancestor === element || (style.overflowX === 'visible' && style.overflowY === 'visible')) continue;
      const clip = boxOf(ancestor);
      const outside =
        box.left < clip.left - 1 || box.right > clip.right + 1 || box.top < clip.top - 1 || box.bottom > clip.bottom + 1;
      if (outside) clipped.push({ text: ownText(element).slice(0, 60), by: ancestor.className, box, clip });
    }
  }
  const startCut: string[] = [];
  for (const element of Array.from(main.querySelectorAll('*')).filter((candidate) => visible(candidate) && truncates(candidate))) {
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => ((node.textContent ?? '').trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const first = texts.nextNode();
    if (!first) continue;
    const start = first.textContent!.search(/\S/);
    const letter = document.createRange();
    letter.setStart(first, start);
    letter.setEnd(first, start + 1);
    const glyph = letter.getBoundingClientRect();
    const box = boxOf(element);
    // A box narrower than a letter shows nothing of the text: which end is cut does not arise.
    if (box.right - box.left < glyph.width) continue;
    if (glyph.width > 0 && (glyph.left < box.left - 1 || glyph.right > box.right + 1)) startCut.push((element.textContent ?? '').trim().slice(0, 60));
  }
  const all = (selector: string) => Array.from(main.querySelectorAll(selector)).filter(visible).map(measureText);
  const more = main.querySelector('.screen-next-more');
  return {
    viewport: { width: innerWidth, height: innerHeight },
    documentOverflow: {
      width: document.documentElement.scrollWidth - innerWidth,
      height: document.documentElement.scrollHeight - innerHeight,
    },
    parts: Object.fromEntries(
      parts.flatMap((part) => {
        const element = main.querySelector(`.${part}`);
        return element && visible(element) ? [[part, boxOf(element)]] : [];
      }),
    ),
    texts: textElements.map(measureText),
    name: all('.screen-speaker .person-name'),
    affiliation: all('.screen-speaker .person-origin'),
    badges: all('.screen-speaker .badge'),
    clock: all('.screen-clock [role="timer"]'),
    floorEmpty: all('.screen-speaker .empty'),
    listTexts: all('.screen-next li, .screen-last li, .screen-next .empty, .screen-last .empty'),
    captionRows: all('.rollup-row'),
    rollups: Array.from(main.querySelectorAll('.rollup')).map((rollup) => ({
      box: boxOf(rollup),
      rows: rollup.querySelectorAll('.rollup-row').length,
      lineHeight: parseFloat(getComputedStyle(rollup.querySelector('.rollup-row') ?? rollup).lineHeight),
      clientHeight: rollup.clientHeight,
    })),
    nextEntries: Array.from(main.querySelectorAll('.screen-next li')).map((entry) => entry.textContent ?? ''),
    moreCount: more ? Number((more.textContent ?? '').match(/\d+/)?.[0] ?? NaN) : null,
    clipped,
    startCut,
  };
}

const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

const inside = (box: Box, within: Box) =>
  box.left >= within.left - 1 && box.right <= within.right + 1 && box.top >= within.top - 1 && box.bottom <= within.bottom + 1;

interface Expectation {
  label: string;
  floor: boolean;
  waiting: number;
  /** Roll-ups on the screen: one per caption language. */
  captionLanguages: number;
  /** Rows of each roll-up. */
  captionLines: number;
}

/** Checks one measurement against the rules of the room screen. */
function check(measure: Measure, expected: Expectation): void {
  const { label } = expected;
  const scale = measure.viewport.height / 1080;
  const min = Object.fromEntries(Object.entries(MIN_AT_1080).map(([key, value]) => [key, value * scale])) as typeof MIN_AT_1080;
  const at = (what: string) => `${label}: ${what}`;

  expect(measure.documentOverflow, at('the page scrolls')).toEqual({ width: 0, height: 0 });
  const viewportBox = { left: 0, top: 0, right: measure.viewport.width, bottom: measure.viewport.height };
  for (const [part, box] of Object.entries(measure.parts)) {
    expect(inside(box, viewportBox), at(`${part} ${JSON.stringify(box)} leaves the screen`)).toBe(true);
  }
  const partNames = Object.keys(measure.parts);
  for (const [index, a] of partNames.entries()) {
    for (const b of partNames.slice(index + 1)) {
      expect(overlaps(measure.parts[a]!, measure.parts[b]!), at(`${a} overlaps ${b}`)).toBe(false);
    }
  }
  for (const text of measure.texts) {
    expect(inside(text.box, viewportBox), at(`"${text.text}" leaves the screen`)).toBe(true);
    expect(text.fontSize, at(`"${text.text}" is smaller than ${min.any.toFixed(1)} px`)).toBeGreaterThanOrEqual(min.any);
  }
  expect(measure.clipped, at('text is cut off')).toEqual([]);
  expect(measure.startCut, at('text cut short at its start, not its end')).toEqual([]);

  if (expected.floor) {
    expect(measure.name, at('one speaker name')).toHaveLength(1);
    expect(measure.clock, at('one clock')).toHaveLength(1);
    const [name] = measure.name;
    const [clock] = measure.clock;
    expect(name!.fontSize, at('speaker name size')).toBeGreaterThanOrEqual(min.name);
    expect(clock!.fontSize, at('clock size')).toBeGreaterThanOrEqual(min.clock);
    expect(measure.affiliation, at('the affiliation is shown')).toHaveLength(1);
    expect(measure.affiliation[0]!.fontSize, at('affiliation size')).toBeGreaterThanOrEqual(min.affiliation);
    expect(measure.badges.length, at('room/remote and kind are shown')).toBeGreaterThanOrEqual(2);
    for (const badge of measure.badges) {
      expect(badge.fontSize, at(`badge "${badge.text}" size`)).toBeGreaterThanOrEqual(min.badge);
    }
    // Nothing outside the speaker and clock is as large as the name, nor the clock.
    for (const text of measure.texts.filter((candidate) => candidate.part !== 'screen-speaker' && candidate.part !== 'screen-clock')) {
      expect(text.fontSize, at(`"${text.text}" is as large as the speaker's name`)).toBeLessThan(name!.fontSize);
    }
    expect(clock!.fontSize, at('the clock is the largest text')).toBeGreaterThanOrEqual(
      Math.max(...measure.texts.map((text) => text.fontSize)),
    );
  } else {
    expect(measure.name, at('no speaker name')).toHaveLength(0);
  }

  if (!expected.floor) {
    expect(measure.floorEmpty, at('"Nobody has the floor" is shown')).toHaveLength(1);
    expect(measure.floorEmpty[0]!.fontSize, at('"Nobody has the floor" size')).toBeGreaterThanOrEqual(min.empty);
  }
  expect(measure.listTexts.length, at('the lists say something')).toBeGreaterThanOrEqual(1);
  for (const text of measure.listTexts) {
    expect(text.fontSize, at(`"${text.text}" size`)).toBeGreaterThanOrEqual(min.list);
  }

  // The next speakers: at least the next one by name, and everyone accounted for.
  if (expected.waiting === 0) {
    expect(measure.nextEntries, at('nobody listed')).toHaveLength(0);
  } else {
    expect(measure.nextEntries.length, at('the next speaker is listed')).toBeGreaterThanOrEqual(1);
    expect(measure.nextEntries.length + (measure.moreCount ?? 0), at('listed + "more" = waiting')).toBe(expected.waiting);
  }

  // The captions keep their configured lines, every row whole and legible.
  expect(measure.rollups.length, at('a roll-up per caption language')).toBe(expected.captionLanguages);
  for (const rollup of measure.rollups) {
    expect(rollup.rows, at('caption rows')).toBe(expected.captionLines);
    expect(rollup.clientHeight + 1, at('the roll-up holds its lines')).toBeGreaterThanOrEqual(
      expected.captionLines * rollup.lineHeight,
    );
  }
  for (const row of measure.captionRows) {
    expect(row.fontSize, at(`caption size`)).toBeGreaterThanOrEqual(min.caption);
    expect(inside(row.box, measure.parts['caption-area']!), at(`caption row "${row.text}" outside its area`)).toBe(true);
  }
}

/** Waits for two frames, so React's effects and the layout after them have run. */
const settled = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );

interface Screen {
  page: Page;
  label: string;
  /** The caption languages its link names; none: the chair's choice. */
  linkLanguages: Language[];
}

/** What the meeting shows, as the chair set it. */
interface Phase {
  floor: boolean;
  waiting: number;
  display: CaptionDisplay;
}

/** What a screen should show in a phase: its link's languages win over the chair's. */
function expectationOf(screen: Screen, phase: Phase): Omit<Expectation, 'label'> {
  const { display } = phase;
  const chosen = screen.linkLanguages.length > 0 ? screen.linkLanguages : display.screenLanguages;
  const languages = chosen.length > 0 ? chosen : ['en'];
  const stacked = languages.length > 1 && display.arrangement === 'stacked';
  return {
    floor: phase.floor,
    waiting: phase.waiting,
    captionLanguages: languages.length,
    captionLines: stacked ? Math.min(display.lines, STACKED_LINES_MAX) : display.lines,
  };
}

describe('the room screen layout, measured in Chromium', () => {
  let meeting: SeededMeeting;
  let chair: MirrorClient;
  let captioner: MirrorClient;
  const screens: Screen[] = [];
  const waitingIds: string[] = [];
  let holderId = '';

  const register = async (person: { displayName: string; affiliation: string; country: string; attendance: string }) => {
    const result = await http(
      suite.server.url,
      'POST',
      `/meetings/${meeting.meetingId}/registrations`,
      { ...person, stakeholderGroup: 'government' },
      null,
    );
    if (result.status !== 201) throw new Error(JSON.stringify(result.body));
    return result.body.participantId as string;
  };

  const send = async (type: string, payload: unknown) => {
    const result = await chair.send(type, payload);
    if (!result.ok) throw new Error(`${type} refused: ${result.error.code}`);
    await chair.atSeq(result.value.seq);
    return result.value;
  };

  beforeAll(async () => {
    meeting = await seedMeeting(suite.server.url);
    holderId = await register({ ...FLOOR_HOLDER, attendance: 'room' });
    for (const person of WAITING) waitingIds.push(await register(person));
    chair = new MirrorClient(suite.server.url, meeting.tokens.chair);
    captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    await Promise.all([chair.ready(), captioner.ready()]);
    for (const language of ['en', 'ar'] as const) {
      const written = await captioner.send('caption:write', {
        language,
        erase: 0,
        text: `${CAPTIONS[language].join('\n')}\n`,
      });
      if (!written.ok) throw new Error(`captions refused: ${written.error.code}`);
    }
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const screenPath = links.role('screen');
    // English screens caption as the chair sets; Arabic ones in Arabic, or in Arabic and English.
    const setups = UI_LANGUAGES.flatMap((language): Array<{ language: string; linkLanguages: Language[] }> =>
      language === 'en'
        ? [{ language, linkLanguages: [] }]
        : [
            { language, linkLanguages: ['ar'] },
            { language, linkLanguages: ['ar', 'en'] },
          ],
    );
    for (const { language, linkLanguages } of setups) {
      for (const viewport of VIEWPORTS) {
        const query = linkLanguages.length > 0 ? `?captions=${linkLanguages.join(',')}` : '';
        const page = await suite.open(screenPath.replace('#', `${query}#`), { locale: language, viewport });
        const label = `${language} ${viewport.width}x${viewport.height}${query ? ` ${query}` : ''}`;
        screens.push({ page, label, linkLanguages });
      }
    }
  });

  afterAll(() => {
    chair?.close();
    captioner?.close();
  });

  /** Measures every screen once it shows `ready` and its captions, and checks the rules. */
  const measureAll = async (phase: Omit<Phase, 'display'>, ready: (page: Page) => Promise<boolean>) => {
    for (const screen of screens) {
      const { page } = screen;
      const expected = expectationOf(screen, { ...phase, display: chair.state!.captionDisplay });
      const what = [
        screen.label,
        expected.floor ? 'floor taken' : 'nobody speaking',
        `${expected.waiting} waiting`,
        `${expected.captionLanguages} x ${expected.captionLines} caption lines`,
      ].join(', ');
      const captionsShown = () =>
        page
          .locator('.rollup')
          .evaluateAll((rollUps) => rollUps.map((rollUp) => rollUp.querySelectorAll('.rollup-row').length))
          .then((rows) => rows.length === expected.captionLanguages && rows.every((count) => count === expected.captionLines));
      await expect
        .poll(async () => (await captionsShown()) && (await ready(page)), {
          timeout: 10_000,
          message: `${what}: the screen never showed it`,
        })
        .toBe(true);
      await settled(page);
      check(await page.evaluate(measureScreen), { ...expected, label: what });
    }
  };

  const setDisplay = (change: Partial<CaptionDisplay>) =>
    send('meeting:setCaptionDisplay', { display: { ...chair.state!.captionDisplay, ...change } });

  it('keeps the speaker, clock and captions legible and whole for 0 to 12 waiting, in English and Arabic, one or two caption languages, at 1080p and 720p', async () => {
    const queueEmpty = (page: Page) => page.locator('.screen-next .empty').isVisible();
    const waitingShown = (page: Page) => page.locator('.screen-next li').count().then((count) => count > 0);
    const speakerShown = (page: Page) => page.locator('.screen-speaker .person-name').count().then((count) => count === 1);

    // Three speeches already made, for the list of last speakers.
    for (const participantId of waitingIds.slice(0, 3)) {
      await send('queue:add', { participantId, kind: 'intervention' });
      await send('floor:give', {});
      await send('floor:end', {});
    }

    // Nobody speaking, nobody waiting: the empty states are read from the back too.
    await measureAll({ floor: false, waiting: 0 }, queueEmpty);

    await send('queue:add', { participantId: holderId, kind: 'intervention' });
    await send('floor:give', {});
    await measureAll({ floor: true, waiting: 0 }, async (page) => (await speakerShown(page)) && queueEmpty(page));

    for (const [index, participantId] of waitingIds.entries()) {
      const { createdId } = await send('queue:add', { participantId, kind: 'intervention' });
      // The newest goes to the head of the list, so each screen shows by name that it arrived.
      await send('queue:move', { entryId: createdId, toIndex: 0 });
      const name = WAITING[index]!.displayName;
      await measureAll({ floor: true, waiting: index + 1 }, async (page) =>
        (await waitingShown(page)) && ((await page.locator('.screen-next li').first().textContent()) ?? '').includes(name),
      );
    }
    const full = { floor: true, waiting: 12 };

    // The most caption lines the chair can choose, with the longest list.
    await setDisplay({ lines: 8 });
    await measureAll(full, waitingShown);

    // Two caption languages and the last three speakers: side by side, then stacked with eight lines.
    await setDisplay({ lines: 4, screenLanguages: ['en', 'ar'], arrangement: 'side-by-side', recentSpeakers: 3 });
    await measureAll(full, waitingShown);
    await setDisplay({ lines: 8, arrangement: 'stacked' });
    await measureAll(full, waitingShown);

    // The floor ends with the list full: "Nobody has the floor" stays large.
    await send('floor:end', {});
    await measureAll({ floor: false, waiting: 12 }, async (page) => !(await speakerShown(page)));
  }, 240_000);
});
