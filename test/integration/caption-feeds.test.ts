import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamTextEvent } from '../support/streamtext.js';
import { SILENT_TAKEOVER_MS } from '../../server/captions/tcp-realtime.js';
import { startBlackholeProxy } from '../support/blackhole-proxy.js';
import { http, seedMeeting, startServer, stopServer, waitFor, type RunningServer, type SeededMeeting } from '../support/harness.js';

const QUIET_MS = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: RunningServer | undefined;
let streamText: StreamTextEvent | undefined;
afterEach(async () => {
  await stopServer(server);
  server = undefined;
  await streamText?.stop();
  streamText = undefined;
});

const words = (stream: { lines: { text: string }[]; tail: { text: string } } | null) =>
  stream ? [...stream.lines.map((line) => line.text), stream.tail.text].join(' ').split(/\s+/).filter(Boolean) : [];

describe('StreamText event pull', () => {
  it('pulls the event into the stream through outages, slow replies and restarts of either side: no gaps, no doubles', async () => {
    streamText = new StreamTextEvent('ITU-OC-2026', 'en');
    const baseUrl = await streamText.start();
    const options = { captionQuietMs: QUIET_MS, streamText: { baseUrl, pollMs: 50, timeoutMs: 300 } };
    server = await startServer(options);
    const meeting: SeededMeeting = await seedMeeting(server.url);
    const configured = await http(server.url, 'PUT', `/captions/meetings/${meeting.meetingId}/pulls/en`, { event: 'ITU-OC-2026', streamTextLanguage: 'en' });
    expect(configured.status).toBe(200);
    const expected: string[] = [];
    const say = (text: string) => {
      streamText!.text += text;
      expected.push(...text.split(/\s+/).filter(Boolean));
    };
    const stream = () => server!.app.captions.fullStream(meeting.meetingId, 'en');
    // Lines are delivered whole, so the test waits for the text to be followed by a line end.
    const caughtUp = (what: string) => waitFor(() => words(stream()).join(' ') === expected.join(' '), what, 8000);

    say('Five score years ago, a great American, in whose symbolic shadow we stand today, signed the proclamation.\n');
    await caughtUp('the first paragraph');

    // StreamText goes down; the captioner keeps writing into the event; it comes back.
    await streamText.stop();
    say('This momentous decree came as a great beacon light of hope to millions.\n');
    await waitFor(() => server!.app.streamTextPulls.healthOf(meeting.meetingId)[0]?.error !== null, 'the outage to show in the pull health');
    await streamText.start(streamText.port);
    await caughtUp('the text written during the outage');

    // Slow replies are abandoned after the timeout and the same position asked again.
    streamText.slowReplies = 3;
    streamText.slowMs = 500;
    say('It came as a joyous daybreak to end the long night of their captivity.\n');
    await caughtUp('the text behind slow replies');

    // OpenFloor restarts; the event goes on meanwhile.
    await server.stop();
    say('But one hundred years later, the Negro still is not free.\n');
    server = await startServer({ ...options, dataDir: server.dataDir });
    await caughtUp('the text written while OpenFloor was down');

    const health = server.app.streamTextPulls.healthOf(meeting.meetingId)[0]!;
    expect(health).toMatchObject({ event: 'ITU-OC-2026', language: 'en', error: null, failingSince: null });
    expect(health.lastTextAt).not.toBeNull();
    expect(health.lagMs).toBeGreaterThanOrEqual(0);
    // Attributed like any seat: the lines are written by the StreamText feed.
    expect(new Set(stream()!.lines.map((line) => line.writer))).toEqual(new Set(['streamtext-en']));
    const desk = await fetch(`${server.url}/api/captions/desk?token=${meeting.tokens.chair}`).then((response) => response.json());
    expect(desk.pulls[0]).toMatchObject({ event: 'ITU-OC-2026', error: null });
  }, 30_000);
});

/**
 * A CAT program's realtime output over TCP in "ANSI" (plain text) mode, as Eclipse, Case
 * CATalyst and StenoCAT document their realtime connections and as the StreamText Connector
 * bridges it: the program connects to the address and port it was given and writes the text as
 * it is translated, a backspace byte (0x08) for each character it takes back on a correction,
 * CR LF at a new paragraph; it reconnects if the connection drops.
 */
class CatRealtimeOutput {
  private socket: Socket | null = null;
  constructor(private readonly host: string, private readonly port: number) {}

  async connect(): Promise<void> {
    this.socket = await new Promise<Socket>((resolve, reject) => {
      const socket = connect(this.port, this.host, () => resolve(socket));
      socket.once('error', reject);
    });
  }

  async write(bytes: Buffer | string): Promise<void> {
    await new Promise<void>((resolve, reject) => this.socket!.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  drop(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** A server taking TCP realtime, a seeded meeting, and the listener its captioner's seat opened for English. */
async function seatWithListener() {
  server = await startServer({ captionQuietMs: QUIET_MS, captionTcpPorts: { from: 0, to: 0 } });
  const meeting = await seedMeeting(server.url);
  const open = await fetch(`${server.url}/api/captions/tcp?token=${meeting.tokens.captioner}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ language: 'en', open: true }),
  }).then((response) => response.json());
  return { meeting, open };
}

describe('TCP realtime from a CAT program', () => {
  it('writes what the program sends, backspaces as erasures, through disconnects; one connection at a time; closed with the seat', async () => {
    const { meeting, open } = await seatWithListener();
    expect(open.listener.host).toBe('127.0.0.1');
    const cat = new CatRealtimeOutput(open.listener.host, open.listener.port);
    await cat.connect();
    const stream = () => server!.app.captions.fullStream(meeting.meetingId, 'en');

    await cat.write('Good mornign');
    await cat.write(Buffer.from([0x08, 0x08]));
    await cat.write('ng, colleagues.\r\nWe begin with item 3');
    await waitFor(() => stream()?.tail.text === 'We begin with item 3', 'the text before the disconnect');
    // The connection drops in the middle of a two-byte character: that character is lost with
    // the connection, never written half.
    const e = Buffer.from('é');
    await cat.write(Buffer.concat([Buffer.from(', the r'), e.subarray(0, 1)]));
    await sleep(50);
    cat.drop();
    await sleep(50);

    // A second program is turned away while one is connected.
    await cat.connect();
    const intruder = new CatRealtimeOutput(open.listener.host, open.listener.port);
    await intruder.connect();
    await intruder.write('INTRUDER ');
    await cat.write('\x08\x08\x08\x08\x08\x08\x08 and the report.\r\n');
    await waitFor(() => stream()?.lines.length === 2, 'the second line');
    expect(stream()!.lines.map((line) => line.text)).toEqual(['Good morning, colleagues.', 'We begin with item 3 and the report.']);
    expect(stream()!.tail.text).toBe('');

    // Revoking the seat closes its listener.
    const links = await http(server!.url, 'GET', `/meetings/${meeting.meetingId}/links`);
    const seat = links.body.links.find((link: { role: string }) => link.role === 'captioner');
    await http(server!.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'link:revoke', linkId: seat.id });
    await waitFor(() => server!.app.captionTcp.listenersOf(meeting.meetingId).length === 0, 'the listener to close');
    await expect(new CatRealtimeOutput(open.listener.host, open.listener.port).connect()).rejects.toThrow();
  });

  it("a program whose connection the network dropped without a word gets its seat back on reconnecting once the dead connection has been silent a few seconds; while one writes, another is still turned away", async () => {
    const { meeting, open } = await seatWithListener();
    // The captioner's laptop reaches the server through a network that can drop a flow unheard.
    const network = await startBlackholeProxy(`tcp://${open.listener.host}:${open.listener.port}`);
    const { hostname, port } = new URL(network.url);
    const stream = () => server!.app.captions.fullStream(meeting.meetingId, 'en');
    try {
      const cat = new CatRealtimeOutput(hostname, Number(port));
      await cat.connect();
      await cat.write('Good morning, colleagues.\r\n');
      await waitFor(() => stream()?.lines.length === 1, 'the first line');
      const writingUntil = Date.now();
      expect(network.blackhole(/./), "the program's connection is dropped unheard").toBe(1);

      // The program reconnects at once: the dead connection was heard from a moment ago, and holds the seat.
      const early = new CatRealtimeOutput(hostname, Number(port));
      await early.connect();
      await early.write('TOO EARLY ');
      await sleep(300);
      expect(stream()!.tail.text).toBe('');

      // Its next attempt, once the dead connection has been silent long enough, takes the seat.
      await sleep(Math.max(0, SILENT_TAKEOVER_MS - (Date.now() - writingUntil)) + 200);
      const back = new CatRealtimeOutput(hostname, Number(port));
      await back.connect();
      await back.write('We begin with item 3.\r\n');
      await waitFor(() => stream()?.lines.length === 2, 'the line written after the reconnection');
      expect(stream()!.lines.map((line) => line.text)).toEqual(['Good morning, colleagues.', 'We begin with item 3.']);

      // Another program while this one writes is still turned away.
      const intruder = new CatRealtimeOutput(hostname, Number(port));
      await intruder.connect();
      await intruder.write('INTRUDER ');
      await back.write('Kenya has the floor.\r\n');
      await waitFor(() => stream()?.lines.length === 3, 'the third line');
      expect(stream()!.lines.map((line) => line.text).at(-1)).toBe('Kenya has the floor.');
      for (const program of [early, back, intruder]) program.drop();
    } finally {
      await network.close();
    }
  });

  it('is off unless ports are configured', async () => {
    server = await startServer({ captionQuietMs: QUIET_MS });
    const meeting = await seedMeeting(server.url);
    const response = await fetch(`${server.url}/api/captions/tcp?token=${meeting.tokens.captioner}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', open: true }),
    });
    expect(response.status).toBe(400);
  });
});
