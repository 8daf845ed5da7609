import { errorOfAnswer, NetworkError, Refusal } from './failures.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import type {
  BoothLanguage,
  IssuedLink,
  Language,
  MeetingDetails,
  MeetingState,
  MeetingStatus,
  ParticipantDetails,
  RegistrationStatus,
  Role,
} from '../../shared/meeting/model.js';
import type { z } from 'zod';

export async function request<T>(
  path: string,
  init: { method?: string; body?: unknown; adminToken?: string; ifNoneMatch?: string | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.adminToken) headers.Authorization = `Bearer ${init.adminToken}`;
  if (init.ifNoneMatch !== undefined) headers['If-None-Match'] = init.ifNoneMatch;
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new NetworkError(`No answer from ${path}`);
  }
  // Not modified since the version named: the caller asked for it with a T that allows null.
  if (response.status === 304) return null as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  throw new Refusal(errorOfAnswer(payload, response));
}

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;

export interface PublicMeeting {
  id: string;
  title: string;
  venue: string;
  status: MeetingStatus;
  languages: Language[];
  startsAt: number;
  endsAt: number;
  timeZone: string;
  registrationOpen: boolean;
  /** The secretariat admits each registration: the registrant waits until then. */
  registrationApproval: boolean;
  /** Whether the server sends personal links by e-mail. */
  mail: boolean;
  /** The floor is recorded while the meeting is open; optional for a server from before. */
  recordFloor?: boolean;
}

export interface Registration {
  participantId: string;
  url: string;
  /** Someone with the same name and affiliation was already registered. */
  duplicate: boolean;
  /** The link went out to the address given. */
  emailed: boolean;
  /** Pending: the link opens the meeting once the secretariat approves the registration. */
  registration: RegistrationStatus;
}

export interface MeetingSummary {
  id: string;
  title: string;
  status: MeetingStatus;
  venue: string;
  startsAt: number;
  endsAt: number;
  timeZone: string;
}

export type LinkWithUrl = IssuedLink & { url: string };

/** What the setup form sends; the server fills in the defaults. The cycle has its own panel. */
export type MeetingDetailsInput = Omit<z.input<typeof MeetingDetails>, 'cycle'>;

export type SetupCommand = Exclude<MeetingCommand, { type: 'meeting:create' }>;

export const publicApi = {
  meeting: (meetingId: string) => request<PublicMeeting>(`${meetingPath(meetingId)}/public`),
  register: (
    meetingId: string,
    details: ParticipantDetails,
    extra: { email: string; language: string; confirmDuplicate: boolean },
  ) =>
    request<Registration>(`${meetingPath(meetingId)}/registrations`, {
      method: 'POST',
      body: { ...details, ...extra },
    }),
  /** Answers alike whether or not the address is registered. */
  resendLink: (meetingId: string, email: string, language: string) =>
    request<{ accepted: true }>(`${meetingPath(meetingId)}/registrations/resend`, {
      method: 'POST',
      body: { email, language },
    }),
};

/** The secretariat's calls, all made with the admin token. */
export function secretariatApi(adminToken: string) {
  return {
    meetings: () => request<{ meetings: MeetingSummary[] }>('/api/meetings', { adminToken }),
    createMeeting: (details: MeetingDetailsInput) =>
      request<{ meetingId: string; seq: number }>('/api/meetings', { method: 'POST', body: { details }, adminToken }),
    /**
     * The meeting and its links. With `unlessSeq`, null when the meeting is still as of that
     * seq: what a page following the meeting asks every few seconds.
     */
    meeting: async (meetingId: string, unlessSeq?: number) => {
      const links = async () => (await request<{ links: LinkWithUrl[] }>(`${meetingPath(meetingId)}/links`, { adminToken })).links;
      const read = (ifNoneMatch?: string) => request<{ seq: number; state: MeetingState } | null>(meetingPath(meetingId), { adminToken, ifNoneMatch });
      if (unlessSeq === undefined) {
        const [meeting, issued] = await Promise.all([read(), links()]);
        return meeting && { ...meeting, links: issued };
      }
      // The links are asked for only once the meeting is known to have changed.
      const meeting = await read(`"${unlessSeq}"`);
      return meeting && { ...meeting, links: await links() };
    },
    command: (meetingId: string, command: SetupCommand) =>
      request<{ seq: number; createdId: string | null }>(`${meetingPath(meetingId)}/commands`, {
        method: 'POST',
        body: command,
        adminToken,
      }),
    /** The record as it would be sealed now, the secretariat's corrections applied. */
    review: (meetingId: string) => request<{ record: ArchiveRecord }>(`${meetingPath(meetingId)}/review`, { adminToken }),
    issueLink: (
      meetingId: string,
      link: { role: Exclude<Role, 'participant'>; label?: string; expiresAt?: number; captions?: Language[]; lead?: boolean; booth?: BoothLanguage },
    ) =>
      request<{ linkId: string; url: string }>(`${meetingPath(meetingId)}/links`, {
        method: 'POST',
        body: link,
        adminToken,
      }),
  };
}

export type SecretariatApi = ReturnType<typeof secretariatApi>;
