import { describe, expect, it } from 'vitest';
import { http, tokenOf, useMeetingServer } from '../support/harness.js';

const suite = useMeetingServer();

describe('screen and viewer links carry their caption languages', () => {
  it('a screen link issued with two caption languages names them in its address, in the listing too, and opens the meeting', async () => {
    const { meetingId } = suite.meeting;
    const issued = await http(suite.server.url, 'POST', `/meetings/${meetingId}/links`, {
      role: 'screen',
      label: 'Hall screen',
      captions: ['ar', 'en'],
    });
    expect(issued.status).toBe(201);
    expect(issued.body.url).toMatch(new RegExp(`/m/${meetingId}/screen\\?captions=ar,en#token=[^&]+$`));

    const listed = await http(suite.server.url, 'GET', `/meetings/${meetingId}/links`);
    const link = listed.body.links.find((candidate: { id: string }) => candidate.id === issued.body.linkId);
    expect(link).toMatchObject({ role: 'screen', captions: ['ar', 'en'], url: issued.body.url });

    const screen = await suite.connect(tokenOf(issued.body.url));
    expect(screen.you).toMatchObject({ role: 'screen', linkId: issued.body.linkId });
  });

  it('a link without caption languages keeps its plain address', async () => {
    const issued = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/links`, { role: 'viewer' });
    expect(issued.status).toBe(201);
    expect(issued.body.url).toMatch(/\/viewer#token=[^&?]+$/);
  });

  it('caption languages on a chair link, two on a viewer link, or one the meeting lacks are refused and issue nothing', async () => {
    const { meetingId } = suite.meeting;
    const before = (await http(suite.server.url, 'GET', `/meetings/${meetingId}/links`)).body.links.length;
    const refusals = [
      [{ role: 'chair', captions: ['en'] }, 'BAD_REQUEST'],
      [{ role: 'viewer', captions: ['en', 'ar'] }, 'BAD_REQUEST'],
      [{ role: 'screen', captions: ['zh'] }, 'UNKNOWN_LANGUAGE'],
      [{ role: 'screen', captions: ['en', 'en'] }, 'BAD_REQUEST'],
    ] as const;
    for (const [body, code] of refusals) {
      const result = await http(suite.server.url, 'POST', `/meetings/${meetingId}/links`, body);
      expect(result.body.error.code, JSON.stringify(body)).toBe(code);
    }
    expect((await http(suite.server.url, 'GET', `/meetings/${meetingId}/links`)).body.links).toHaveLength(before);
  });
});
