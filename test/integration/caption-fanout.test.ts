import { io as connectClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyCaption } from '../../shared/captions/stream.js';
import type { CaptionLogEntry, CaptionStream } from '../../shared/captions/model.js';
import type { CaptionCatchUp } from '../../shared/protocol/captions.js';
import type { Ack } from '../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { textFrame } from '../../server/realtime/fan-out.js';
import { captionRoom } from '../../server/realtime/room-names.js';
import { MirrorClient, removeDir, seedMeeting, startServer, type RunningServer, type SeededMeeting, waitFor, within } from '../support/harness.js';

let server: RunningServer;
let meeting: SeededMeeting;
const sockets: Socket[] = [];
const mirrors: MirrorClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});
beforeEach(async () => {
  meeting = await seedMeeting(server.url);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const mirror of mirrors.splice(0)) mirror.close();
});

/** A caption viewer on whichever transports it is given, rebuilding the stream from broadcasts. */
class CaptionViewer {
  readonly socket: Socket;
  stream: CaptionStream | null = null;
  seq = 0;
  readonly problems: string[] = [];
  /** Every event in arrival order, to check what overtook what. */
  readonly events: string[] = [];

  constructor(token: string, transports: ('polling' | 'websocket')[]) {
    this.socket = connectClient(server.url, {
      auth: { protocolVersion: PROTOCOL_VERSION, token },
      transports,
      reconnection: false,
      forceNew: true,
    });
    sockets.push(this.socket);
    this.socket.onAny((event: string) => this.events.push(event));
    this.socket.on('caption:changed', ({ entry }: { language: string; entry: CaptionLogEntry }) => this.apply(entry));
  }

  private apply(entry: CaptionLogEntry): void {
    if (!this.stream) return void this.problems.push(`entry ${entry.seq} before the snapshot`);
    if (entry.seq !== this.seq + 1) return void this.problems.push(`have ${this.seq}, got ${entry.seq}`);
    const result = applyCaption(this.stream, entry.command, { actor: entry.actor, now: entry.at });
    if (!result.ok) return void this.problems.push(`entry ${entry.seq}: ${result.error.code}`);
    this.stream = result.value.stream;
    this.seq = entry.seq;
  }

  async follow(): Promise<void> {
    const ack: Ack<CaptionCatchUp> = await this.socket.timeout(5000).emitWithAck('caption:subscribe', { language: 'en' });
    if (!ack.ok || ack.value.kind !== 'snapshot') throw new Error(`subscribe: ${JSON.stringify(ack)}`);
    this.stream = ack.value.snapshot.stream;
    this.seq = ack.value.snapshot.seq;
  }

  /** Resolves once the viewer has applied `seq` (polls; no timing is asserted, only a bound). */
  reach(seq: number): Promise<void> {
    return waitFor(() => this.seq >= seq || this.problems.length > 0, `raw viewer at caption seq ${seq}`, 20_000);
  }
}

const lastSeq = () => server.app.captions.entriesSince(meeting.meetingId, 'en', 0)?.at(-1)?.seq ?? 0;

describe('caption fan-out', () => {
  it('long-polling, upgrading and WebSocket viewers all rebuild the same stream, in order, with no gap', async () => {
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    mirrors.push(captioner);
    await captioner.ready();
    const viewers = [
      new CaptionViewer(meeting.tokens.viewer, ['polling']),
      new CaptionViewer(meeting.tokens.viewer, ['websocket']),
      new CaptionViewer(meeting.tokens.viewer, ['polling', 'websocket']),
    ];
    // The upgrading viewer subscribes over polling and switches to WebSocket while deltas flow.
    await Promise.all(viewers.map((viewer) => viewer.follow()));
    for (let index = 0; index < 60; index += 1) {
      const text = index % 7 === 6 ? `word${index}\n` : `word${index} `;
      const ack = await captioner.send('caption:write', { language: 'en', erase: index % 5 === 4 ? 1 : 0, text });
      expect(ack.ok).toBe(true);
    }
    const expected = server.app.captions.fullStream(meeting.meetingId, 'en')!;
    for (const viewer of viewers) {
      await viewer.reach(lastSeq());
      expect(viewer.problems).toEqual([]);
      expect(viewer.stream!.tail).toEqual(expected.tail);
      expect(viewer.stream!.lines).toEqual(expected.lines.slice(-viewer.stream!.lines.length));
      expect(viewer.stream!.lineCount).toBe(expected.lineCount);
    }
    expect(viewers[0]!.socket.io.engine.transport.name).toBe('polling');
    expect(viewers[2]!.socket.io.engine.transport.name).toBe('websocket');
  });

  it('a broadcast never overtakes what the server already queued for that connection', async () => {
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    mirrors.push(captioner);
    await captioner.ready();
    await captioner.send('caption:write', { language: 'en', erase: 0, text: 'claim the seat ' });
    const viewers = [new CaptionViewer(meeting.tokens.viewer, ['websocket']), new CaptionViewer(meeting.tokens.viewer, ['polling'])];
    await Promise.all(viewers.map((viewer) => viewer.follow()));
    const writer = { kind: 'captioner', linkId: captioner.you!.linkId } as const;
    const writes = [];
    for (const viewer of viewers) {
      const serverSide = server.app.io.of('/').sockets.get(viewer.socket.id!)!;
      // Within one tick: a direct emit is still being written when the broadcast follows it.
      (serverSide as unknown as { emit(event: string, value: number): void }).emit('test:marker', 1);
      (serverSide as unknown as { emit(event: string, value: number): void }).emit('test:marker', 2);
      writes.push(server.app.captions.write(meeting.meetingId, 'en', writer, { type: 'caption:write', erase: 0, text: 'after the markers' }));
      // Committed at once (not after the group-commit window), so the broadcast follows in this tick.
      server.app.registry.commits.flush();
    }
    await Promise.all(writes);
    for (const viewer of viewers) {
      await viewer.reach(lastSeq());
      expect(viewer.problems).toEqual([]);
      const markers = viewer.events.flatMap((event, index) => (event === 'test:marker' ? [index] : []));
      const captionsAfter = viewer.events.slice(markers.at(-1)! + 1).filter((event) => event === 'caption:changed');
      expect(markers).toHaveLength(2);
      // Each viewer's own markers precede both broadcasts made after them.
      expect(captionsAfter.length).toBeGreaterThanOrEqual(viewers.indexOf(viewer) === 0 ? 2 : 1);
    }
  });

  it('a viewer gets exactly the broadcasts made while it follows the stream: joining and leaving between deltas is seen at the next one', async () => {
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    mirrors.push(captioner);
    await captioner.ready();
    const texts = new Map<CaptionViewer, string[]>();
    const viewer = () => {
      const made = new CaptionViewer(meeting.tokens.viewer, ['websocket']);
      texts.set(made, []);
      made.socket.on('caption:changed', ({ entry }: { entry: CaptionLogEntry }) => {
        if (entry.command.type === 'caption:write') texts.get(made)!.push(entry.command.text);
      });
      return made;
    };
    const write = async (text: string) => expect((await captioner.send('caption:write', { language: 'en', erase: 0, text })).ok).toBe(true);
    const early = viewer();
    await early.follow();
    await write('one ');
    await early.reach(lastSeq());
    const late = viewer();
    await late.follow();
    await write('two ');
    await Promise.all([early.reach(lastSeq()), late.reach(lastSeq())]);
    early.socket.emit('caption:unsubscribe', { language: 'en' });
    const room = server.app.io.of('/').adapter.rooms.get(captionRoom(meeting.meetingId, 'en'));
    await waitFor(() => !room?.has(early.socket.id!), 'the early viewer to leave the English caption room');
    await write('three ');
    await late.reach(lastSeq());
    // Anything sent to the early viewer after it left would have arrived before this round trip.
    await early.socket.timeout(5000).emitWithAck('meeting:sync', {});
    expect(texts.get(early)).toEqual(['one ', 'two ']);
    expect(texts.get(late)).toEqual(['two ', 'three ']);
    expect([...early.problems, ...late.problems]).toEqual([]);
  });

  it('raw WebSocket viewers decode the direct frames, short and long', async () => {
    const url = `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const raw = new WebSocket(url);
    const texts: string[] = [];
    await within(new Promise<void>((resolve, reject) => {
      raw.on('error', reject);
      raw.on('message', (data: Buffer) => {
        const message = data.toString();
        if (message.startsWith('0{')) raw.send(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token: meeting.tokens.viewer })}`);
        else if (message.startsWith('40{')) raw.send('420["caption:subscribe",{"language":"en"}]');
        else if (message.startsWith('430[')) resolve();
        else if (message.startsWith('42["caption:changed"')) {
          const { command } = JSON.parse(message.slice(2))[1].entry;
          if (command.type === 'caption:write') texts.push(command.text);
        }
      });
    }), 'the raw socket to join the meeting and follow English captions');
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    mirrors.push(captioner);
    await captioner.ready();
    // Around the 126-byte and 64 KiB frame-length boundaries of RFC 6455 (4000 é = 8000 bytes).
    const sent = ['a', 'b'.repeat(40), 'c'.repeat(120), 'é'.repeat(4000), 'd'.repeat(4000)];
    for (const text of sent) expect((await captioner.send('caption:write', { language: 'en', erase: 0, text })).ok).toBe(true);
    await waitFor(() => texts.length >= sent.length, `${sent.length} caption frames on the raw socket`);
    raw.terminate();
    expect(texts).toEqual(sent);
  });
});

describe('textFrame', () => {
  it('builds the same bytes as ws for every length class', () => {
    for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const payload = 'x'.repeat(length);
      const expected = Buffer.concat(
        (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender.frame(Buffer.from(payload), {
          fin: true,
          opcode: 1,
          mask: false,
          readOnly: false,
          rsv1: false,
        }),
      );
      expect(textFrame(payload).equals(expected)).toBe(true);
    }
  });
});
