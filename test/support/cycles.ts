import { http } from './harness.js';

/** The cycle of the tests: a group meeting in February 2027, Geneva time. */
const CYCLE = { title: 'Consultation', nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich' };

/**
 * A consultation cycle open for responses, made through the secretariat's API: one Member
 * State's proposal, chosen by the group, and the consultation launched. Returns its id.
 */
export async function launchedCycle(base: string, details: Record<string, unknown> = {}, proposal = { memberState: 'Peru', title: 'Open data' }): Promise<string> {
  const created = await http(base, 'POST', '/cycles', { details: { ...CYCLE, ...details } });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const cycleId = created.body.cycleId as string;
  for (const command of [
    { type: 'proposal:add', details: { ...proposal, description: '', questions: [] } },
    { type: 'topics:choose', proposalIds: ['p1'] },
    { type: 'consultation:launch' },
  ]) {
    const result = await http(base, 'POST', `/cycles/${cycleId}/commands`, command);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
  }
  return cycleId;
}
