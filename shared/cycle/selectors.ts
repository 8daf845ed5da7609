import { z } from 'zod';
import { stakeholderGroups, type StakeholderGroup } from '../meeting/model.js';
import { searchMatcher } from '../search.js';
import type { ConsultationResponse, CycleState, ModerationStatus } from './model.js';

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

/** What the secretariat can narrow the moderation list to. */
export const responseFilters = ['all', 'pending', 'accepted', 'rejected', 'merged', 'unconfirmed'] as const;
export type ResponseFilter = (typeof responseFilters)[number];

/**
 * Responses are moderated a page at a time: a cycle takes up to 20,000 of them (a spam run
 * fills it), and the whole list, answers included, was megabytes on every load of the page.
 */
export const RESPONSES_PAGE_SIZE = 25;

/** One page of the moderation list, as the secretariat's page asks for it (a query string). */
export const ResponsesQuery = z.strictObject({
  show: z.enum(responseFilters).default('all'),
  /** Part of a name, organisation, country, e-mail address or response number. */
  search: z.string().trim().max(200).default(''),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ResponsesQuery = z.infer<typeof ResponsesQuery>;

export interface ResponsesPage {
  responses: ConsultationResponse[];
  /** How many responses match the filter and the search, on every page. */
  matching: number;
  /** The page given: the one asked for, or the last one when fewer pages match now. */
  page: number;
  pages: number;
  pageSize: number;
}

function shown(response: ConsultationResponse, filter: ResponseFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unconfirmed':
      return response.confirmedAt === null;
    case 'pending':
    case 'accepted':
    case 'rejected':
    case 'merged':
      return response.moderation.status === filter;
  }
}

/** The responses in the order they came, filtered and searched, one page of them. */
export function responsesPage(state: CycleState, query: ResponsesQuery): ResponsesPage {
  const found = searchMatcher(query.search.replace(/^#/, ''));
  const matching = state.responses.filter((response) => {
    const { name, organisation, country } = response.respondent;
    return shown(response, query.show) && found([response.id, name, organisation, country, response.email]);
  });
  const pages = Math.max(1, Math.ceil(matching.length / RESPONSES_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    responses: matching.slice((page - 1) * RESPONSES_PAGE_SIZE, page * RESPONSES_PAGE_SIZE),
    matching: matching.length,
    page,
    pages,
    pageSize: RESPONSES_PAGE_SIZE,
  };
}
