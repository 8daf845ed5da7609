import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchedCycle } from '../support/cycles.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';

/**
 * The secretariat's cycle page over a consultation that drew many responses: the cycle's view
 * stays the same size however many came, and the moderation list comes a page at a time.
 */
let now = Date.UTC(2026, 9, 22, 8);
let server: RunningServer;
let cycleId: string;

const RESPONSES = 60;

async function respond(index: number, name: string): Promise<void> {
  const form = new FormData();
  const fields = { name, organisation: 'Open Registry', country: 'Mali', stakeholderGroup: 'civil_society', email: `respondent-${index}@example.org`, consent: 'yes', 'answer-p1': `Answer ${index}. ${'A long view. '.repeat(150)}` };
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  // A minute apart: the public form takes a burst of ten from one address, then one a minute.
  now += 61_000;
  const sent = await fetch(`${server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form });
  if (sent.status !== 201) throw new Error(`response ${index}: ${sent.status}`);
}

const view = async () => http(server.url, 'GET', `/cycles/${cycleId}`);
const page = async (query: string) => http(server.url, 'GET', `/cycles/${cycleId}/responses${query}`);
/** The respondents of a page by the number each was sent as (its e-mail address). */
const sent = (body: { responses: { email: string }[] }) => body.responses.map((response) => Number(/respondent-(\d+)@/.exec(response.email)![1]));
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, index) => first + index);

beforeAll(async () => {
  server = await startServer({ clock: () => now });
  cycleId = await launchedCycle(server.url);
  await respond(1, 'Aminata Koné');
});
afterAll(() => stopServer(server));

describe("the secretariat's moderation list", () => {
  it('the cycle view carries no response, so it stays the same size however many responses come', async () => {
    const withOne = await view();
    expect(withOne.body.state).not.toHaveProperty('responses');
    expect(withOne.body.counts.total).toBe(1);
    for (let index = 2; index <= RESPONSES; index += 1) await respond(index, index === 42 ? 'كَرِيم منصور' : `Respondent ${index}`);
    const withSixty = await view();
    expect(withSixty.body.counts.total).toBe(RESPONSES);
    // The same cycle but for its counts and clock: a few characters, not sixty responses of 2 KB.
    expect(JSON.stringify(withSixty.body).length - JSON.stringify(withOne.body).length).toBeLessThan(100);
  });

  it('gives the responses a page at a time in the order they came, with how many match, and the last page for a page past it', async () => {
    const first = await page('');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ matching: RESPONSES, page: 1, pages: 3, pageSize: 25 });
    expect(sent(first.body)).toEqual(range(1, 25));
    expect(first.body.responses[0]).toMatchObject({ respondent: { name: 'Aminata Koné' }, email: 'respondent-1@example.org', moderation: { status: 'pending' } });
    const third = await page('?page=3');
    expect(sent(third.body)).toEqual(range(51, 60));
    expect((await page('?page=40')).body).toMatchObject({ page: 3, pages: 3 });
  });

  it('narrows the list to a status and finds a respondent by a name typed without accents or short vowels', async () => {
    const [, , third, fourth] = (await page('')).body.responses as { id: string }[];
    for (const { id } of [third!, fourth!]) {
      const rejected = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'response:reject', responseId: id, reason: 'spam', note: '' });
      expect(rejected.status).toBe(200);
    }
    const rejected = await page('?show=rejected');
    expect(sent(rejected.body)).toEqual([3, 4]);
    expect(rejected.body.matching).toBe(2);
    expect((await page('?show=pending')).body.matching).toBe(RESPONSES - 2);
    expect(sent((await page('?search=kone')).body)).toEqual([1]);
    const karim = (await page(`?search=${encodeURIComponent('كريم')}`)).body;
    expect(sent(karim)).toEqual([42]);
    // By its number as the list shows it ("#r43"), among those still to moderate.
    expect(sent((await page(`?search=${encodeURIComponent(`#${karim.responses[0].id}`)}&show=pending`)).body)).toEqual([42]);
  });

  it('refuses a query it cannot read with BAD_REQUEST, and anyone without the admin token', async () => {
    for (const query of ['?page=0', '?page=two', '?show=everything', '?sort=name', '?page=1&page=2']) {
      const refused = await page(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code, query).toBe('BAD_REQUEST');
    }
    const anonymous = await fetch(`${server.url}/api/cycles/${cycleId}/responses`);
    expect(anonymous.status).toBe(401);
    expect((await http(server.url, 'GET', '/cycles/nope/responses')).body.error.code).toBe('CYCLE_NOT_FOUND');
  });
});
