import { accepted, ADMIN_TOKEN, http, MirrorClient, tokenOf } from './harness.js';

/**
 * Hostile text as registrants, the secretariat's careless copy-paste and captioners' software
 * can enter it: markup that would run if a page inserted it as HTML, a right-to-left override
 * that would reverse what follows it, zero-width characters, caption cue separators and blank
 * lines, control characters. Every page and export must show it as text, inertly, and keep it
 * from changing the structure of the file or page around it.
 */
export const hostileText = {
  /** Sets `window.__pwned` if any page runs it. */
  script: '<script>window.__pwned=1</script>',
  image: '"><img src=x onerror="window.__pwned=1">',
  /** U+202E RIGHT-TO-LEFT OVERRIDE: unisolated, "Evil\u202Egnp.exe" reads "Evilexe.png". */
  override: 'Evil\u202Egnp.exe',
  zeroWidth: 'Zero\u200B\u200C\u200DWidth\uFEFF',
  srtTiming: '00:00:00,000 --> 00:09:00,000',
  vttTiming: '00:00:00.000 --> 00:09:00.000',
  control: 'Bell\u0007Escape\u001b[31m',
} as const;

/** What the pages must show of each hostile name (markup as text, controls gone or inert). */
export const hostileNames = {
  meetingTitle: `Consultation ${hostileText.script} ${hostileText.override}`,
  venue: `Room ${hostileText.image}`,
  topicTitle: `Topic ${hostileText.image} ${hostileText.override}`,
  proposedBy: `Proposer ${hostileText.srtTiming}`,
  speaker: `Delegate ${hostileText.script} ${hostileText.override}`,
  affiliation: `Ministry ${hostileText.image} ${hostileText.zeroWidth}`,
  country: `Country\n\n${hostileText.vttTiming}`,
  captionerLabel: `Seat ${hostileText.script}`,
} as const;

/** Caption text as a CAT program might send it: each `\n` commits a line. */
export const hostileCaptions = [
  `${hostileText.srtTiming}\n`,
  `NOTE ${hostileText.vttTiming} <b>bold</b> ${hostileText.script}\n`,
  `${hostileText.override} reversed?\n`,
  `first\n\nWEBVTT\n\nsecond ${hostileText.zeroWidth}\n`,
];

export interface HostileMeeting {
  meetingId: string;
  topicId: string;
  tokens: { chair: string; captioner: string; screen: string; viewer: string; speaker: string };
  speakerId: string;
  /** The committed caption lines the transcript must hold, in order (blank lines are none). */
  lines: number;
}

/**
 * An open meeting whose every free-text field is hostile, entered through the real API as
 * the secretariat, a registrant and a captioner would, with one speech captioned in English.
 * The hostile URLs of consultation inputs are refused (the test of that is here too).
 */
export async function hostileMeeting(base: string): Promise<HostileMeeting> {
  const ok = async (method: string, path: string, body: unknown, token: string | null = ADMIN_TOKEN) => {
    const result = await http(base, method, path, body, token);
    if (result.status >= 300) throw new Error(`${path}: ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const now = Date.now();
  const { meetingId } = await ok('POST', '/meetings', {
    details: {
      title: hostileNames.meetingTitle,
      venue: hostileNames.venue,
      timeZone: 'Europe/Zurich',
      startsAt: now,
      endsAt: now + 3 * 3600_000,
      languages: ['en', 'ar'],
      speakingTimeLimitSec: 120,
    },
  });
  const command = (body: unknown) => ok('POST', `/meetings/${meetingId}/commands`, body);
  for (const url of ['javascript:alert(1)', 'https://example.org/\u0007bell', 'https://example.org/a b', 'data:text/html,<script>1</script>']) {
    const refused = await http(base, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'topic:add',
      details: { title: 'Link test', inputs: [{ title: 'Input', author: 'Someone', stakeholderGroup: 'government', url }] },
    });
    if (refused.status !== 400) throw new Error(`the input URL ${JSON.stringify(url)} was accepted (${refused.status})`);
  }
  const { createdId: topicId } = await command({
    type: 'topic:add',
    details: {
      title: hostileNames.topicTitle,
      proposedBy: hostileNames.proposedBy,
      description: `Description ${hostileText.script}`,
      inputs: [{ title: `Input ${hostileText.image}`, author: hostileNames.speaker, stakeholderGroup: 'civil_society', url: 'https://example.org/input?a=1&b="2"' }],
    },
  });
  await command({ type: 'meeting:transition', to: 'scheduled' });
  await command({ type: 'meeting:transition', to: 'open' });
  const link = async (body: Record<string, unknown>) => tokenOf((await ok('POST', `/meetings/${meetingId}/links`, body)).url);
  const tokens = {
    chair: await link({ role: 'chair', label: 'Chair' }),
    captioner: await link({ role: 'captioner', label: hostileNames.captionerLabel, lead: true }),
    screen: await link({ role: 'screen', label: 'Screen' }),
    viewer: await link({ role: 'viewer', label: 'Webcast' }),
    speaker: '',
  };
  const registered = await ok(
    'POST',
    `/meetings/${meetingId}/registrations`,
    {
      displayName: hostileNames.speaker,
      affiliation: hostileNames.affiliation,
      country: hostileNames.country,
      stakeholderGroup: 'government',
      attendance: 'remote',
    },
    null,
  );
  tokens.speaker = tokenOf(registered.url);

  const clients = [tokens.chair, tokens.speaker, tokens.captioner].map((token) => new MirrorClient(base, token));
  try {
    await Promise.all(clients.map((client) => client.ready()));
    const [chair, speaker, captioner] = clients as [MirrorClient, MirrorClient, MirrorClient];
    await accepted(chair.send('topic:select', { topicId }));
    await accepted(speaker.send('queue:request', { kind: 'intervention' }));
    await accepted(chair.send('floor:give', {}));
    let lines = 0;
    for (const text of hostileCaptions) {
      // Control characters are refused at the door (DeltaText); what a caption may carry is the rest.
      await accepted(captioner.client.request('caption:write', { language: 'en', erase: 0, text }) as Promise<{ ok: boolean }>);
      lines += text.split('\n').slice(0, -1).filter((line) => line.trim() !== '').length;
    }
    const refused = await captioner.client.request('caption:write', { language: 'en', erase: 0, text: hostileText.control });
    if (refused.ok) throw new Error('a caption with control characters was accepted');
    return { meetingId, topicId, tokens, speakerId: registered.participantId, lines };
  } finally {
    for (const client of clients) client.close();
  }
}

/** Ends the speech, adjourns and archives the meeting, as the chair and the secretariat would. */
export async function archiveHostileMeeting(base: string, meeting: HostileMeeting): Promise<void> {
  for (const body of [{ type: 'floor:end' }, { type: 'meeting:transition', to: 'adjourned' }, { type: 'meeting:transition', to: 'archived' }]) {
    const result = await http(base, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
    if (result.status !== 200) throw new Error(`${body.type}: ${JSON.stringify(result.body)}`);
  }
}
