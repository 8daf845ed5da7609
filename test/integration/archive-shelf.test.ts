import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import { PdfPrinter } from '../../server/archive/pdf.js';
import { ArchiveRenderer } from '../../server/archive/renderer.js';
import { ArchiveService } from '../../server/archive/service.js';
import { ArchiveAudio } from '../../server/recorder/archive-audio.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { SHELF_VERSION } from '../../server/archive/shelf.js';
import type { LogStore } from '../../server/storage/log.js';
import { rawRequest } from '../support/raw-http.js';
import { accepted, http, MirrorClient, removeDir, seedMeeting, startServer, waitFor, type RunningServer, type SeededMeeting } from '../support/harness.js';

/**
 * A crawler reading years of archived meetings must not grow a node's memory: each meeting's
 * files are rendered once onto the shelf on disk and served from there, by every later process.
 */
let server: RunningServer;
let meeting: SeededMeeting;
let recordReads = 0;
const FILES = ['record-en.html', 'record-ar.html', 'speakers-en.csv', 'transcript-en.vtt', 'transcript-ar.txt', 'record.json', 'bundle.zip'];

/** The server's store, counting reads of the meeting's stored record. */
const countingRecordReads = (store: LogStore): LogStore =>
  new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readDocument') return Reflect.get(target, property, receiver);
      return (key: string) => {
        if (key === `archive:${meeting.meetingId}`) recordReads += 1;
        return target.readDocument(key);
      };
    },
  });

const restart = async () => {
  await server.stop();
  recordReads = 0;
  server = await startServer({ dataDir: server.dataDir, wrapStore: countingRecordReads });
};

const download = async (file: string) => {
  const response = await fetch(`${server.url}/archive/${meeting.meetingId}/${file}`);
  expect(response.status, file).toBe(200);
  return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
};

let firstServed: Map<string, { type: string | null; bytes: Buffer }>;

beforeAll(async () => {
  server = await startServer({ wrapStore: countingRecordReads });
  meeting = await seedMeeting(server.url);
  const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
  await captioner.ready();
  await accepted(captioner.send('caption:write', { language: 'en', erase: 0, text: 'The floor is open.\n' }));
  await accepted(captioner.send('caption:write', { language: 'ar', erase: 0, text: 'الكلمة مفتوحة.\n' }));
  captioner.close();
  for (const to of ['adjourned', 'archived']) {
    expect((await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to })).status).toBe(200);
  }
  firstServed = new Map();
  for (const file of FILES) firstServed.set(file, await download(file));
});

afterAll(async () => {
  await server.stop();
  removeDir(server.dataDir);
});

describe('the archive shelf', () => {
  it('a restarted server serves every file of an archived meeting from disk, the same bytes, without reading its record', async () => {
    await restart();
    for (const file of FILES) expect(await download(file), file).toEqual(firstServed.get(file));
    const folder = await fetch(`${server.url}/archive/${meeting.meetingId}/?lang=ar`, { redirect: 'manual' });
    expect(folder.headers.get('location')).toBe('record-ar.html');
    expect(recordReads).toBe(0);
  });

  it('readers arriving at once at a meeting not yet on this node’s shelf have it rendered once, from one read of its record', async () => {
    await server.stop();
    // As a node that did not seal the meeting finds it, or one that ran before the shelf existed.
    rmSync(join(server.dataDir, 'archive-files'), { recursive: true, force: true });
    await restart();
    const pages = FILES.filter((file) => file !== 'bundle.zip');
    const served = await Promise.all([...pages, ...pages].map(async (file) => [file, await download(file)] as const));
    for (const [file, response] of served) expect(response, file).toEqual(firstServed.get(file));
    expect(recordReads).toBe(1);
  });

  it('files rendered by an earlier version are removed at start and never served', async () => {
    const earlier = join(server.dataDir, 'archive-files', `v${SHELF_VERSION - 1}`, encodeURIComponent(meeting.meetingId));
    mkdirSync(earlier, { recursive: true });
    writeFileSync(join(earlier, 'record-en.html'), '<p>rendered by older code</p>');
    await restart();
    await waitFor(async () => !existsSync(earlier), 'the earlier version’s folder removed');
    expect((await download('record-en.html')).bytes).toEqual(firstServed.get('record-en.html')!.bytes);
  });

  it('a damaged shelf index is rendered again from the record, not answered with an error', async () => {
    writeFileSync(join(server.dataDir, 'archive-files', `v${SHELF_VERSION}`, encodeURIComponent(meeting.meetingId), 'shelf.json'), '{"meetingId": "trunc');
    // As the next process finds it: a running one keeps the index it read.
    await restart();
    expect(await download('transcript-en.vtt')).toEqual(firstServed.get('transcript-en.vtt'));
    expect(recordReads).toBe(1);
  });

  it('the index, built once per language, lists a meeting archived after it was last read', async () => {
    const index = async () => (await fetch(`${server.url}/archive/?lang=ar`)).text();
    const before = await index();
    expect(before).toContain(`/archive/${meeting.meetingId}/`);
    const later = await seedMeeting(server.url);
    for (const to of ['adjourned', 'archived']) await http(server.url, 'POST', `/meetings/${later.meetingId}/commands`, { type: 'meeting:transition', to });
    expect(before).not.toContain(`/archive/${later.meetingId}/`);
    const after = await index();
    expect(after).toContain(`/archive/${later.meetingId}/`);
    expect(after).toContain(`/archive/${meeting.meetingId}/`);
  });

  it('a reader’s browser gets the pages, transcripts, lists and JSON compressed as it prefers, decoding to the same bytes; the zip as it is', async () => {
    for (const file of FILES) {
      const plain = firstServed.get(file)!.bytes;
      const path = `/archive/${meeting.meetingId}/${file}`;
      const br = await rawRequest(server.url, path, 'gzip, deflate, br, zstd');
      expect(br.headers['content-type'], file).toBe(firstServed.get(file)!.type);
      expect(br.headers['cache-control'], file).toBe('public, max-age=86400, immutable');
      if (file === 'bundle.zip') {
        expect(br.headers['content-encoding']).toBeUndefined();
        expect(br.body.equals(plain)).toBe(true);
        continue;
      }
      expect(br.headers['content-encoding'], file).toBe('br');
      expect(br.headers.vary, file).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.body).equals(plain), file).toBe(true);
      const gzip = await rawRequest(server.url, path, 'gzip');
      expect(gzip.headers['content-encoding'], file).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(plain), file).toBe(true);
      const identity = await rawRequest(server.url, path, null);
      expect(identity.headers['content-encoding'], file).toBeUndefined();
      expect(identity.body.equals(plain), file).toBe(true);
    }
  });

  it('the index is compressed as the reader prefers too, and lists the same meetings', async () => {
    const plain = await rawRequest(server.url, '/archive/?lang=en', null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await rawRequest(server.url, '/archive/?lang=en', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(plain.body.toString('utf8')).toContain(`/archive/${meeting.meetingId}/`);
  });

  it('a meeting that is not archived has no shelf', async () => {
    const open = await seedMeeting(server.url);
    const response = await fetch(`${server.url}/archive/${open.meetingId}/record-en.html`);
    expect(response.status).toBe(404);
  });
});

describe('the archive’s rendering thread', () => {
  it('answers a record it cannot render with an error and goes on rendering the next', async () => {
    const record = await server.app.archive.record(meeting.meetingId);
    if (!record.ok) throw new Error(record.error.code);
    const renderer = new ArchiveRenderer();
    try {
      const broken = { ...record.value, topics: null } as unknown as ArchiveRecord;
      await expect(renderer.render(broken, { withPdf: false, bundleHref: 'bundle.zip' })).rejects.toThrow(/Could not render the archive/);
      const rendered = await renderer.render(record.value, { withPdf: false, bundleHref: 'bundle.zip' });
      expect(Buffer.from(rendered.contents.get('record-en.html')!)).toEqual(firstServed.get('record-en.html')!.bytes);
    } finally {
      await renderer.close();
    }
  });
});

describe('the floor’s archived audio', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'openfloor-audio-'));
  const index = (gapEnd: number) => JSON.stringify({ speeches: {}, topics: {}, gaps: gapEnd ? [{ startedAt: 0, endedAt: gapEnd }] : [] });

  it('is asked nothing about a path that names no archived meeting: a crawler’s or scanner’s paths leave nothing behind', async () => {
    const asked: string[] = [];
    const audio = new ArchiveAudio({ dataDir: dataDir(), ffmpegPath: null });
    const counting = new Proxy(audio, {
      get: (target, property, receiver) =>
        property === 'cutIndex' ? (meetingId: string) => (asked.push(meetingId), target.cutIndex(meetingId)) : Reflect.get(target, property, receiver),
    });
    const archive = new ArchiveService(server.app.registry, new MemoryLogStore(), () => Date.now(), counting);
    const open = await seedMeeting(server.url);
    for (const path of ['wp-login.php', '..%2F..%2Fetc', open.meetingId, 'x'.repeat(1000)]) {
      await archive.prepared(path);
      expect(archive.audioFile(path, 'audio-topic-t1.ogg')).toBeNull();
    }
    expect(asked).toEqual([]);
    await archive.prepared(meeting.meetingId);
    expect(asked).toEqual([meeting.meetingId]);
  });

  it('keeps the indexes of the last meetings read, not of every meeting ever: an older one is read from disk again', () => {
    const dir = dataDir();
    const audio = new ArchiveAudio({ dataDir: dir, ffmpegPath: null });
    const place = (meetingId: string, gapEnd: number) => {
      mkdirSync(audio.outDir(meetingId), { recursive: true });
      writeFileSync(join(audio.outDir(meetingId), 'index.json'), index(gapEnd));
    };
    place('first', 0);
    expect(audio.cutIndex('first')?.gaps).toEqual([]);
    for (let meeting = 0; meeting < 200; meeting += 1) {
      place(`later-${meeting}`, 0);
      audio.cutIndex(`later-${meeting}`);
    }
    place('first', 5);
    expect(audio.cutIndex('first')?.gaps).toEqual([{ startedAt: 0, endedAt: 5 }]);
    removeDir(dir);
  });
});

describe('the PDF printer', () => {
  it('keeps no printed PDF in memory: each read comes from its file on disk', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'openfloor-pdf-cache-'));
    const printer = new PdfPrinter({ chromiumPath: '/nonexistent/chromium', cacheDir });
    const file = join(cacheDir, 'm1', 'plain.pdf');
    const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');
    mkdirSync(join(cacheDir, 'm1'));
    writeFileSync(file, pdf('first print'));
    expect(Buffer.from(await printer.print('m1', 'plain.pdf', { html: '<p>x</p>' }))).toEqual(pdf('first print'));
    writeFileSync(file, pdf('restored from a backup'));
    expect(Buffer.from(await printer.print('m1', 'plain.pdf', { html: '<p>x</p>' }))).toEqual(pdf('restored from a backup'));
    removeDir(cacheDir);
  });
});
