import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { Id } from '../../shared/meeting/model.js';
import { RecentMap } from '../recent-map.js';
import { conflictBackoff, parsedAt, SeqConflictError, type LogStore } from '../storage/log.js';
import { mailLanguages, type MailLanguage } from './link-mail.js';

const PREFIX = 'contacts:';

const ContactEntry = z.object({
  seq: z.number().int().positive(),
  participantId: Id,
  /** HMAC of the normalised address: enough to recognise it again, useless to read. */
  addressKey: z.string().min(1),
  language: z.enum(mailLanguages),
});
type ContactEntry = z.infer<typeof ContactEntry>;

export interface Contact {
  participantId: string;
  language: MailLanguage;
}

/** A registration that lost its entry's number to another node this many times gives up (its e-mail went out all the same). */
const CONFLICT_RETRIES = 8;
/** Meetings whose addresses stay in memory: registration and its resends come in bursts, meeting by meeting. */
const HELD_MEETINGS = 64;

/**
 * Which participants gave which e-mail address, kept out of the meeting's state (which every
 * participant receives) and out of the archive. Only a keyed hash of each address is stored:
 * "send my link again" hashes the address it is given and writes to that address only.
 *
 * Nothing is read at start: a meeting's addresses are read when first used, and before each use
 * what any node added since, so nodes sharing the store see each other's registrants and number
 * their entries after them. Only the most recently used meetings stay in memory.
 */
export class ContactBook {
  private readonly held = new RecentMap<string, ContactEntry[]>(HELD_MEETINGS);
  /** Per meeting, the read or write under way: the next one starts from what it left. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: LogStore,
    private readonly secret: string,
  ) {}

  keyOf(address: string): string {
    return createHmac('sha256', this.secret).update(`contact-address:${address.trim().toLowerCase()}`).digest('base64url');
  }

  /** Keeps the address of a registrant; rejects only if the store could not take it. */
  add(meetingId: string, participantId: string, address: string, language: MailLanguage): Promise<void> {
    const addressKey = this.keyOf(address);
    return this.inTurn(meetingId, () => this.append(meetingId, { participantId, addressKey, language }));
  }

  /** The participants registered with this address, each once. */
  find(meetingId: string, address: string): Promise<Contact[]> {
    const key = this.keyOf(address);
    return this.inTurn(meetingId, async () => {
      const found = new Map<string, Contact>();
      for (const entry of await this.current(meetingId)) {
        if (entry.addressKey === key) found.set(entry.participantId, { participantId: entry.participantId, language: entry.language });
      }
      return [...found.values()];
    });
  }

  private inTurn<T>(meetingId: string, step: () => Promise<T>): Promise<T> {
    const done = (this.turns.get(meetingId) ?? Promise.resolve()).then(step);
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(meetingId, settled);
    void settled.then(() => {
      if (this.turns.get(meetingId) === settled) this.turns.delete(meetingId);
    });
    return done;
  }

  private async append(meetingId: string, contact: Omit<ContactEntry, 'seq'>, attempt = 0): Promise<void> {
    const entries = await this.current(meetingId);
    const entry: ContactEntry = { seq: entries.length + 1, ...contact };
    try {
      await this.store.append(PREFIX + meetingId, entry.seq, entry);
    } catch (error) {
      // Another node's registrant took the number: after theirs.
      if (!(error instanceof SeqConflictError) || attempt >= CONFLICT_RETRIES) throw error;
      await conflictBackoff(attempt);
      return this.append(meetingId, contact, attempt + 1);
    }
    entries.push(entry);
  }

  /** The meeting's entries as the store holds them now: those held here and any added since. */
  private async current(meetingId: string): Promise<ContactEntry[]> {
    const stream = PREFIX + meetingId;
    const held = this.held.get(meetingId);
    const entries = held ?? [];
    const read = held ? await this.store.readNewer(stream, held.length) : await this.store.read(stream);
    for (const raw of read) entries.push(parsedAt(stream, entries.length + 1, 'the entry', (value) => ContactEntry.parse(value), raw));
    return this.held.set(meetingId, entries);
  }
}
