import type { CycleCommand } from '../../../../shared/cycle/commands.js';
import type { CycleDetails, CycleOverview } from '../../../../shared/cycle/model.js';
import type { ConsultationPhase, CycleSchedule, CycleWarning, Milestone } from '../../../../shared/cycle/schedule.js';
import type { ResponseCounts, ResponsesPage, ResponsesQuery } from '../../../../shared/cycle/selectors.js';
import type { CalendarDate } from '../../../../shared/timeline/timeline.js';
import type { z } from 'zod';
import { request } from '../../api.js';
import { isErrorCode } from '../../../../shared/errors.js';
import { NetworkError, Refusal } from '../../failures.js';

/** What the server says of a cycle: its state and what follows from it today. */
export interface CycleView {
  seq: number;
  state: CycleOverview;
  now: number;
  today: CalendarDate;
  phase: ConsultationPhase;
  schedule: CycleSchedule;
  warnings: CycleWarning[];
  milestones: Milestone[];
  counts: ResponseCounts;
  meetingDay: CalendarDate | null;
  /** The public consultation page. */
  publicUrl: string;
}

export interface CycleSummary {
  id: string;
  title: string;
  meetingId: string | null;
  groupMeeting: { name: string; startsOn: CalendarDate };
  phase: ConsultationPhase;
}

export type SecretariatCycleCommand = Exclude<CycleCommand, { type: 'cycle:create' | 'response:submit' | 'response:edit' | 'response:confirm' }>;

const cyclePath = (cycleId: string) => `/api/cycles/${encodeURIComponent(cycleId)}`;

/** The secretariat's calls about consultation cycles, all with the admin token. */
export function cycleApi(adminToken: string) {
  return {
    list: (meetingId?: string) =>
      request<{ cycles: CycleSummary[] }>(`/api/cycles${meetingId ? `?meeting=${encodeURIComponent(meetingId)}` : ''}`, { adminToken }),
    create: (details: z.input<typeof CycleDetails>) =>
      request<{ cycleId: string }>('/api/cycles', { method: 'POST', body: { details }, adminToken }),
    /** The cycle of a meeting, taking over the timeline the meeting recorded. */
    createFromMeeting: (meetingId: string) =>
      request<{ cycleId: string }>('/api/cycles', { method: 'POST', body: { fromMeeting: meetingId }, adminToken }),
    view: (cycleId: string) => request<CycleView>(cyclePath(cycleId), { adminToken }),
    responses: (cycleId: string, query: ResponsesQuery) =>
      request<ResponsesPage & { seq: number }>(`${cyclePath(cycleId)}/responses?${new URLSearchParams({ ...query, page: String(query.page) })}`, { adminToken }),
    command: (cycleId: string, command: SecretariatCycleCommand) =>
      request<{ seq: number; createdId: string | null }>(`${cyclePath(cycleId)}/commands`, { method: 'POST', body: command, adminToken }),
    /** The respondent's confirmation e-mail, sent again. */
    mailConfirmation: (cycleId: string, responseId: string) =>
      request<{ sentTo: string }>(`${cyclePath(cycleId)}/responses/${encodeURIComponent(responseId)}/mail`, { method: 'POST', adminToken }),
    /** Downloads a file only the secretariat may read, under the name given. */
    download: async (cycleId: string, file: string, saveAs: string) => open(await fetchBlob(adminToken, `${cyclePath(cycleId)}/${file}`), saveAs),
    /** The report as it would be published now, in a new tab. */
    preview: async (cycleId: string, language: string) => open(await fetchBlob(adminToken, `${cyclePath(cycleId)}/report/${language}`), null),
  };
}

export type CycleApi = ReturnType<typeof cycleApi>;

async function fetchBlob(adminToken: string, path: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${adminToken}` } });
  } catch {
    throw new NetworkError(`No answer from ${path}`);
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: string } } | null;
    const code = payload?.error?.code;
    throw new Refusal({ code: isErrorCode(code) ? code : response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: payload?.error?.message ?? response.statusText });
  }
  return response.blob();
}

/** Saves a blob under a name, or (no name) opens it in a new tab; the address is freed after a minute. */
function open(blob: Blob, saveAs: string | null): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  if (saveAs) link.download = saveAs;
  else link.target = '_blank';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
