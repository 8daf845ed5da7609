import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, http, removeDir, seedMeeting, startServer, tokenOf, type RunningServer } from '../support/harness.js';
import { defaultTimelineSettings } from '../../shared/timeline/timeline.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

const validMeeting = () => ({
  details: { title: 'Consultation', startsAt: Date.now(), endsAt: Date.now() + 3600_000 },
});

describe('secretariat API', () => {
  it('refuses every set-up request without the admin token', async () => {
    for (const token of [null, 'wrong-token-wrong-token-wrong']) {
      const list = await http(server.url, 'GET', '/meetings', undefined, token);
      expect(list.status).toBe(401);
      expect(list.body.error.code).toBe('UNAUTHORIZED');
      const create = await http(server.url, 'POST', '/meetings', validMeeting(), token);
      expect(create.status).toBe(401);
    }
  });

  it('creates a meeting in draft with the defaults filled in', async () => {
    const created = await http(server.url, 'POST', '/meetings', validMeeting());
    expect(created.status).toBe(201);
    const fetched = await http(server.url, 'GET', `/meetings/${created.body.meetingId}`);
    expect(fetched.body.state).toMatchObject({ status: 'draft', timeZone: 'UTC', languages: ['en'], speakingTimeLimitSec: 180 });
  });

  it('rejects invalid meetings with BAD_REQUEST naming the field', async () => {
    const cases = [
      { details: { ...validMeeting().details, timeZone: 'Mars/Olympus' } },
      { details: { ...validMeeting().details, endsAt: 0 } },
      { details: { ...validMeeting().details, languages: ['xx'] } },
      { details: { title: '' } },
    ];
    for (const body of cases) {
      const result = await http(server.url, 'POST', '/meetings', body);
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.code).toBe('BAD_REQUEST');
    }
    const timeZone = await http(server.url, 'POST', '/meetings', cases[0]);
    expect(timeZone.body.error.detail).toContain('timeZone');
  });

  it('answers malformed JSON with BAD_REQUEST and no stack trace', async () => {
    const result = await http(server.url, 'POST', '/meetings', '{"details": ');
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(result.body)).not.toContain('at ');
  });

  it('a topic update changes only the given fields', async () => {
    const meeting = await seedMeeting(server.url);
    const topicId = meeting.topicIds[0];
    await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, {
      type: 'topic:update',
      topicId,
      details: { description: 'New description' },
    });
    const fetched = await http(server.url, 'GET', `/meetings/${meeting.meetingId}`);
    const topic = fetched.body.state.topics.find((candidate: { id: string }) => candidate.id === topicId);
    expect(topic).toMatchObject({ title: 'Connectivity', proposedBy: 'Kenya', description: 'New description' });
  });

  it('a page following the meeting is told "not modified" while the seq it holds is current, and gets the meeting and its links again once anything changed', async () => {
    const created = await http(server.url, 'POST', '/meetings', validMeeting());
    const path = `${server.url}/api/meetings/${created.body.meetingId}`;
    const ask = (suffix: string, seq: number) => fetch(`${path}${suffix}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'if-none-match': `"${seq}"`, 'cache-control': 'no-cache' } });
    const seq = (await http(server.url, 'GET', `/meetings/${created.body.meetingId}`)).body.seq as number;
    for (const suffix of ['', '/links']) {
      const unchanged = await ask(suffix, seq);
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe('');
      expect((await ask(suffix, seq - 1)).status).toBe(200);
    }
    await http(server.url, 'POST', `/meetings/${created.body.meetingId}/commands`, { type: 'topic:add', details: { title: 'Open data' } });
    const changed = await ask('', seq);
    expect(changed.status).toBe(200);
    const body = await changed.json();
    expect(body.seq).toBe(seq + 1);
    expect(changed.headers.get('etag')).toBe(`"${seq + 1}"`);
    expect(body.state.topics.map((topic: { title: string }) => topic.title)).toEqual(['Open data']);
  });

  it("the secretariat's answers that grow with the meeting come gzipped when large and the client takes gzip, and as they are otherwise", async () => {
    const { meetingId } = await seedMeeting(server.url);
    const path = `${server.url}/api/meetings/${meetingId}`;
    const ask = (suffix: string, encoding: string) => fetch(`${path}${suffix}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-encoding': encoding } });
    // Two registrations: a few kilobytes, sent as they are.
    const small = await ask('', 'gzip');
    expect(small.headers.get('content-encoding')).toBeNull();
    for (let index = 0; index < 120; index += 1) {
      await http(server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName: `Registrant ${index}`, affiliation: 'Ministry of Communications', country: 'Kenya', stakeholderGroup: 'government', attendance: 'room' }, null);
    }
    for (const suffix of ['', '/links']) {
      const gzipped = await ask(suffix, 'gzip, deflate, br');
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(gzipped.headers.get('vary')).toMatch(/Accept-Encoding/i);
      const plain = await ask(suffix, 'identity');
      expect(plain.headers.get('content-encoding')).toBeNull();
      const [unpacked, asIs] = [await gzipped.json(), await plain.json()];
      expect(unpacked).toEqual(asIs);
      expect(JSON.stringify(asIs).length).toBeGreaterThan(32 * 1024);
    }
  });

  it('issues role links that open the page of their role', async () => {
    const meeting = await seedMeeting(server.url);
    const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'screen', label: 'Hall A' });
    expect(issued.status).toBe(201);
    expect(new URL(issued.body.url).pathname).toBe(`/m/${meeting.meetingId}/screen`);
    expect(tokenOf(issued.body.url).split('.')).toHaveLength(2);
    const refused = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'participant' });
    expect(refused.status).toBe(400);
  });
});

describe('public registration', () => {
  it('a registrant gets a personal participant link', async () => {
    const meeting = await seedMeeting(server.url);
    const result = await http(
      server.url,
      'POST',
      `/meetings/${meeting.meetingId}/registrations`,
      { displayName: 'Delegate of Brazil', stakeholderGroup: 'government', attendance: 'remote' },
      null,
    );
    expect(result.status).toBe(201);
    expect(new URL(result.body.url).pathname).toBe(`/m/${meeting.meetingId}/participant`);
    const info = await http(server.url, 'GET', `/meetings/${meeting.meetingId}/public`, undefined, null);
    expect(info.body).toMatchObject({ registrationOpen: true, status: 'open' });
  });

  it('registration is closed while the meeting is a draft', async () => {
    const created = await http(server.url, 'POST', '/meetings', validMeeting());
    const result = await http(
      server.url,
      'POST',
      `/meetings/${created.body.meetingId}/registrations`,
      { displayName: 'Early bird', stakeholderGroup: 'government', attendance: 'room' },
      null,
    );
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('REGISTRATION_CLOSED');
  });

  it('an unknown meeting is MEETING_NOT_FOUND', async () => {
    const result = await http(server.url, 'GET', '/meetings/nope/public', undefined, null);
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('MEETING_NOT_FOUND');
  });

  it('the consultation cycle is meeting data: saved in the log, kept across a restart, bad offsets refused', async () => {
    const created = await http(server.url, 'POST', '/meetings', validMeeting());
    const meetingId: string = created.body.meetingId;
    const fresh = await http(server.url, 'GET', `/meetings/${meetingId}`);
    expect(fresh.body.state.cycle).toEqual({
      settings: defaultTimelineSettings,
      previousGroupMeetingEnd: null,
      consultationLaunchedOn: null,
    });
    const cycle = {
      settings: { ...defaultTimelineSettings, launchWithinDays: 20 },
      previousGroupMeetingEnd: '2026-10-02',
      consultationLaunchedOn: '2026-10-30',
    };
    const saved = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'meeting:update',
      details: { cycle },
    });
    expect(saved.status).toBe(200);
    const refused = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'meeting:update',
      details: { cycle: { ...cycle, settings: { ...cycle.settings, physicalWithinDaysBefore: 0 } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.detail).toContain('physicalWithinDaysBefore');

    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      const after = await http(restarted.url, 'GET', `/meetings/${meetingId}`);
      expect(after.body.state.cycle).toEqual(cycle);
    } finally {
      await restarted.stop();
    }
  });
});

describe('links that last until the meeting', () => {
  const DAY = 24 * 3600_000;

  it('a role link issued two months ahead without a date lasts until the meeting ends plus the grace period', async () => {
    const startsAt = Date.now() + 63 * DAY;
    const created = await http(server.url, 'POST', '/meetings', {
      details: { title: 'February consultation', startsAt, endsAt: startsAt + 8 * 3600_000 },
    });
    const meetingId = created.body.meetingId;
    const issued = await http(server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'captioner', label: 'CART' });
    expect(issued.status).toBe(201);
    const listed = await http(server.url, 'GET', `/meetings/${meetingId}/links`);
    const link = listed.body.links.find((candidate: { id: string }) => candidate.id === issued.body.linkId);
    // The test server's LINK_GRACE_HOURS is 24.
    expect(link.expiresAt).toBe(startsAt + 8 * 3600_000 + DAY);
    expect(link.url).toBe(issued.body.url);
  });

  it('a meeting may set its own grace period; moving its end moves the links that follow it', async () => {
    const startsAt = Date.now() + 10 * DAY;
    const created = await http(server.url, 'POST', '/meetings', {
      details: { title: 'Consultation', startsAt, endsAt: startsAt + 3600_000, linkGraceHours: 2 },
    });
    const meetingId = created.body.meetingId;
    await http(server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'chair' });
    const expiryOfChair = async () =>
      (await http(server.url, 'GET', `/meetings/${meetingId}/links`)).body.links.find((link: { role: string }) => link.role === 'chair')
        .expiresAt;
    expect(await expiryOfChair()).toBe(startsAt + 3 * 3600_000);
    await http(server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'meeting:update',
      details: { endsAt: startsAt + 2 * DAY },
    });
    expect(await expiryOfChair()).toBe(startsAt + 2 * DAY + 2 * 3600_000);
  });

  it('renewing a link that expires before the meeting keeps its address working', async () => {
    const meeting = await seedMeeting(server.url);
    const issued = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, {
      role: 'viewer',
      expiresAt: Date.now() + 3600_000,
    });
    const renewed = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, {
      type: 'link:renew',
      linkId: issued.body.linkId,
    });
    expect(renewed.status).toBe(200);
    const listed = await http(server.url, 'GET', `/meetings/${meeting.meetingId}/links`);
    const link = listed.body.links.find((candidate: { id: string }) => candidate.id === issued.body.linkId);
    const state = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
    expect(link.expiresAt).toBe(state.endsAt + DAY);
    expect(link.url).toBe(issued.body.url);
  });
});

describe('registration refusals name the field to fix', () => {
  const register = (meetingId: string, body: unknown) =>
    http(server.url, 'POST', `/meetings/${meetingId}/registrations`, body, null);

  it('a blank name is NAME_REQUIRED, a missing stakeholder group STAKEHOLDER_GROUP_REQUIRED, a bad address EMAIL_INVALID', async () => {
    const meeting = await seedMeeting(server.url);
    const valid = { displayName: 'Delegate of Chile', stakeholderGroup: 'government', attendance: 'room' };
    const cases: [unknown, string][] = [
      [{ ...valid, displayName: '   ' }, 'NAME_REQUIRED'],
      [{ ...valid, displayName: undefined }, 'NAME_REQUIRED'],
      [{ ...valid, stakeholderGroup: undefined }, 'STAKEHOLDER_GROUP_REQUIRED'],
      [{ ...valid, stakeholderGroup: '' }, 'STAKEHOLDER_GROUP_REQUIRED'],
      [{ ...valid, email: 'not an address' }, 'EMAIL_INVALID'],
    ];
    for (const [body, code] of cases) {
      const result = await register(meeting.meetingId, body);
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.code, JSON.stringify(body)).toBe(code);
    }
    const state = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
    expect(state.participants).toHaveLength(2);
  });

  it('registering again under the same name and affiliation is flagged first, and accepted when the registrant goes on', async () => {
    const meeting = await seedMeeting(server.url);
    // seedMeeting registered "Amina Civil" of "Ministry".
    const again = { displayName: ' amina  CIVIL', affiliation: 'ministry ', stakeholderGroup: 'civil_society', attendance: 'remote' };
    const flagged = await register(meeting.meetingId, again);
    expect(flagged.status).toBe(409);
    expect(flagged.body.error.code).toBe('DUPLICATE_REGISTRATION');
    expect((await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state.participants).toHaveLength(2);

    const confirmed = await register(meeting.meetingId, { ...again, confirmDuplicate: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ duplicate: true, emailed: false });
    const other = await register(meeting.meetingId, { ...again, affiliation: 'Another NGO' });
    expect(other.status).toBe(201);
    expect(other.body.duplicate).toBe(false);
  });

  it('without SMTP the page is told there is no e-mail, and "send my link again" says so', async () => {
    const meeting = await seedMeeting(server.url);
    const info = await http(server.url, 'GET', `/meetings/${meeting.meetingId}/public`, undefined, null);
    expect(info.body.mail).toBe(false);
    const resend = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/registrations/resend`, { email: 'a@example.org' }, null);
    expect(resend.status).toBe(503);
    expect(resend.body.error.code).toBe('MAIL_UNAVAILABLE');
  });

  it('a draft meeting is not public: its information and registration answer as if it did not exist', async () => {
    const created = await http(server.url, 'POST', '/meetings', validMeeting());
    const meetingId: string = created.body.meetingId;
    const draft = await http(server.url, 'GET', `/meetings/${meetingId}/public`, undefined, null);
    expect(draft.status).toBe(404);
    expect(draft.body.error.code).toBe('MEETING_NOT_FOUND');
    await http(server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to: 'scheduled' });
    const scheduled = await http(server.url, 'GET', `/meetings/${meetingId}/public`, undefined, null);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ id: meetingId, status: 'scheduled', registrationOpen: true });
  });
});
