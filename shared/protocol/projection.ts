import type { IssuedLink, MeetingState, Participant, Role, Topic, WrittenStatement } from '../meeting/model.js';

/**
 * What a connection is shown of a meeting, by role:
 * - `staff` (chair, moderator, captioner, interpreter, venue station): the whole meeting; of the links, only
 *   the captioner and interpreter seats (the captioners' desk and the booths name who holds a
 *   stream or a channel by its seat, and an interpreter finds their booth on their own link) and
 *   the room's AV computers (the chair is told while none of them is on the audio and video);
 * - `participant`: the people on the speakers' list and everyone who spoke, with affiliation
 *   and country only of those on the list, as viewers see them (their own registration comes
 *   beside it: `self` in the snapshot); a delegate's page neither shows nor loads the other
 *   registrations (110-220 KB at 1,000 of them, names of people who chose not to publish theirs);
 *   of written statements, the one of the speech on the floor, with its text;
 * - `public` (room screens, webcast viewers): only the people on the speakers' list, of each
 *   topic's finished speeches the last few and those a waiting reply answers, and the written
 *   statement of the speech on the floor without its text, so what thousands of viewers load
 *   grows neither with the registrations, nor with the speeches made, nor with the statements.
 * Listeners are shown only the interpreter seats, unnamed (the channels they may choose);
 * nobody else is shown any other link (the secretariat's API lists them), and only the staff the
 * record's corrections. A change reaches each kind as a patch of its own projection (`meeting:changed`).
 */
export type ProjectionKind = 'staff' | 'participant' | 'public';

export const projectionOfRole = {
  chair: 'staff',
  moderator: 'staff',
  captioner: 'staff',
  interpreter: 'staff',
  venue: 'staff',
  participant: 'participant',
  screen: 'public',
  viewer: 'public',
} as const satisfies Record<Role, ProjectionKind>;

export const projectionKinds: readonly ProjectionKind[] = ['staff', 'participant', 'public'];

/** Finished speeches per topic whose speakers keep their affiliation shown (the room screen lists up to 3). */
const RECENT_SPEECHES = 3;

/** Participants on the speakers' list: waiting, speaking, or among the last who spoke. */
function onTheList(state: MeetingState): Set<string> {
  const listed = new Set<string>();
  for (const topic of state.topics) {
    for (const entry of topic.queue) listed.add(entry.participantId);
    if (topic.floor) listed.add(topic.floor.participantId);
    for (const speech of topic.history.slice(-RECENT_SPEECHES)) listed.add(speech.participantId);
  }
  return listed;
}

/** Everyone who ever spoke: transcripts and the history name them. */
function speakers(state: MeetingState): Set<string> {
  const spoke = new Set<string>();
  for (const topic of state.topics) for (const speech of topic.history) spoke.add(speech.participantId);
  return spoke;
}

// The same participant object always projects to the same object: diffs skip it by identity.
const withoutOrigin = new WeakMap<Participant, Participant>();
function anonymousOrigin(participant: Participant): Participant {
  if (!participant.affiliation && !participant.country) return participant;
  let projected = withoutOrigin.get(participant);
  if (!projected) {
    projected = { ...participant, affiliation: '', country: '' };
    withoutOrigin.set(participant, projected);
  }
  return projected;
}

/**
 * Of a topic's written statements, what delegates', screens' and viewers' pages show: the one
 * of the speech on the floor (its speaker is marked "in writing", and delegates read it as it is
 * read out). Statements still waiting are the chair's, and a delegate rewriting theirs reaches
 * the staff, not every page; those read out before are in the captions and then the record. So
 * what these pages load does not grow with the statements sent.
 */
function onFloorOnly(topic: Topic, withText: boolean): WrittenStatement[] {
  const statement = topic.floor && topic.statements.find((candidate) => candidate.requestId === topic.floor!.id);
  if (!statement) return [];
  return [withText ? statement : { ...statement, text: '' }];
}

// The same topic always projects to the same object, like participants.
const publicTopics = new WeakMap<Topic, Topic>();
/**
 * A topic as screens and viewers see it: its last finished speeches and any a queued reply or
 * the floor answers (pages name whom it answers), and the statement of the speech on the floor
 * without its text (the text reaches them as it is read out and captioned, and thousands of
 * viewers do not load pages of it).
 */
function publicTopic(topic: Topic): Topic {
  const trimHistory = topic.history.length > RECENT_SPEECHES;
  if (!trimHistory && topic.statements.length === 0 && topic.setAside.length === 0) return topic;
  let projected = publicTopics.get(topic);
  if (!projected) {
    const answered = new Set([...topic.queue.map((entry) => entry.replyTo), topic.floor?.replyTo ?? null]);
    const firstKept = topic.history.length - RECENT_SPEECHES;
    const history = trimHistory ? topic.history.filter((speech, index) => index >= firstKept || answered.has(speech.id)) : topic.history;
    projected = { ...topic, history, statements: onFloorOnly(topic, false), setAside: [] };
    publicTopics.set(topic, projected);
  }
  return projected;
}

const delegateTopics = new WeakMap<Topic, Topic>();
/**
 * A topic as delegates see it: every speech, and the statement of the speech on the floor with
 * its text. Which statements the chair set aside is told to their authors only (`Own`).
 */
function delegateTopic(topic: Topic): Topic {
  if (topic.statements.length === 0 && topic.setAside.length === 0) return topic;
  let projected = delegateTopics.get(topic);
  if (!projected) {
    const statements = onFloorOnly(topic, true);
    projected = statements.length === 1 && topic.statements.length === 1 && topic.setAside.length === 0 ? topic : { ...topic, statements, setAside: [] };
    delegateTopics.set(topic, projected);
  }
  return projected;
}

const projected = new WeakMap<MeetingState, Map<ProjectionKind, MeetingState>>();

/**
 * The meeting as a kind of connection sees it. Pure, and cached per state object: a reload
 * storm of a thousand viewers projects the state once.
 *
 * @example project(state, projectionOfRole.viewer).links // []
 */
export function project(state: MeetingState, kind: ProjectionKind): MeetingState {
  const cached = projected.get(state)?.get(kind);
  if (cached) return cached;
  const result = projectUncached(state, kind);
  const byKind = projected.get(state) ?? new Map<ProjectionKind, MeetingState>();
  byKind.set(kind, result);
  projected.set(state, byKind);
  return result;
}

// The same seat always projects to the same object, like participants.
const unnamedSeats = new WeakMap<IssuedLink, IssuedLink>();
/**
 * The interpretation channels a listener may choose are the booths with an interpreter seat;
 * listeners are shown those seats without the interpreters' names.
 */
function boothSeats(state: MeetingState): IssuedLink[] {
  return state.links
    .filter((link) => link.role === 'interpreter')
    .map((link) => {
      let seat = unnamedSeats.get(link);
      if (!seat) {
        seat = { ...link, label: '' };
        unnamedSeats.set(link, seat);
      }
      return seat;
    });
}

const staffSeeLinksOf = new Set<Role>(['captioner', 'interpreter', 'venue']);

function projectUncached(state: MeetingState, kind: ProjectionKind): MeetingState {
  if (kind === 'staff') return { ...state, links: state.links.filter((link) => staffSeeLinksOf.has(link.role)) };
  const listed = onTheList(state);
  const shown = (participant: Participant) => (listed.has(participant.id) ? participant : anonymousOrigin(participant));
  // Everyone who ever spoke keeps a name: a transcript attributes their lines.
  const named = speakers(state);
  const participants = state.participants.filter((participant) => listed.has(participant.id) || named.has(participant.id)).map(shown);
  if (kind === 'participant') {
    // The meeting's own array when no topic holds a statement to withhold: diffs skip it by identity.
    const topics = state.topics.map(delegateTopic);
    const same = topics.every((topic, index) => topic === state.topics[index]);
    return { ...state, links: boothSeats(state), corrections: [], participants, topics: same ? state.topics : topics };
  }
  return { ...state, links: boothSeats(state), corrections: [], participants, topics: state.topics.map(publicTopic) };
}
