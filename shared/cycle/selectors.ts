import { stakeholderGroups, type StakeholderGroup } from '../meeting/model.js';
import type { ConsultationResponse, CycleState, Moderation } from './model.js';

export type ModerationStatus = Moderation['status'];

export interface ResponseCounts {
  total: number;
  byStatus: Record<ModerationStatus, number>;
  /** Responses (not merged or rejected) that answer each topic, per stakeholder group. */
  byTopic: Record<string, Record<StakeholderGroup, number>>;
  byGroup: Record<StakeholderGroup, number>;
  unconfirmed: number;
}

const zeroGroups = () => Object.fromEntries(stakeholderGroups.map((group) => [group, 0])) as Record<StakeholderGroup, number>;

/** Counts the secretariat watches during the consultation: duplicates and rejected responses left out. */
export function responseCounts(state: CycleState): ResponseCounts {
  const byStatus: Record<ModerationStatus, number> = { pending: 0, accepted: 0, rejected: 0, merged: 0 };
  const byTopic: Record<string, Record<StakeholderGroup, number>> = Object.fromEntries(
    (state.chosen ?? []).map((id) => [id, zeroGroups()]),
  );
  const byGroup = zeroGroups();
  let unconfirmed = 0;
  for (const response of state.responses) {
    byStatus[response.moderation.status] += 1;
    if (response.confirmedAt === null) unconfirmed += 1;
    if (!counts(response)) continue;
    byGroup[response.respondent.stakeholderGroup] += 1;
    for (const answer of response.answers) {
      const topic = byTopic[answer.topicId];
      if (topic) topic[response.respondent.stakeholderGroup] += 1;
    }
  }
  return { total: state.responses.length, byStatus, byTopic, byGroup, unconfirmed };
}

function counts(response: ConsultationResponse): boolean {
  return response.moderation.status === 'pending' || response.moderation.status === 'accepted';
}

/** The responses in the published report, in the order they came. */
export function reportedResponses(state: CycleState): ConsultationResponse[] {
  const ids = new Set(state.report?.responseIds ?? []);
  return state.responses.filter((response) => ids.has(response.id));
}
