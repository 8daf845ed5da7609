import { afterEach, describe, expect, it } from 'vitest';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy.js';
import { http, MirrorClient, seedMeeting, startServer, stopServer, until, type RunningServer } from '../support/harness.js';

/**
 * A phone on the venue's Wi-Fi roams to another access point, or a mobile network moves it to
 * a new address: its connection is gone without a word, no reset and no FIN reach either end.
 * The page must notice, say so, and come back by itself with what it missed, in the time a
 * person reading live captions would still call a hiccup; it must not sit there as connected.
 */
let server: RunningServer | undefined;
let proxy: BlackholeProxy | undefined;
const clients: MirrorClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await proxy?.close();
  proxy = undefined;
  await stopServer(server);
  server = undefined;
});

describe('a connection the network drops without a word', () => {
  it('is noticed by the page within 30 s of the last sign of life (Socket.IO took 45), and the page comes back by itself on a new connection with the change made meanwhile', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    proxy = await startBlackholeProxy(server.url);
    const page = new MirrorClient(proxy.url, meeting.participants.room.token, { reconnect: true });
    clients.push(page);
    await page.ready();
    // Cut just after a sign of life (the server's ping), so the wait measured is the whole of it.
    await new Promise<void>((resolve) => page.socket.io.engine.once('ping', () => resolve()));
    const cutAt = Date.now();
    expect(proxy.blackhole(/EIO=4/), "the page's connection is cut off").toBe(1);
    const changed = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'queue:close' });
    expect(changed.status).toBe(200);
    await until(async () => (page.drops.length > 0 ? true : null), 'the page to notice its connection is gone', 40_000, 100);
    const noticedAfterMs = Date.now() - cutAt;
    expect(page.drops[0]).toMatch(/ping timeout/);
    expect(noticedAfterMs, 'noticed within the ping interval and timeout (10 s + 20 s), with a margin for a busy machine').toBeLessThan(38_000);
    await until(async () => (page.state?.topics.find((topic) => topic.id === page.state?.currentTopicId)?.listClosed ? true : null), 'the page to come back with the list closed', 15_000, 100);
  }, 80_000);
});
