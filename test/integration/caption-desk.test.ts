import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/access/actor.js';
import { captionActions, mayCaption, type CaptionAction } from '../../shared/access/captions.js';
import { DeskReport } from '../../shared/captions/desk.js';
import { http, useMeetingServer } from '../support/harness.js';

const suite = useMeetingServer({ captionQuietMs: 60_000 });
const tokenOf = (url: string) => new URL(url).hash.slice('#token='.length);

interface Credential {
  name: string;
  token: string;
  actor: Actor;
}
let credentials: Credential[];
let ordinarySeat: Credential;

beforeEach(async () => {
  const issued = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/links`, { role: 'captioner', label: 'Seat 2' });
  const links = suite.server.app.registry.get(suite.meeting.meetingId)!.state.links;
  const actorOf = (role: 'chair' | 'moderator' | 'viewer' | 'captioner', label: string = role): Actor => {
    const link = links.find((candidate) => candidate.role === role && candidate.label === label)!;
    return { kind: 'link', linkId: link.id, role, participantId: null };
  };
  ordinarySeat = { name: 'ordinary captioner seat', token: tokenOf(issued.body.url), actor: actorOf('captioner', 'Seat 2') };
  credentials = [
    { name: 'lead captioner seat', token: suite.meeting.tokens.captioner, actor: actorOf('captioner') },
    ordinarySeat,
    { name: 'chair', token: suite.meeting.tokens.chair, actor: actorOf('chair') },
    { name: 'moderator', token: suite.meeting.tokens.moderator, actor: actorOf('moderator') },
    { name: 'viewer', token: suite.meeting.tokens.viewer, actor: actorOf('viewer') },
  ];
});

const api = (path: string, token: string) => `${suite.server.url}/api/captions/${path}?token=${token}`;
const json = (method: string, body?: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** Each desk action as a console or a captioning tool does it; answers whether it was accepted, and the refusal's code. */
async function attempt(action: CaptionAction, credential: Credential): Promise<{ accepted: boolean; code: string | null }> {
  const { meetingId } = suite.meeting;
  switch (action) {
    case 'write': {
      // Whether a seat may write at all, not whose turn it is: the chair gives it the stream first.
      if (credential.actor.kind === 'link' && credential.actor.role === 'captioner') {
        const handed = await fetch(api('handover', suite.meeting.tokens.chair), json('POST', { language: 'ar', to: credential.actor.linkId }));
        expect(handed.status).toBe(200);
      }
      const client = await suite.connect(credential.token);
      const ack = await client.send('caption:write', { language: 'ar', erase: 0, text: `${credential.name} ` });
      return { accepted: ack.ok, code: ack.ok ? null : ack.error.code };
    }
    case 'takeOver': {
      // The console's button (socket) and the HTTP take-over for CAT software agree.
      const client = await suite.connect(credential.token);
      const ack = await client.send('caption:takeOver', { language: 'en' });
      const response = await fetch(`${api('takeover', credential.token)}&lang=en`, { method: 'POST' });
      expect(response.ok, `${credential.name}: HTTP take-over agrees with the console's`).toBe(ack.ok);
      return { accepted: ack.ok, code: ack.ok ? null : ack.error.code };
    }
    case 'switchProvider': {
      const response = await fetch(api('handover', credential.token), json('POST', { language: 'en', to: ordinarySeat.actor.kind === 'link' ? ordinarySeat.actor.linkId : '' }));
      const body = (await response.json().catch(() => null)) as { error?: { code: string } } | null;
      return { accepted: response.ok, code: body?.error?.code ?? (response.ok ? null : String(response.status)) };
    }
    case 'configurePull': {
      const response = await fetch(api(`meetings/${meetingId}/pulls/en`, credential.token), json('PUT', { event: 'OpenFloorTest' }));
      const body = (await response.json().catch(() => null)) as { error?: { code: string } } | null;
      if (response.ok) await fetch(api(`meetings/${meetingId}/pulls/en`, credential.token), json('DELETE'));
      return { accepted: response.ok, code: body?.error?.code ?? (response.ok ? null : String(response.status)) };
    }
  }
}

describe('lead captioner: the desk routes follow the permission rule for every credential', () => {
  for (const action of captionActions) {
    it(`${action}: accepted exactly for those shared/access/captions.ts permits`, async () => {
      // A stream with a writer, so that a take-over and a switch have something to move.
      const first = await suite.connect(suite.meeting.tokens.captioner);
      expect((await first.send('caption:write', { language: 'en', erase: 0, text: 'Opening words ' })).ok).toBe(true);
      const state = suite.server.app.registry.get(suite.meeting.meetingId)!.state;
      for (const credential of credentials) {
        const expected = mayCaption(credential.actor, state, action);
        const outcome = await attempt(action, credential);
        expect(outcome.accepted, `${credential.name} ${action}`).toBe(expected);
        if (!expected && credential.actor.kind === 'link' && credential.actor.role === 'captioner') {
          expect(outcome.code, `${credential.name} ${action}`).toBe('CAPTION_LEAD_ONLY');
        }
      }
    });
  }

  it('the secretariat sets pulls with its bearer token; the chair makes an ordinary seat the lead and it may then take over', async () => {
    const { meetingId } = suite.meeting;
    expect((await http(suite.server.url, 'PUT', `/captions/meetings/${meetingId}/pulls/en`, { event: 'ByTheSecretariat' })).status).toBe(200);
    expect((await http(suite.server.url, 'DELETE', `/captions/meetings/${meetingId}/pulls/en`)).status).toBe(200);
    const seat = await suite.connect(ordinarySeat.token);
    expect(await seat.send('caption:takeOver', { language: 'en' })).toMatchObject({ ok: false, error: { code: 'CAPTION_LEAD_ONLY' } });
    const linkId = ordinarySeat.actor.kind === 'link' ? ordinarySeat.actor.linkId : '';
    expect((await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'link:setLead', linkId, lead: true })).status).toBe(200);
    expect(await seat.send('caption:takeOver', { language: 'en' })).toMatchObject({ ok: true });
    // Only a captioner link can be made the lead.
    const viewerId = credentials.find((credential) => credential.name === 'viewer')!.actor;
    const refused = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'link:setLead',
      linkId: viewerId.kind === 'link' ? viewerId.linkId : '',
      lead: true,
    });
    expect(refused.status).toBe(400);
  });
});

describe('caption desk sources', () => {
  it('text typed in a browser console shows as source "browser", with the line being typed as its last text', async () => {
    const seat = await suite.connect(suite.meeting.tokens.captioner);
    for (const text of ['Good ', 'morn', 'ing, colleagues']) {
      expect((await seat.send('caption:write', { language: 'en', erase: 0, text })).ok).toBe(true);
    }
    const response = await fetch(api('desk', suite.meeting.tokens.chair));
    const report = DeskReport.parse(await response.json());
    const linkId = seat.you!.linkId;
    expect(report.senders.filter((sender) => sender.senderId === linkId)).toEqual([
      expect.objectContaining({ source: 'browser', language: 'en', lastText: 'Good morning, colleagues', error: null }),
    ]);
  });
});
