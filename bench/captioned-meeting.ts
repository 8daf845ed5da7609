import { SECRETARIAT } from '../shared/access/actor.js';
import { MeetingCommand } from '../shared/meeting/commands.js';
import { emptyCycleRecord } from '../shared/timeline/timeline.js';
import type { MeetingRegistry } from '../server/meetings/registry.js';

/**
 * An open three-hour English meeting starting at `start`, made through the registry as the
 * secretariat makes one, with a captioner seat: the benchmarks that write captions start here.
 * Returns the seat's link id.
 */
export async function openCaptionedMeeting(registry: MeetingRegistry, meetingId: string, start: number): Promise<string> {
  const run = async (raw: unknown) => {
    const result = await registry.dispatch(meetingId, SECRETARIAT, MeetingCommand.parse(raw));
    if (!result.ok) throw new Error(`${(raw as { type: string }).type}: ${result.error.code}`);
    return result.value;
  };
  await run({
    type: 'meeting:create',
    meetingId,
    details: {
      title: 'Open consultation',
      venue: 'Geneva',
      timeZone: 'Europe/Zurich',
      startsAt: start,
      endsAt: start + 3 * 3600_000,
      languages: ['en'],
      groupMeeting: null,
      speakingTimeLimitSec: 180,
      warningSec: 30,
      allowRemoteCamera: false,
      oneProposalPerMemberState: true,
      linkGraceHours: 24,
      cycle: emptyCycleRecord,
    },
  });
  await run({ type: 'meeting:transition', to: 'scheduled' });
  await run({ type: 'meeting:transition', to: 'open' });
  const seat = await run({ type: 'link:issue', role: 'captioner', label: 'seat', expiresAt: start + 24 * 3600_000, captions: [] });
  return seat.createdId!;
}
