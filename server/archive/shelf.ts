import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Language } from '../../shared/meeting/model.js';
import { ContentEncoding, SUFFIX } from '../http/encodings.js';
import { RecentMap } from '../recent-map.js';
import { writeWhole } from '../storage/data-dir.js';

/**
 * Bump when what the exports render, or what the shelf keeps of them, changes: meetings
 * shelved by an earlier version are rendered again on first request, into a folder of this
 * version (the record itself never changes). `archive-exports.test.ts` fails when a fixture's
 * files change and this does not.
 */
export const SHELF_VERSION = 6;

const ShelvedFile = z.object({
  name: z.string().min(1),
  mediaType: z.string().min(1),
  /** The compressed copies written beside the file (its name and the encoding's suffix). */
  encodings: z.array(ContentEncoding),
});

/** What a shelved meeting publishes, written beside its files, last. */
const ShelfIndex = z.object({
  meetingId: z.string().min(1),
  languages: z.array(Language).min(1),
  files: z.array(ShelvedFile),
  audio: z.array(ShelvedFile),
  bundleName: z.string().min(1),
});
export type ShelfIndex = z.infer<typeof ShelfIndex>;

/** What rendering a meeting gives the shelf: its index, and the content of each file it lists. */
export interface Rendered {
  index: ShelfIndex;
  contents: ReadonlyMap<string, string | Uint8Array>;
}

export interface Shelved extends ShelfIndex {
  dir: string;
}

const INDEX = 'shelf.json';
const BUNDLE = 'bundle.zip';

/** Indexes kept in memory (about 1 KB each): readers of the same meetings do not read and check them again. */
const KEPT_INDEXES = 256;

/**
 * The archive's published files, on disk. A sealed meeting's exports are rendered once from its
 * record and kept under `dir`, as its PDFs are: a reader is served the files, and a node holds
 * nothing per meeting in memory, however many years of meetings a crawler reads (each record and
 * its rendered files are about 13 MB of heap for a three-hour meeting). A meeting's folder
 * appears whole or not at all: rendered under a temporary name, then renamed.
 */
export class ArchiveShelf {
  /** The last meetings' indexes; a folder never changes once shelved. */
  private readonly indexes = new RecentMap<string, Shelved>(KEPT_INDEXES);
  private readonly shelving = new Map<string, Promise<Shelved | null>>();
  private readonly bundling = new Map<string, Promise<string>>();
  private readonly root: string;

  constructor(private readonly dir: string) {
    this.root = join(dir, `v${SHELF_VERSION}`);
  }

  /** Removes what earlier versions rendered: their files are never served again. */
  async pruneEarlierVersions(): Promise<void> {
    const folders = await readdir(this.dir).catch(() => []);
    const earlier = folders.filter((name) => /^v\d+$/.test(name) && name !== `v${SHELF_VERSION}`);
    await Promise.all(earlier.map((name) => rm(join(this.dir, name), { recursive: true, force: true })));
  }

  /** The meeting's shelved files, rendered first if they are not on disk; null when `render` finds no record. */
  async shelved(meetingId: string, render: () => Promise<Rendered | null>): Promise<Shelved | null> {
    const kept = this.indexes.get(meetingId);
    if (kept) return kept;
    const shelved = await this.once(this.shelving, meetingId, async () => (await this.read(meetingId)) ?? this.store(meetingId, await render()));
    return shelved && this.indexes.set(meetingId, shelved);
  }

  /** Where the meeting's zip bundle is kept, built by `build` the first time. */
  bundle(meetingId: string, build: () => Promise<Uint8Array>): Promise<string> {
    return this.once(this.bundling, meetingId, async () => {
      const file = join(this.folderOf(meetingId), BUNDLE);
      if (existsSync(file)) return file;
      await writeWhole(file, await build());
      return file;
    });
  }

  /** One rendering or bundling per meeting at a time: readers arriving meanwhile wait for it. */
  private once<T>(pending: Map<string, Promise<T>>, meetingId: string, work: () => Promise<T>): Promise<T> {
    const running = pending.get(meetingId);
    if (running) return running;
    const started = work().finally(() => pending.delete(meetingId));
    pending.set(meetingId, started);
    return started;
  }

  private folderOf(meetingId: string): string {
    return join(this.root, encodeURIComponent(meetingId));
  }

  private async read(meetingId: string): Promise<Shelved | null> {
    const dir = this.folderOf(meetingId);
    let text: string;
    try {
      text = await readFile(join(dir, INDEX), 'utf8');
    } catch {
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // A damaged index (a disk error, a hand edit): the meeting is rendered again over it.
      return null;
    }
    const index = ShelfIndex.safeParse(parsed);
    return index.success && index.data.meetingId === meetingId ? { ...index.data, dir } : null;
  }

  private async store(meetingId: string, rendered: Rendered | null): Promise<Shelved | null> {
    if (!rendered) return null;
    const dir = this.folderOf(meetingId);
    await mkdir(this.root, { recursive: true });
    const staging = await mkdtemp(join(this.root, '.rendering-'));
    try {
      for (const file of rendered.index.files) {
        for (const name of [file.name, ...file.encodings.map((encoding) => file.name + SUFFIX[encoding])]) {
          const content = rendered.contents.get(name);
          if (content === undefined) throw new Error(`${name} was not rendered`);
          await writeFile(join(staging, name), content);
        }
      }
      await writeFile(join(staging, INDEX), JSON.stringify(rendered.index));
      try {
        await rename(staging, dir);
      } catch (error) {
        // Another process sharing the folder shelved it first: its copy is the same.
        const shelved = await this.read(meetingId);
        if (shelved) return shelved;
        // A folder without a readable index (a disk error, a hand edit) is replaced.
        if (!existsSync(dir)) throw error;
        await rm(dir, { recursive: true, force: true });
        await rename(staging, dir);
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return { ...rendered.index, dir };
  }
}
