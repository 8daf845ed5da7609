import type { Language } from '../../shared/meeting/model.js';
import type { CaptionSource, DeskMessage, SenderStatus } from '../../shared/captions/desk.js';
import type { CaptionStream } from '../../shared/captions/model.js';
import type { RoomExtension } from '../meetings/extensions.js';

const SHOWN_TEXT = 80;

/**
 * What the captioner and chair consoles show about each sender: which tool is live, the last
 * text it sent and how late, and its last error in plain words. Kept in memory only: it
 * describes the connection as it is now, while the caption log keeps the text itself.
 */
export class CaptionDesk {
  private readonly senders = new Map<string, Map<string, SenderStatus>>();

  constructor(private readonly clock: () => number) {}

  private entry(meetingId: string, senderId: string, source: CaptionSource, language: Language): SenderStatus {
    let meeting = this.senders.get(meetingId);
    if (!meeting) this.senders.set(meetingId, (meeting = new Map()));
    const existing = meeting.get(senderId);
    const status: SenderStatus = existing && existing.source === source && existing.language === language
      ? existing
      : { senderId, source, language, lastText: null, lastAt: null, delayMs: null, notice: null, error: null };
    meeting.set(senderId, status);
    return status;
  }

  /** Text arrived and was applied; `sentAt` is the sender's own timestamp when it gives one. */
  heard(meetingId: string, senderId: string, source: CaptionSource, language: Language, text: string, sentAt?: number): void {
    const status = this.entry(meetingId, senderId, source, language);
    const now = this.clock();
    const shown = text.replace(/\s+/g, ' ').trim();
    if (shown) status.lastText = Array.from(shown).slice(-SHOWN_TEXT).join('');
    status.lastAt = now;
    status.delayMs = sentAt !== undefined && Number.isFinite(sentAt) ? Math.max(0, now - sentAt) : null;
    status.error = null;
  }

  /**
   * A browser console sent a keystroke's delta: what the desk shows as its last text is the
   * line being typed (or, just after Enter, the line it ended), not the few characters sent.
   */
  typed(meetingId: string, linkId: string, language: Language, stream: Pick<CaptionStream, 'tail' | 'lines'> | null): void {
    this.heard(meetingId, linkId, 'browser', language, stream?.tail.text || stream?.lines.at(-1)?.text || '');
  }

  /** Something worth telling the captioner that is not an error (a restarted sender). */
  noted(meetingId: string, senderId: string, source: CaptionSource, language: Language, notice: DeskMessage): void {
    this.entry(meetingId, senderId, source, language).notice = { ...notice, at: this.clock() };
  }

  failed(meetingId: string, senderId: string, source: CaptionSource, language: Language, error: DeskMessage): void {
    this.entry(meetingId, senderId, source, language).error = { ...error, at: this.clock() };
  }

  statuses(meetingId: string): SenderStatus[] {
    return [...(this.senders.get(meetingId)?.values() ?? [])].map((status) => ({ ...status }));
  }

  /**
   * The room extension: a room unloads only when nobody is connected and no tool sends (an
   * open meeting stays loaded), so what its senders last did is forgotten with it instead of
   * being kept for every meeting ever held.
   */
  extension(): RoomExtension {
    return { name: 'caption-desk', unload: ({ room }) => void this.senders.delete(room.meetingId) };
  }
}
