import { describe, expect, it } from 'vitest';
import { mergeDeskParts, type DeskPart, type PullHealth, type SenderStatus } from '../../shared/captions/desk.js';

/**
 * With several nodes each knows only what reached it: a CAT tool's posts go to whichever node
 * the proxy picks, and only the lease holder pulls StreamText. The console shows them merged, as
 * one node would have them had everything reached it.
 */
const sender = (fields: Partial<SenderStatus>): SenderStatus => ({
  senderId: 'seat-1',
  source: 'zoom',
  language: 'en',
  lastText: null,
  lastAt: null,
  delayMs: null,
  notice: null,
  error: null,
  ...fields,
});
const message = (code: string, at: number) => ({ code, params: {}, message: code, at });
const pull = (fields: Partial<PullHealth>): PullHealth => ({
  feedId: 'streamtext-en',
  language: 'en',
  event: 'ITU-OC',
  lastReplyAt: null,
  lastTextAt: null,
  lagMs: null,
  failingSince: null,
  error: null,
  ...fields,
});
const part = (fields: Partial<DeskPart>): DeskPart => ({ senders: [], pulls: [], tcp: [], ...fields });

describe('the caption desk merged from every node', () => {
  it('a sender whose posts reached two nodes shows the text heard last, with its delay', () => {
    const merged = mergeDeskParts([
      part({ senders: [sender({ lastText: 'distinguished delegates.', lastAt: 2_000, delayMs: 40 })] }),
      part({ senders: [sender({ lastText: 'Good morning,', lastAt: 1_000, delayMs: 900 })] }),
    ]);
    expect(merged.senders).toEqual([sender({ lastText: 'distinguished delegates.', lastAt: 2_000, delayMs: 40 })]);
  });

  it('text heard on any node after an error clears it, as text clears it on one node', () => {
    const merged = mergeDeskParts([
      part({ senders: [sender({ lastText: 'Good morning,', lastAt: 1_000, error: message('errors.CAPTION_NOT_WRITER', 1_500) })] }),
      part({ senders: [sender({ lastText: 'delegates.', lastAt: 2_000 })] }),
    ]);
    expect(merged.senders).toEqual([sender({ lastText: 'delegates.', lastAt: 2_000, error: null })]);
  });

  it('an error after the last text heard anywhere stands, whichever node saw it', () => {
    const error = message('errors.CAPTION_NOT_WRITER', 3_000);
    const merged = mergeDeskParts([
      part({ senders: [sender({ lastText: 'delegates.', lastAt: 2_000 })] }),
      part({ senders: [sender({ lastText: 'Good morning,', lastAt: 1_000, error })] }),
    ]);
    expect(merged.senders).toEqual([sender({ lastText: 'delegates.', lastAt: 2_000, error })]);
  });

  it('of two errors, or two notices, the later is shown', () => {
    const merged = mergeDeskParts([
      part({ senders: [sender({ error: message('pullTimeout', 4_000), notice: message('senderRestarted', 1_000) })] }),
      part({ senders: [sender({ error: message('pullUnreachable', 5_000), notice: message('senderRestartedAgain', 900) })] }),
    ]);
    expect(merged.senders[0]).toMatchObject({ error: { code: 'pullUnreachable', at: 5_000 }, notice: { code: 'senderRestarted', at: 1_000 } });
  });

  it('a sender that changed tool or language since is shown as it is now, nothing of the old one mixed in', () => {
    const now = sender({ source: 'tcp', language: 'fr', lastText: 'Bonjour', lastAt: 5_000 });
    const merged = mergeDeskParts([
      part({ senders: [sender({ lastText: 'Good morning', lastAt: 1_000, error: message('errors.CAPTION_NOT_WRITER', 500) })] }),
      part({ senders: [now] }),
    ]);
    expect(merged.senders).toEqual([now]);
  });

  it('whichever node’s part comes first, the sender is shown as its latest tool and language', () => {
    const now = sender({ source: 'tcp', language: 'fr', lastText: 'Bonjour', lastAt: 5_000 });
    // The old tool's restart notice came before the switch: it is not the new tool's.
    const before = sender({ lastText: 'Good morning', lastAt: 1_000, notice: message('senderRestarted', 4_000) });
    expect(mergeDeskParts([part({ senders: [now] }), part({ senders: [before] })]).senders).toEqual([now]);
    expect(mergeDeskParts([part({ senders: [before] }), part({ senders: [now] })]).senders).toEqual([now]);
    const otherTool = sender({ source: 'tcp', lastText: 'Good morning all', lastAt: 5_000 });
    const otherLanguage = sender({ language: 'fr', lastText: 'Bonjour à tous', lastAt: 5_000 });
    expect(mergeDeskParts([part({ senders: [before] }), part({ senders: [otherTool] })]).senders, 'a new tool, the same language').toEqual([otherTool]);
    expect(mergeDeskParts([part({ senders: [before] }), part({ senders: [otherLanguage] })]).senders, 'the same tool, another language').toEqual([otherLanguage]);
  });

  it('a node that only saw a sender fail does not hide the text another node heard', () => {
    const heard = sender({ lastText: 'delegates.', lastAt: 2_000 });
    const refusedLater = sender({ error: message('errors.CAPTION_NOT_WRITER', 3_000) });
    const refusedEarlier = sender({ error: message('errors.CAPTION_NOT_WRITER', 1_000) });
    expect(mergeDeskParts([part({ senders: [refusedLater] }), part({ senders: [heard] })]).senders).toEqual([{ ...heard, error: refusedLater.error }]);
    expect(mergeDeskParts([part({ senders: [heard] }), part({ senders: [refusedEarlier] })]).senders).toEqual([heard]);
  });

  it('different senders are all listed, those of the console’s own node first', () => {
    const merged = mergeDeskParts([
      part({ senders: [sender({ senderId: 'seat-2', lastAt: 10 })] }),
      part({ senders: [sender({ senderId: 'seat-1', lastAt: 20 }), sender({ senderId: 'seat-3', lastAt: 5 })] }),
    ]);
    expect(merged.senders.map((status) => status.senderId)).toEqual(['seat-2', 'seat-1', 'seat-3']);
  });

  it('a pull is shown once, by the node that heard from StreamText last (two pull briefly while the lease changes hands)', () => {
    const before = pull({ lastReplyAt: 1_000, lagMs: 30 });
    const after = pull({ lastReplyAt: 1_000, failingSince: 2_000, error: message('pullUnreachable', 2_000) });
    const french = pull({ feedId: 'streamtext-fr', language: 'fr', lastReplyAt: 900 });
    expect(mergeDeskParts([part({ pulls: [before] }), part({ pulls: [after, french] })]).pulls).toEqual([after, french]);
    expect(mergeDeskParts([part({ pulls: [after] }), part({ pulls: [before] })]).pulls).toEqual([after]);
  });

  it('every node’s TCP listeners are listed, each with the host to connect to', () => {
    const a = { linkId: 'seat-1', language: 'en', host: 'node-a.example', port: 9001, connected: true } as const;
    const b = { linkId: 'seat-2', language: 'fr', host: 'node-b.example', port: 9001, connected: false } as const;
    expect(mergeDeskParts([part({ tcp: [a] }), part({ tcp: [b] })]).tcp).toEqual([a, b]);
  });

  it('one node alone: its desk is shown as it is', () => {
    const alone = part({ senders: [sender({ lastText: 'Hello', lastAt: 1, error: message('x', 0) })], pulls: [pull({})] });
    expect(mergeDeskParts([alone])).toEqual(alone);
  });
});
