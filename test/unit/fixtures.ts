/**
 * Builders for the unit tests: every meeting is made through `execute` with the actor the
 * real system would use, so the fixtures exercise the same checks as production.
 */
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute, type Transition } from '../../shared/meeting/execute.js';
import {
  MeetingDetails,
  ParticipantDetails,
  TopicDetails,
  type AttendanceMode,
  type MeetingState,
  type Role,
  type StakeholderGroup,
  type Speech,
  type Topic,
} from '../../shared/meeting/model.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import type { Result } from '../../shared/result.js';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** 3 February 2017, 09:00 UTC: the physical open consultation the seed document dates. */
export const T0 = Date.UTC(2017, 1, 3, 9, 0, 0);
export const MEETING_ID = 'cwg-internet-oc-2017-02';
export const REGISTRANT: Actor = { kind: 'registrant' };

export function meetingDetails(overrides: Partial<MeetingDetails> = {}): MeetingDetails {
  return MeetingDetails.parse({
    title: 'Open consultation of CWG-Internet',
    venue: 'ITU headquarters, Geneva',
    timeZone: 'Europe/Zurich',
    startsAt: T0,
    endsAt: T0 + 8 * HOUR,
    languages: ['en', 'ar', 'fr'],
    groupMeeting: { name: 'CWG-Internet', startsOn: '2017-02-06' },
    speakingTimeLimitSec: 180,
    warningSec: 30,
    ...overrides,
  });
}

export function topicDetails(title: string, overrides: Partial<TopicDetails> = {}): TopicDetails {
  return TopicDetails.parse({ title, ...overrides });
}

export interface ParticipantSpec {
  displayName: string;
  stakeholderGroup: StakeholderGroup;
  attendance: AttendanceMode;
  affiliation?: string;
  country?: string;
}

export function participantDetails(spec: ParticipantSpec): ParticipantDetails {
  return ParticipantDetails.parse(spec);
}

export const defaultTopics = [
  'Public policy issues pertaining to the Internet',
  'Bridging the digital divide',
  'Multilingualism on the Internet',
];

export const defaultParticipants: ParticipantSpec[] = [
  { displayName: 'Amina Diallo', stakeholderGroup: 'government', attendance: 'room', country: 'Senegal' },
  { displayName: 'Li Wei', stakeholderGroup: 'private_sector', attendance: 'remote', country: 'China' },
  { displayName: 'Olga Petrova', stakeholderGroup: 'civil_society', attendance: 'remote', country: 'Russia' },
  { displayName: 'Carlos Ruiz', stakeholderGroup: 'academic_technical', attendance: 'room', country: 'Mexico' },
];

/**
 * A test driver around the pure transition: keeps the clock, the state and the log of
 * accepted commands (what the server would store).
 */
export class Session {
  state: MeetingState | null = null;
  readonly log: LogEntry[] = [];

  constructor(public now: number = T0 - DAY) {}

  /** Moves the clock to an absolute time; the log's clock never goes back. */
  at(time: number): this {
    if (time < this.now) throw new Error(`clock would go back from ${this.now} to ${time}`);
    this.now = time;
    return this;
  }

  advance(ms: number): this {
    return this.at(this.now + ms);
  }

  /** Runs a command; on acceptance the state and log move on. */
  try(actor: Actor, command: MeetingCommand): Result<Transition> {
    const result = execute(this.state, command, { actor, now: this.now });
    if (result.ok) {
      this.state = result.value.state;
      this.log.push({ seq: this.log.length + 1, at: this.now, actor, command });
    }
    return result;
  }

  /** Runs a command that must be accepted; returns the id it created. */
  run(actor: Actor, command: MeetingCommand): string | null {
    const result = this.try(actor, command);
    if (!result.ok) throw new Error(`${command.type} refused: ${result.error.code}`);
    return result.value.createdId;
  }

  /** The error code of a command that must be refused; the state must not move. */
  refuse(actor: Actor, command: MeetingCommand): string {
    const before = this.state;
    const result = this.try(actor, command);
    if (result.ok) throw new Error(`${command.type} was accepted`);
    if (this.state !== before) throw new Error(`${command.type} was refused but the state moved`);
    return result.error.code;
  }

  get meeting(): MeetingState {
    if (!this.state) throw new Error('no meeting yet');
    return this.state;
  }

  get topic(): Topic {
    const topic = currentTopic(this.meeting);
    if (!topic) throw new Error('no current topic');
    return topic;
  }

  topicById(topicId: string): Topic {
    const topic = this.meeting.topics.find((candidate) => candidate.id === topicId);
    if (!topic) throw new Error(`no topic ${topicId}`);
    return topic;
  }
}

/** The actor of an issued link, exactly as the server derives it from the token. */
export function linkActor(state: MeetingState, linkId: string): Actor {
  const link = state.links.find((candidate) => candidate.id === linkId);
  if (!link) throw new Error(`no link ${linkId}`);
  return { kind: 'link', linkId: link.id, role: link.role, participantId: link.participantId };
}

export function personalLinkActor(state: MeetingState, participantId: string): Actor {
  const link = state.links.find((candidate) => candidate.participantId === participantId);
  if (!link) throw new Error(`no personal link for ${participantId}`);
  return linkActor(state, link.id);
}

export interface Person {
  id: string;
  name: string;
  actor: Actor;
}

export interface BuiltMeeting {
  session: Session;
  state: MeetingState;
  topicIds: string[];
  secretariat: Actor;
  chair: Actor;
  moderator: Actor;
  participants: Person[];
}

export interface BuildOptions {
  topics?: string[];
  participants?: ParticipantSpec[];
  status?: 'draft' | 'scheduled' | 'open';
  details?: Partial<MeetingDetails>;
  /** Extra role links to issue (captioner, screen, viewer...). */
  extraRoles?: Exclude<Role, 'participant'>[];
}

/**
 * Create -> topics -> chair and moderator links -> scheduled -> registrations -> open at T0.
 * Participants register themselves through the public link once the meeting is scheduled;
 * a draft meeting's participants are registered by the secretariat.
 */
export function buildMeeting(options: BuildOptions = {}): BuiltMeeting & { extra: Actor[] } {
  const status = options.status ?? 'open';
  const session = new Session(T0 - 10 * DAY);
  session.run(SECRETARIAT, { type: 'meeting:create', meetingId: MEETING_ID, details: meetingDetails(options.details) });
  const topicIds = (options.topics ?? defaultTopics).map(
    (title) => session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails(title) })!,
  );
  const linkExpiry = T0 + 2 * DAY;
  const issue = (role: Exclude<Role, 'participant'>, label: string) => {
    // Interpreters work in the French booth: fr is one of the meeting's languages.
    const booth = role === 'interpreter' ? { booth: 'fr' as const } : {};
    const linkId = session.run(SECRETARIAT, { type: 'link:issue', role, label, expiresAt: linkExpiry, ...booth })!;
    return linkActor(session.meeting, linkId);
  };
  const chair = issue('chair', 'Chair');
  const moderator = issue('moderator', 'Secretariat moderator');
  const extra = (options.extraRoles ?? []).map((role) => issue(role, role));
  if (status !== 'draft') {
    session.advance(DAY).run(SECRETARIAT, { type: 'meeting:transition', to: 'scheduled' });
  }
  const registrar = status === 'draft' ? SECRETARIAT : REGISTRANT;
  const participants = (options.participants ?? defaultParticipants).map((spec) => {
    const id = session.advance(MIN).run(registrar, { type: 'participant:register', details: participantDetails(spec) })!;
    return { id, name: spec.displayName, actor: personalLinkActor(session.meeting, id) };
  });
  if (status === 'open') session.at(T0).run(chair, { type: 'meeting:transition', to: 'open' });
  return {
    session,
    state: session.meeting,
    topicIds,
    secretariat: SECRETARIAT,
    chair,
    moderator,
    participants,
    extra,
  };
}

/** Recursively freezes a value so that any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A topic with nothing on it yet, for the queue rules tested on their own. */
export function emptyTopic(overrides: Partial<Topic> = {}): Topic {
  return {
    id: 't1',
    title: 'Topic',
    titles: {},
    description: '',
    descriptions: {},
    proposedBy: '',
    inputs: [],
    compilationReportUrl: null,
    speakingTimeLimitSec: null,
    listClosed: false,
    queue: [],
    floor: null,
    history: [],
    statements: [],
    setAside: [],
    ...overrides,
  };
}

/** A speech in progress (override what the test is about). */
export function speech(overrides: Partial<Speech> = {}): Speech {
  return {
    id: 'e1',
    participantId: 'p1',
    kind: 'intervention',
    replyTo: null,
    requestedAt: T0,
    startedAt: T0,
    endedAt: null,
    pauses: [],
    timeLimitSec: 180,
    attendance: 'room',
    ...overrides,
  };
}
