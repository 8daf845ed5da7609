import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationPhase } from '../../shared/cycle/schedule.js';
import { responseCounts } from '../../shared/cycle/selectors.js';
import { ensureDemoCycle, ensureDemoMeeting } from '../../server/demo.js';
import { documentTypeOf } from '../../server/cycle/documents.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';

const DAY = 24 * 3600_000;
/** A Tuesday morning in Geneva. */
let now = Date.UTC(2026, 11, 1, 9);
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ clock: () => now });
});
afterAll(() => stopServer(server));

describe('the demo consultation cycle', () => {
  it('gives the demo meeting a whole cycle: proposals, its topics chosen, an open consultation, responses moderated and not', async () => {
    const meeting = await ensureDemoMeeting(server.app.registry, 'demo', now, 24);
    const topicsBefore = meeting.topics.map(({ id, title, proposedBy }) => ({ id, title, proposedBy }));
    const cycle = (await ensureDemoCycle(server.app.cycles, meeting, now))!;
    expect(cycle.meetingId).toBe(meeting.id);
    expect(cycle.proposals.map((proposal) => proposal.memberState)).toEqual(['Kenya', 'Brazil', 'India']);
    // The chosen proposals are the demo meeting's two topics: its agenda stays as it was.
    expect(cycle.chosen).toEqual(['p1', 'p2']);
    const after = server.app.registry.get(meeting.id)!.state;
    expect(after.topics.map(({ id, title, proposedBy }) => ({ id, title, proposedBy }))).toEqual(topicsBefore);
    expect(after.cycle.previousGroupMeetingEnd).toBe('2026-11-26');
    expect(consultationPhase(cycle, now)).toBe('open');
    expect(responseCounts(cycle).byStatus).toEqual({ pending: 1, accepted: 2, rejected: 1, merged: 0 });
    const document = cycle.responses[0]!.answers[0]!.documents[0]!;
    const stored = await server.app.cycles.documents.get(document.sha256);
    expect(stored && documentTypeOf(stored)).toEqual({ ok: true, type: 'pdf' });

    // The public page takes responses in any of the six languages, the topics translated where the demo has them.
    const arabic = await (await fetch(`${server.url}/consult/${cycle.id}?lang=ar`)).text();
    expect(arabic).toContain('<form method="post"');
    expect(arabic).toContain('الموصولية المجدية لغير الموصولين');
    // Its dates were fixed to keep it open past the rules' deadlines: the secretariat's page says so.
    const view = (await http(server.url, 'GET', `/cycles/${cycle.id}`)).body;
    expect(view.warnings.map((warning: { rule: string }) => warning.rule)).toEqual(expect.arrayContaining(['responses_due_after_rule', 'report_after_rule']));
  });

  it('is made once: a later start reuses it, and reopens its consultation once it closed without a report', async () => {
    const meeting = await ensureDemoMeeting(server.app.registry, 'other-id', now, 24);
    expect(meeting.id).toBe('demo');
    const first = server.app.cycles.cycles.ofMeeting('demo')!;
    const seq = server.app.cycles.cycles.get(first.id)!.seq;
    expect((await ensureDemoCycle(server.app.cycles, meeting, now))!.id).toBe(first.id);
    expect(server.app.cycles.cycles.get(first.id)!.seq).toBe(seq);
    expect(server.app.cycles.cycles.catalogue()).toHaveLength(1);

    now += 20 * DAY;
    expect(consultationPhase(server.app.cycles.cycles.get(first.id)!.state, now)).toBe('closed');
    const reopened = (await ensureDemoCycle(server.app.cycles, meeting, now))!;
    expect(consultationPhase(reopened, now)).toBe('open');
    expect(reopened.responses).toEqual(first.responses);
    expect(server.app.cycles.cycles.catalogue()).toHaveLength(1);
  });
});
