import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, seedMeeting, startServer, type RunningServer, type SeededMeeting } from '../support/harness.js';

/**
 * Every response carries the security headers a public meeting on the open internet needs: a
 * strict Content-Security-Policy (no inline script anywhere; the archive's one inline style
 * sheet by its hash), no framing but the caption overlay, no referrer, nosniff, HSTS, COOP/CORP
 * and a Permissions-Policy that allows only microphone and camera.
 */
let server: RunningServer;
let meeting: SeededMeeting;
beforeAll(async () => {
  server = await startServer();
  meeting = await seedMeeting(server.url);
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

const directives = (policy: string | null) =>
  new Map((policy ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((part) => part[0]).map(([name, ...values]) => [name!, values]));

describe('security headers', () => {
  it('pages, API answers and assets carry the strict policy and the other headers', async () => {
    for (const path of ['/', `/m/${meeting.meetingId}/chair`, `/m/${meeting.meetingId}/register`, `/api/meetings/${meeting.meetingId}/public`, '/setup']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('base-uri'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security'), path).toMatch(/max-age=\d{7,}/);
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(response.headers.get('permissions-policy'), path).toMatch(/microphone=\(self\).*geolocation=\(\)/);
      expect(response.headers.get('x-powered-by'), path).toBeNull();
      await response.arrayBuffer();
    }
  });

  it('the caption overlay may be framed by production tools; nothing else may', async () => {
    const overlay = await fetch(`${server.url}/m/${meeting.meetingId}/overlay?lines=2`);
    expect(directives(overlay.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(['*']);
    const screen = await fetch(`${server.url}/m/${meeting.meetingId}/screen`);
    expect(directives(screen.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it("the archive's pages allow exactly their own inline style sheet, by hash", async () => {
    const response = await fetch(`${server.url}/archive/`);
    const html = await response.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
    expect(styles).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`;
    expect(directives(response.headers.get('content-security-policy')).get('style-src')).toEqual(["'self'", hash]);
    expect(html).not.toMatch(/<script/i);
  });
});
