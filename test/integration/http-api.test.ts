import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, removeDir, seedMeeting, startServer, tokenOf, type RunningServer } from '../support/harness.js';
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
