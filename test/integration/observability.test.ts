import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, redact, useLogger } from '../../server/observability/log.js';
import { CAPTION_EVENTS_PATH } from '../../shared/protocol/captions.js';
import { MEETING_EVENTS_PATH } from '../../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { MirrorClient, seedMeeting, startServer, stopServer, waitFor, ADMIN_TOKEN, type RunningServer } from '../support/harness.js';

let server: RunningServer | undefined;
const clients: MirrorClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await stopServer(server);
  server = undefined;
});

/** The server's JSON log lines from now on, as an operator's collector would receive them. */
function collectLogs(): { lines: () => Record<string, unknown>[]; text: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  useLogger(createLogger({ level: 'info', destination }));
  return { text: () => text, lines: () => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

describe('structured logs', () => {
  it('tokens in query strings, Authorization headers and link tokens never reach the log; requests carry ids and meeting ids', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const logs = collectLogs();
    const ingest = `${server.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}&seq=1&lang=en-US`;
    expect((await fetch(ingest, { method: 'POST', body: 'Good morning ' })).status).toBe(200);
    // A refused ingest (wrong seq) and a failing secretariat request are logged too.
    await fetch(ingest, { method: 'POST', body: 'again ' });
    await fetch(`${server.url}/api/meetings/${meeting.meetingId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'probe-1' } });
    await fetch(`${server.url}/api/meetings/${meeting.meetingId}/commands`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: '{"type":' });
    await waitFor(() => logs.lines().filter((line) => line.msg === 'request').length >= 4, 'four access-log lines');

    const text = logs.text();
    for (const secret of [meeting.tokens.captioner, ADMIN_TOKEN]) expect(text).not.toContain(secret);
    const requests = logs.lines().filter((line) => line.msg === 'request');
    expect(requests[0]).toMatchObject({ method: 'POST', status: 200, meetingId: meeting.meetingId, url: expect.stringContaining('token=[redacted]') });
    expect(requests.find((line) => line.reqId === 'probe-1')).toMatchObject({ method: 'GET', status: 200, meetingId: meeting.meetingId });
    expect(requests.at(-1)).toMatchObject({ status: 400, errorCode: 'BAD_REQUEST', reqId: expect.any(String) });
  });

  it('an event stream, served before the rest of the routes, has its access-log line too: its id, its meeting, its refusal code, no token', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const logs = collectLogs();
    const opened = new AbortController();
    const stream = await fetch(`${server.url}${CAPTION_EVENTS_PATH}?token=${meeting.tokens.viewer}&lang=en`, { headers: { 'x-request-id': 'reader-1' }, signal: opened.signal });
    expect(stream.headers.get('x-request-id')).toBe('reader-1');
    opened.abort();
    const refused = await fetch(`${server.url}${MEETING_EVENTS_PATH}?v=${PROTOCOL_VERSION}`, { headers: { authorization: `Bearer ${meeting.tokens.viewer}x` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toEqual(expect.any(String));
    await waitFor(() => logs.lines().filter((line) => line.msg === 'request').length >= 2, 'both streams logged');

    expect(logs.text()).not.toContain(meeting.tokens.viewer);
    const requests = logs.lines().filter((line) => line.msg === 'request');
    expect(requests.find((line) => line.reqId === 'reader-1')).toMatchObject({ method: 'GET', status: 200, meetingId: meeting.meetingId, ip: '127.0.0.1', url: expect.stringContaining('token=[redacted]') });
    expect(requests.find((line) => line.reqId !== 'reader-1')).toMatchObject({ status: 401, errorCode: 'UNAUTHORIZED', url: expect.stringContaining(MEETING_EVENTS_PATH) });
  });

  it('redaction covers every way a credential can sit in a string', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJtIjoiZGVtbyJ9.c2lnbmF0dXJl';
    const line = redact(`POST /closedcaption?seq=3&token=${jwt}&lang=en GET /m/x/chair#token=abc.def Authorization: Bearer s3cr3t-admin ${jwt} /setup#admin=xyz`);
    expect(line).not.toMatch(/eyJ|abc\.def|s3cr3t|xyz/);
    expect(line).toContain('seq=3&token=[redacted]&lang=en');
  });

  it('the level comes from configuration', () => {
    let text = '';
    const destination = new Writable({ write: (chunk, _e, done) => ((text += chunk.toString()), done()) });
    const logger = createLogger({ level: 'warn', destination });
    logger.info('not shown');
    logger.warn('shown');
    expect(text).not.toContain('not shown');
    expect(text).toContain('shown');
  });
});

describe('Prometheus metrics', () => {
  it('/metrics answers only the admin token or METRICS_TOKEN, never a meeting link', async () => {
    const metricsToken = 'metrics-token-0123456789abcdefghij';
    server = await startServer({ env: { METRICS_TOKEN: metricsToken } });
    const meeting = await seedMeeting(server.url);
    const scrape = (token?: string) => fetch(`${server!.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    for (const token of [undefined, meeting.tokens.chair, 'wrong-token']) {
      const refused = await scrape(token);
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.code).toBe('UNAUTHORIZED');
    }
    expect((await scrape(ADMIN_TOKEN)).status).toBe(200);
    expect((await scrape(metricsToken)).status).toBe(200);
  });

  it('counts connections by role, commands and errors by code, caption deltas in and out, log appends and event-loop delay', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const chair = new MirrorClient(server.url, meeting.tokens.chair);
    const viewer = new MirrorClient(server.url, meeting.tokens.viewer);
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    clients.push(chair, viewer, captioner);
    await Promise.all(clients.map((client) => client.ready()));
    expect(await viewer.send('caption:subscribe', { language: 'en' })).toMatchObject({ ok: true });
    expect(await captioner.send('caption:write', { language: 'en', erase: 0, text: 'Hello ' })).toMatchObject({ ok: true });
    expect(await viewer.send('queue:close', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const body = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    for (const role of ['chair', 'viewer', 'captioner']) expect(body).toMatch(new RegExp(`openfloor_connections\\{role="${role}"\\} 1`));
    expect(body).toMatch(/openfloor_commands_total\{transport="socket",name="caption:write",outcome="ok"\} 1/);
    expect(body).toMatch(/openfloor_commands_total\{transport="socket",name="queue:close",outcome="FORBIDDEN"\} 1/);
    expect(body).toMatch(/openfloor_errors_total\{code="FORBIDDEN"\} 1/);
    expect(body).toMatch(/openfloor_caption_deltas_total\{direction="in"\} 1/);
    expect(body).toMatch(/openfloor_caption_deltas_total\{direction="out"\} [1-9]/);
    expect(body).toMatch(/openfloor_log_append_seconds_count\{outcome="ok"\} [1-9]/);
    expect(body).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
    expect(body).toMatch(/openfloor_commands_total\{transport="http",name="POST",outcome="ok"\} [1-9]/);

    // A connection that ends is no longer counted; the others still are.
    viewer.close();
    await waitFor(async () => {
      const after = await (await fetch(`${server!.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      return /openfloor_connections\{role="viewer"\} 0/.test(after) && /openfloor_connections\{role="chair"\} 1/.test(after);
    }, 'the closed viewer uncounted');
  });
});
