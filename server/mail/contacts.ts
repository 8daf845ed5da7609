import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { Id } from '../../shared/meeting/model.js';
import type { LogStore } from '../storage/log.js';
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

/**
 * Which participants gave which e-mail address, kept out of the meeting's state (which every
 * participant receives) and out of the archive. Only a keyed hash of each address is stored:
 * "send my link again" hashes the address it is given and writes to that address only.
 */
export class ContactBook {
  private readonly byMeeting = new Map<string, ContactEntry[]>();
  private readonly writing = new Map<string, Promise<void>>();

  private constructor(
    private readonly store: LogStore,
    private readonly secret: string,
  ) {}

  static async load(store: LogStore, secret: string): Promise<ContactBook> {
    const book = new ContactBook(store, secret);
    for (const stream of await store.streams(PREFIX)) {
      book.byMeeting.set(stream.slice(PREFIX.length), (await store.read(stream)).map((entry) => ContactEntry.parse(entry)));
    }
    return book;
  }

  keyOf(address: string): string {
    return createHmac('sha256', this.secret).update(`contact-address:${address.trim().toLowerCase()}`).digest('base64url');
  }

  /** Entries of one meeting are written one after the other, each numbered after the last. */
  add(meetingId: string, participantId: string, address: string, language: MailLanguage): Promise<void> {
    const added = (this.writing.get(meetingId) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      const entries = this.byMeeting.get(meetingId) ?? [];
      const entry: ContactEntry = { seq: entries.length + 1, participantId, addressKey: this.keyOf(address), language };
      await this.store.append(PREFIX + meetingId, entry.seq, entry);
      this.byMeeting.set(meetingId, [...entries, entry]);
    });
    this.writing.set(meetingId, added);
    return added;
  }

  /** The participants registered with this address, each once. */
  find(meetingId: string, address: string): Contact[] {
    const key = this.keyOf(address);
    const found = new Map<string, Contact>();
    for (const entry of this.byMeeting.get(meetingId) ?? []) {
      if (entry.addressKey === key) found.set(entry.participantId, { participantId: entry.participantId, language: entry.language });
    }
    return [...found.values()];
  }
}
