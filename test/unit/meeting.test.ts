import { describe, expect, it } from 'vitest';
import { mayIssue, SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import { errorMessages } from '../../shared/errors.js';
import { commandTypes, type CommandType, type MeetingCommand } from '../../shared/meeting/commands.js';
import { allowedTransitions, execute, replay } from '../../shared/meeting/execute.js';
import { expiresBeforeMeetingEnds, possibleDuplicates, sameRegistrant } from '../../shared/meeting/selectors.js';
import {
  WebLink,
  DEFAULT_LINK_GRACE_HOURS,
  MAX_PARTICIPANTS,
  meetingStatuses,
  roles,
  type MeetingState,
  type MeetingStatus,
  type Role,
} from '../../shared/meeting/model.js';
import {
  buildMeeting,
  DAY,
  deepFreeze,
  HOUR,
  linkActor,
  meetingDetails,
  MEETING_ID,
  MIN,
  participantDetails,
  REGISTRANT,
  SEC,
  Session,
  T0,
  topicDetails,
  type Person,
} from './fixtures.js';

const GRACE = DEFAULT_LINK_GRACE_HOURS * HOUR;

const newcomer = participantDetails({
  displayName: 'Nadia Haddad',
  stakeholderGroup: 'intergovernmental',
  attendance: 'remote',
  affiliation: 'ESCWA',
});

function codeOf(state: MeetingState | null, actor: Actor, command: MeetingCommand, now: number): string {
  const result = execute(state, command, { actor, now });
  if (result.ok) throw new Error(`${command.type} was accepted`);
  return result.error.code;
}

/** An open meeting where A has spoken, B holds the floor and C waits. */
function busyMeeting() {
  const built = buildMeeting({ extraRoles: ['captioner', 'screen', 'viewer', 'venue', 'interpreter'] });
  const [a, b, c, d] = built.participants as [Person, Person, Person, Person];
  const { session, chair } = built;
  session.advance(SEC).run(a.actor, { type: 'queue:request', kind: 'intervention' });
  session.advance(SEC).run(b.actor, { type: 'queue:request', kind: 'intervention' });
  session.advance(SEC).run(chair, { type: 'floor:give' });
  session.advance(MIN).run(chair, { type: 'floor:give' });
  const cEntry = session.advance(SEC).run(c.actor, { type: 'queue:request', kind: 'intervention' })!;
  session.advance(10 * SEC);
  return { ...built, a, b, c, d, cEntry };
}

describe('meeting lifecycle', () => {
  it('creating a meeting starts it as an empty draft', () => {
    const session = new Session(T0 - 10 * DAY);
    const created = session.run(SECRETARIAT, {
      type: 'meeting:create',
      meetingId: MEETING_ID,
      details: meetingDetails(),
    });
    expect(created).toBeNull();
    expect(session.meeting).toEqual({
      ...meetingDetails(),
      id: MEETING_ID,
      status: 'draft',
      createdAt: T0 - 10 * DAY,
      topics: [],
      currentTopicId: null,
      participants: [],
      links: [],
      corrections: [],
      booths: [],
      channelLog: [],
      nextId: 1,
      captionDisplay: {
        lines: 4,
        lineLength: 32,
        theme: 'high-contrast',
        screenLanguages: [],
        arrangement: 'side-by-side',
        recentSpeakers: 1,
        signer: false,
      },
      statusHistory: [{ status: 'draft', at: T0 - 10 * DAY }],
    });
    expect(session.refuse(SECRETARIAT, { type: 'meeting:create', meetingId: 'other', details: meetingDetails() })).toBe(
      'MEETING_EXISTS',
    );
  });

  it('a meeting must end after it starts', () => {
    const details = meetingDetails({ endsAt: T0 });
    expect(codeOf(null, SECRETARIAT, { type: 'meeting:create', meetingId: MEETING_ID, details }, T0)).toBe(
      'BAD_REQUEST',
    );
    const { session } = buildMeeting({ status: 'draft' });
    expect(session.refuse(SECRETARIAT, { type: 'meeting:update', details: { endsAt: T0 - HOUR } })).toBe(
      'BAD_REQUEST',
    );
  });

  it('commands other than create need a meeting', () => {
    expect(codeOf(null, SECRETARIAT, { type: 'topic:add', details: topicDetails('x') }, T0)).toBe('MEETING_NOT_FOUND');
    expect(codeOf(null, SECRETARIAT, { type: 'meeting:transition', to: 'open' }, T0)).toBe('MEETING_NOT_FOUND');
  });

  it('goes draft -> scheduled -> open -> adjourned, and an adjourned meeting resumes', () => {
    const { session, chair } = buildMeeting({ status: 'draft' });
    const statuses: MeetingStatus[] = [session.meeting.status];
    for (const to of ['scheduled', 'open', 'adjourned', 'open', 'adjourned'] as const) {
      session.advance(MIN).run(chair, { type: 'meeting:transition', to });
      statuses.push(session.meeting.status);
    }
    expect(statuses).toEqual(['draft', 'scheduled', 'open', 'adjourned', 'open', 'adjourned']);
  });

  it('a scheduled meeting can go back to draft', () => {
    const { session } = buildMeeting({ status: 'scheduled' });
    session.run(SECRETARIAT, { type: 'meeting:transition', to: 'draft' });
    expect(session.meeting.status).toBe('draft');
  });

  const legal: Record<MeetingStatus, MeetingStatus[]> = {
    draft: ['scheduled'],
    scheduled: ['draft', 'open'],
    open: ['adjourned'],
    adjourned: ['open', 'archived'],
    archived: [],
  };
  // From archived every command is refused as MEETING_ARCHIVED; see the sealing tests.
  const illegal = meetingStatuses.filter((from) => from !== 'archived').flatMap((from) =>
    meetingStatuses.filter((to) => to !== from && !legal[from].includes(to)).map((to) => [from, to] as const),
  );

  /** A meeting in the given status, reached through legal transitions. */
  function meetingIn(status: MeetingStatus) {
    const built = buildMeeting({ status: status === 'adjourned' || status === 'archived' ? 'open' : status });
    if (status === 'adjourned' || status === 'archived') {
      built.session.advance(HOUR).run(built.chair, { type: 'meeting:transition', to: 'adjourned' });
    }
    if (status === 'archived') built.session.advance(HOUR).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    expect(built.session.meeting.status).toBe(status);
    return built;
  }

  it('lists exactly ten illegal moves between different statuses of a meeting not yet archived', () => {
    expect(illegal).toHaveLength(10);
  });

  it('only the secretariat archives an adjourned meeting, and the archive is dated', () => {
    const { session, chair } = meetingIn('adjourned');
    expect(session.refuse(chair, { type: 'meeting:transition', to: 'archived' })).toBe('FORBIDDEN');
    session.advance(MIN).run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
    expect(session.meeting.status).toBe('archived');
    expect(session.meeting.statusHistory.map((change) => change.status)).toEqual([
      'draft',
      'scheduled',
      'open',
      'adjourned',
      'archived',
    ]);
    expect(session.meeting.statusHistory.at(-1)!.at).toBe(session.now);
  });

  it('an archived meeting refuses every command, even from the secretariat, and never changes', () => {
    const { session, chair } = meetingIn('archived');
    const before = session.meeting;
    expect(session.refuse(SECRETARIAT, { type: 'meeting:transition', to: 'open' })).toBe('MEETING_ARCHIVED');
    expect(session.refuse(SECRETARIAT, { type: 'meeting:update', details: { title: 'Rewritten' } })).toBe('MEETING_ARCHIVED');
    expect(session.refuse(chair, { type: 'queue:close' })).toBe('MEETING_ARCHIVED');
    expect(session.refuse(REGISTRANT, { type: 'participant:register', details: newcomer })).toBe('MEETING_ARCHIVED');
    expect(session.meeting).toBe(before);
  });

  it.each(illegal)('%s -> %s is refused with INVALID_TRANSITION', (from, to) => {
    const { session, chair } = meetingIn(from);
    expect(session.refuse(chair, { type: 'meeting:transition', to })).toBe('INVALID_TRANSITION');
    expect(session.meeting.status).toBe(from);
  });

  it.each(meetingStatuses.filter((status) => status !== 'archived'))('a transition from %s to the same status changes nothing', (status) => {
    const { session, chair } = meetingIn(status);
    const before = session.meeting;
    const result = execute(before, { type: 'meeting:transition', to: status }, { actor: chair, now: session.now });
    expect(result).toEqual({ ok: true, value: { state: before, createdId: null, unchanged: true } });
  });

  it('archiving a meeting another console resumed meanwhile is refused as overtaken, naming the status it is in now, and changes nothing', () => {
    const { session, chair } = meetingIn('adjourned');
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'open', expectedStatus: 'adjourned' });
    const before = session.meeting;
    const result = execute(before, { type: 'meeting:transition', to: 'archived', expectedStatus: 'adjourned' }, { actor: SECRETARIAT, now: session.now });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'MEETING_STATUS_CHANGED', detail: 'open' }) });
    expect(session.meeting).toBe(before);
    // Without the status it saw, the same move is only an impossible one.
    expect(session.refuse(SECRETARIAT, { type: 'meeting:transition', to: 'archived' })).toBe('INVALID_TRANSITION');
  });

  it.each(meetingStatuses.filter((status) => status !== 'archived'))(
    'a move from %s sent by a console that saw another status is refused, even where the move itself is allowed',
    (status) => {
      const { session } = meetingIn(status);
      const to = allowedTransitions[status].find((next) => next !== 'archived')!;
      const seen = meetingStatuses.find((other) => other !== status && other !== 'archived')!;
      expect(session.refuse(SECRETARIAT, { type: 'meeting:transition', to, expectedStatus: seen })).toBe('MEETING_STATUS_CHANGED');
      expect(session.meeting.status).toBe(status);
      session.run(SECRETARIAT, { type: 'meeting:transition', to, expectedStatus: status });
      expect(session.meeting.status).toBe(to);
    },
  );

  it('two consoles resuming the same adjourned meeting both succeed: the second finds it done, not overtaken', () => {
    const { session, chair } = meetingIn('adjourned');
    session.advance(MIN).run(chair, { type: 'meeting:transition', to: 'open', expectedStatus: 'adjourned' });
    const before = session.meeting;
    const second = execute(before, { type: 'meeting:transition', to: 'open', expectedStatus: 'adjourned' }, { actor: chair, now: session.now });
    expect(second).toEqual({ ok: true, value: { state: before, createdId: null, unchanged: true } });
  });

  it('adjourning ends the speech in progress, closing its pause, and keeps the queue', () => {
    const { session, chair, b, cEntry } = busyMeeting();
    session.advance(5 * SEC).run(chair, { type: 'floor:pause' });
    session.advance(5 * SEC).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const adjournedAt = session.now;
    const topic = session.topic;
    expect(topic.floor).toBeNull();
    expect(topic.history.at(-1)).toMatchObject({
      participantId: b.id,
      endedAt: adjournedAt,
      pauses: [{ startedAt: adjournedAt - 5 * SEC, endedAt: adjournedAt }],
    });
    expect(topic.queue.map((entry) => entry.id)).toEqual([cEntry]);
    // Resuming does not give the floor back by itself.
    session.advance(HOUR).run(chair, { type: 'meeting:transition', to: 'open' });
    expect(session.topic.floor).toBeNull();
    expect(session.topic.queue.map((entry) => entry.id)).toEqual([cEntry]);
  });

  it('meeting:update changes only the given fields', () => {
    const { session } = buildMeeting({ status: 'scheduled' });
    const before = session.meeting;
    session.run(SECRETARIAT, { type: 'meeting:update', details: { venue: 'Room B, Geneva', warningSec: 15 } });
    expect(session.meeting).toEqual({ ...before, venue: 'Room B, Geneva', warningSec: 15 });
  });
});

describe('topics', () => {
  it('adding the first topic makes it current; later topics do not change the current one', () => {
    const { session } = buildMeeting({ topics: [], status: 'draft' });
    expect(session.meeting.currentTopicId).toBeNull();
    const first = session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('First') })!;
    expect(session.meeting.currentTopicId).toBe(first);
    const second = session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Second') })!;
    expect(second).not.toBe(first);
    expect(session.meeting.currentTopicId).toBe(first);
    expect(session.topicById(second)).toEqual({
      ...topicDetails('Second'),
      id: second,
      listClosed: false,
      queue: [],
      floor: null,
      history: [],
      statements: [],
      setAside: [],
    });
    expect(session.meeting.topics.map((topic) => topic.title)).toEqual(['First', 'Second']);
  });

  it('update changes only the given fields', () => {
    const { session, topicIds } = buildMeeting();
    const before = session.topicById(topicIds[1]!);
    session.run(SECRETARIAT, {
      type: 'topic:update',
      topicId: topicIds[1]!,
      details: { description: 'Inputs received by 4 January 2017', proposedBy: 'Russian Federation' },
    });
    expect(session.topicById(topicIds[1]!)).toEqual({
      ...before,
      description: 'Inputs received by 4 January 2017',
      proposedBy: 'Russian Federation',
    });
    expect(session.topicById(topicIds[0]!)).toBe(session.meeting.topics[0]);
    expect(session.refuse(SECRETARIAT, { type: 'topic:update', topicId: 't999', details: { title: 'x' } })).toBe(
      'TOPIC_NOT_FOUND',
    );
  });

  it("translations changed language by language set or remove that language's title and description only, after the details; an unknown language is refused and changes nothing", () => {
    const { session, topicIds } = buildMeeting();
    const topicId = topicIds[0]!;
    session.run(SECRETARIAT, { type: 'topic:update', topicId, details: {}, translated: { fr: { title: 'Connectivité', description: 'Dans les zones rurales.' } } });
    // The Arabic translator, working at the same time, sends only Arabic: French stays.
    session.run(SECRETARIAT, { type: 'topic:update', topicId, details: {}, translated: { ar: { title: 'الاتصال' } } });
    expect(session.topicById(topicId).titles).toEqual({ fr: 'Connectivité', ar: 'الاتصال' });
    expect(session.topicById(topicId).descriptions).toEqual({ fr: 'Dans les zones rurales.' });
    // Null removes; absent leaves as it is; whole records in the details come first.
    session.run(SECRETARIAT, {
      type: 'topic:update',
      topicId,
      details: { titles: { fr: 'Remplacé' }, title: 'Connectivity, renamed' },
      translated: { fr: { description: null }, ar: { title: 'الاتصال المجدي' } },
    });
    expect(session.topicById(topicId)).toMatchObject({ title: 'Connectivity, renamed', titles: { fr: 'Remplacé', ar: 'الاتصال المجدي' }, descriptions: {} });
    const before = session.meeting;
    expect(session.refuse(SECRETARIAT, { type: 'topic:update', topicId, details: {}, translated: { es: { title: 'Conectividad' } } })).toBe('UNKNOWN_LANGUAGE');
    expect(session.meeting).toBe(before);
  });

  it('a topic without speeches can be removed, waiting requests and all', () => {
    const { session, topicIds, participants, chair } = buildMeeting();
    const [a] = participants as [Person];
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(a.actor, { type: 'queue:request', kind: 'intervention' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[0]! });
    expect(session.topicById(topicIds[1]!).queue).toHaveLength(1);
    session.run(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[1]! });
    expect(session.meeting.topics.map((topic) => topic.id)).toEqual([topicIds[0], topicIds[2]]);
    expect(session.meeting.topics.flatMap((topic) => topic.queue)).toEqual([]);
  });

  it('remove is refused with TOPIC_HAS_SPEECHES once someone spoke, and while someone speaks', () => {
    const { session, chair, topicIds, participants } = buildMeeting();
    const [a] = participants as [Person];
    session.run(a.actor, { type: 'queue:request', kind: 'intervention' });
    session.run(chair, { type: 'floor:give' });
    expect(session.refuse(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[0]! })).toBe('TOPIC_HAS_SPEECHES');
    session.advance(MIN).run(chair, { type: 'floor:end' });
    expect(session.refuse(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[0]! })).toBe('TOPIC_HAS_SPEECHES');
    expect(session.refuse(SECRETARIAT, { type: 'topic:remove', topicId: 't999' })).toBe('TOPIC_NOT_FOUND');
  });

  it('removing the current topic makes the first remaining topic current; removing all leaves none', () => {
    const { session, chair, topicIds } = buildMeeting();
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    session.run(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[1]! });
    expect(session.meeting.currentTopicId).toBe(topicIds[0]);
    session.run(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[2]! });
    expect(session.meeting.currentTopicId).toBe(topicIds[0]);
    session.run(SECRETARIAT, { type: 'topic:remove', topicId: topicIds[0]! });
    expect(session.meeting.currentTopicId).toBeNull();
    expect(session.refuse(chair, { type: 'floor:give' })).toBe('NO_CURRENT_TOPIC');
    const fresh = session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Fresh') });
    expect(session.meeting.currentTopicId).toBe(fresh);
  });

  it('move puts the topic at the index, clamped to the end', () => {
    const { session, topicIds } = buildMeeting();
    const [t1, t2, t3] = topicIds as [string, string, string];
    const order = () => session.meeting.topics.map((topic) => topic.id);
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t3, toIndex: 0 });
    expect(order()).toEqual([t3, t1, t2]);
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t3, toIndex: 1 });
    expect(order()).toEqual([t1, t3, t2]);
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t1, toIndex: 50 });
    expect(order()).toEqual([t3, t2, t1]);
    expect(session.meeting.currentTopicId).toBe(t1);
    expect(session.refuse(SECRETARIAT, { type: 'topic:move', topicId: 't999', toIndex: 0 })).toBe('TOPIC_NOT_FOUND');
  });

  it('two secretaries reordering the agenda: a move made on an order that changed since the issuer saw it is refused with TOPICS_CHANGED; the same move twice stands', () => {
    const { session, topicIds } = buildMeeting();
    const [t1, t2, t3] = topicIds as [string, string, string];
    const order = () => session.meeting.topics.map((topic) => topic.id);
    // Both see t3 third and press "Move up": the first moves it, the second finds it moved.
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t3, toIndex: 1, expectedIndex: 2 });
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t3, toIndex: 1, expectedIndex: 2 });
    expect(order()).toEqual([t1, t3, t2]);
    // The second, on the old order, presses "Move up" on t2, which it saw second: it is third now, and would land first.
    expect(session.refuse(SECRETARIAT, { type: 'topic:move', topicId: t2, toIndex: 0, expectedIndex: 1 })).toBe('TOPICS_CHANGED');
    expect(order()).toEqual([t1, t3, t2]);
    // "Move down" on t2 from the old order finds it already third, where it was asked to go: that stands, unchanged.
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t2, toIndex: 2, expectedIndex: 1 });
    expect(order()).toEqual([t1, t3, t2]);
    // A move made on the order as it is applies.
    session.run(SECRETARIAT, { type: 'topic:move', topicId: t2, toIndex: 0, expectedIndex: 2 });
    expect(order()).toEqual([t2, t1, t3]);
  });

  it('select is refused with FLOOR_IN_USE while someone speaks, even paused', () => {
    const { session, chair, topicIds, participants } = buildMeeting();
    const [a] = participants as [Person];
    session.run(a.actor, { type: 'queue:request', kind: 'intervention' });
    session.run(chair, { type: 'floor:give' });
    expect(session.refuse(chair, { type: 'topic:select', topicId: topicIds[1]! })).toBe('FLOOR_IN_USE');
    expect(session.refuse(SECRETARIAT, { type: 'topic:select', topicId: topicIds[1]! })).toBe('FLOOR_IN_USE');
    session.run(chair, { type: 'floor:pause' });
    expect(session.refuse(chair, { type: 'topic:select', topicId: topicIds[1]! })).toBe('FLOOR_IN_USE');
    // Re-selecting the current topic is harmless.
    session.run(chair, { type: 'topic:select', topicId: topicIds[0]! });
    session.run(chair, { type: 'floor:end' });
    session.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    expect(session.meeting.currentTopicId).toBe(topicIds[1]);
    expect(session.refuse(chair, { type: 'topic:select', topicId: 't999' })).toBe('TOPIC_NOT_FOUND');
  });

  it('speaking time can be set per topic and per meeting', () => {
    const { session, chair, topicIds } = buildMeeting();
    session.run(chair, { type: 'topic:setSpeakingTime', topicId: topicIds[2]!, seconds: 300 });
    session.run(chair, { type: 'meeting:setSpeakingTime', seconds: 120 });
    expect(session.topicById(topicIds[2]!).speakingTimeLimitSec).toBe(300);
    expect(session.topicById(topicIds[1]!).speakingTimeLimitSec).toBeNull();
    expect(session.meeting.speakingTimeLimitSec).toBe(120);
    expect(session.refuse(chair, { type: 'topic:setSpeakingTime', topicId: 't999', seconds: 60 })).toBe(
      'TOPIC_NOT_FOUND',
    );
  });
});

describe('registration', () => {
  it.each(['draft', 'adjourned'] as const)('registrants are refused with REGISTRATION_CLOSED when %s', (status) => {
    const { session, chair } = buildMeeting({ status: status === 'draft' ? 'draft' : 'open' });
    if (status === 'adjourned') session.run(chair, { type: 'meeting:transition', to: 'adjourned' });
    expect(session.refuse(REGISTRANT, { type: 'participant:register', details: newcomer })).toBe(
      'REGISTRATION_CLOSED',
    );
    // The secretariat and the chair can still register someone.
    session.run(SECRETARIAT, { type: 'participant:register', details: newcomer });
    session.run(chair, { type: 'participant:register', details: { ...newcomer, displayName: 'Second' } });
    expect(session.meeting.participants.slice(-2).map((p) => p.displayName)).toEqual(['Nadia Haddad', 'Second']);
  });

  it.each(['scheduled', 'open'] as const)('registrants may register when %s', (status) => {
    const { session } = buildMeeting({ status });
    const id = session.run(REGISTRANT, { type: 'participant:register', details: newcomer });
    expect(session.meeting.participants.at(-1)?.id).toBe(id);
  });

  it('registering issues a personal link with the participant', () => {
    const { session } = buildMeeting({ status: 'scheduled' });
    const nextId = session.meeting.nextId;
    const now = session.advance(HOUR).now;
    const id = session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    expect(id).toBe(`p${nextId}`);
    expect(session.meeting.participants.at(-1)).toEqual({
      ...newcomer,
      country: '',
      id,
      role: 'participant',
      registeredAt: now,
      registration: 'approved',
    });
    expect(session.meeting.links.at(-1)).toEqual({
      id: `l${nextId + 1}`,
      role: 'participant',
      label: 'Nadia Haddad',
      participantId: id,
      issuedAt: now,
      expiresAt: T0 + 8 * HOUR + GRACE,
      followsMeetingSince: now,
      revokedAt: null,
      captions: [],
      lead: false,
      booth: null,
    });
    // The link works straight away.
    const actor = linkActor(session.meeting, `l${nextId + 1}`);
    session.run(actor, { type: 'participant:update', participantId: id, details: { country: 'Lebanon' } });
    expect(session.meeting.participants.at(-1)?.country).toBe('Lebanon');
  });

  it('a late registration gets a personal link valid for the grace period from now', () => {
    const { session, chair } = buildMeeting();
    session.at(T0 + 9 * HOUR);
    session.run(chair, { type: 'participant:register', details: newcomer });
    expect(session.meeting.links.at(-1)?.expiresAt).toBe(T0 + 9 * HOUR + GRACE);
  });

  it('registration stops at the participant limit', () => {
    const { session } = buildMeeting();
    const template = session.meeting.participants[0]!;
    const crowd = (count: number): MeetingState => ({
      ...session.meeting,
      participants: Array.from({ length: count }, (_, index) => ({ ...template, id: `x${index}` })),
    });
    const register = { type: 'participant:register', details: newcomer } as const;
    expect(codeOf(crowd(MAX_PARTICIPANTS), REGISTRANT, register, session.now)).toBe('TOO_MANY_PARTICIPANTS');
    const last = execute(crowd(MAX_PARTICIPANTS - 1), register, { actor: REGISTRANT, now: session.now });
    expect(last.ok && last.value.state.participants).toHaveLength(MAX_PARTICIPANTS);
  });

  it('participants update only their own details, and only the given fields', () => {
    const { session, participants, chair } = buildMeeting();
    const [a, b] = participants as [Person, Person];
    const before = session.meeting.participants[1]!;
    expect(
      session.refuse(a.actor, { type: 'participant:update', participantId: b.id, details: { displayName: 'Hijacked' } }),
    ).toBe('FORBIDDEN');
    session.run(b.actor, { type: 'participant:update', participantId: b.id, details: { attendance: 'room' } });
    expect(session.meeting.participants[1]).toEqual({ ...before, attendance: 'room' });
    session.run(chair, { type: 'participant:update', participantId: b.id, details: { affiliation: 'ISOC' } });
    expect(session.meeting.participants[1]).toEqual({ ...before, attendance: 'room', affiliation: 'ISOC' });
    expect(
      session.refuse(chair, { type: 'participant:update', participantId: 'p999', details: { country: 'x' } }),
    ).toBe('PARTICIPANT_NOT_FOUND');
  });
});

describe('links', () => {
  it('a revoked link is refused with LINK_REVOKED for its commands; other links still work', () => {
    const { session, participants, chair, moderator } = buildMeeting();
    const [a, b] = participants as [Person, Person];
    const aLink = (a.actor as Extract<Actor, { kind: 'link' }>).linkId;
    session.advance(MIN).run(SECRETARIAT, { type: 'link:revoke', linkId: aLink });
    expect(session.meeting.links.find((link) => link.id === aLink)?.revokedAt).toBe(session.now);
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'intervention' })).toBe('LINK_REVOKED');
    expect(
      session.refuse(a.actor, { type: 'participant:update', participantId: a.id, details: { country: 'x' } }),
    ).toBe('LINK_REVOKED');
    session.run(b.actor, { type: 'queue:request', kind: 'intervention' });

    const chairLink = (chair as Extract<Actor, { kind: 'link' }>).linkId;
    session.run(SECRETARIAT, { type: 'link:revoke', linkId: chairLink });
    expect(session.refuse(chair, { type: 'floor:give' })).toBe('LINK_REVOKED');
    session.run(moderator, { type: 'floor:give' });

    // Revoking again keeps the first revocation time.
    const revokedAt = session.meeting.links.find((link) => link.id === aLink)?.revokedAt;
    session.advance(MIN).run(SECRETARIAT, { type: 'link:revoke', linkId: aLink });
    expect(session.meeting.links.find((link) => link.id === aLink)?.revokedAt).toBe(revokedAt);
    expect(session.refuse(SECRETARIAT, { type: 'link:revoke', linkId: 'l999' })).toBe('LINK_NOT_FOUND');
  });

  it('an expired link is refused with LINK_EXPIRED from its expiry time on', () => {
    const { session, chair } = buildMeeting();
    const expiresAt = session.meeting.links.find((link) => link.role === 'chair')!.expiresAt;
    expect(expiresAt).toBe(T0 + 2 * DAY);
    session.at(expiresAt - 1).run(chair, { type: 'queue:close' });
    session.at(expiresAt);
    expect(session.refuse(chair, { type: 'queue:reopen' })).toBe('LINK_EXPIRED');
  });

  it('a personal link expires after the grace period', () => {
    const { session, participants } = buildMeeting();
    const [a] = participants as [Person];
    session.at(T0 + 8 * HOUR + GRACE);
    expect(session.refuse(a.actor, { type: 'queue:request', kind: 'intervention' })).toBe('LINK_EXPIRED');
  });

  it('a link whose role or participant does not match the issued record is UNAUTHORIZED', () => {
    const { session, participants, extra } = buildMeeting({ extraRoles: ['viewer'] });
    const [a, b] = participants as [Person, Person];
    const viewer = extra[0] as Extract<Actor, { kind: 'link' }>;
    const personal = a.actor as Extract<Actor, { kind: 'link' }>;
    // A viewer link pretending to be the chair's.
    expect(session.refuse({ ...viewer, role: 'chair' }, { type: 'floor:give' })).toBe('UNAUTHORIZED');
    // A's personal link claiming to be B.
    expect(session.refuse({ ...personal, participantId: b.id }, { type: 'queue:request', kind: 'intervention' })).toBe(
      'UNAUTHORIZED',
    );
    // A personal link claiming the chair role.
    expect(session.refuse({ ...personal, role: 'chair' }, { type: 'queue:close' })).toBe('UNAUTHORIZED');
    // A link that was never issued.
    expect(
      session.refuse(
        { kind: 'link', linkId: 'l999', role: 'chair', participantId: null },
        { type: 'queue:close' },
      ),
    ).toBe('UNAUTHORIZED');
  });

  it('a link must expire in the future', () => {
    const { session } = buildMeeting();
    expect(
      session.refuse(SECRETARIAT, { type: 'link:issue', role: 'captioner', label: '', expiresAt: session.now }),
    ).toBe('BAD_REQUEST');
    const id = session.run(SECRETARIAT, {
      type: 'link:issue',
      role: 'captioner',
      label: 'CART',
      expiresAt: session.now + 1,
    });
    expect(session.meeting.links.at(-1)).toEqual({
      id,
      role: 'captioner',
      label: 'CART',
      participantId: null,
      issuedAt: session.now,
      expiresAt: session.now + 1,
      followsMeetingSince: null,
      revokedAt: null,
      captions: [],
      lead: false,
      booth: null,
    });
  });
});

describe('permissions', () => {
  const setUp: CommandType[] = [
    'meeting:create',
    'meeting:update',
    'topic:add',
    'topic:update',
    'topic:remove',
    'topic:move',
    'link:issue',
    'link:revoke',
    'link:renew',
    'link:setLead',
    'record:correct',
    'record:revert',
    'participant:review',
  ];
  const running: CommandType[] = [
    'meeting:transition',
    'meeting:setSpeakingTime',
    'meeting:setCaptionDisplay',
    'topic:select',
    'topic:setSpeakingTime',
    'queue:add',
    'queue:move',
    'queue:close',
    'queue:reopen',
    'queue:readdLast',
    'floor:give',
    'floor:end',
    'floor:pause',
    'floor:resume',
    'queue:carryOver',
    'floor:addTime',
    'floor:restart',
  ];
  const people: CommandType[] = ['participant:register', 'participant:update', 'queue:withdraw', 'statement:submit', 'statement:withdraw'];
  const interpretation: CommandType[] = ['booth:take', 'booth:release'];

  type ActorKey = 'secretariat' | 'registrant' | Role;
  const permitted: Record<ActorKey, CommandType[]> = {
    secretariat: [...setUp, ...running, ...people, 'booth:release'],
    registrant: ['participant:register'],
    chair: [...running, ...people, 'booth:release'],
    moderator: [...running, ...people, 'booth:release'],
    participant: ['participant:update', 'queue:withdraw', 'queue:request', 'statement:submit', 'statement:withdraw'],
    captioner: [],
    screen: [],
    venue: [],
    viewer: [],
    interpreter: interpretation,
  };
  const actorKeys: ActorKey[] = ['secretariat', 'registrant', ...roles];

  it('the permission table covers every command type', () => {
    expect(new Set([...setUp, ...running, ...people, ...interpretation, 'queue:request'])).toEqual(new Set(commandTypes));
  });

  /** States and sample commands in which every command type is accepted for a permitted actor. */
  function fixtures() {
    const busy = busyMeeting();
    const { session, chair, d, topicIds, cEntry } = busy;
    const actors: Record<ActorKey, Actor> = {
      secretariat: SECRETARIAT,
      registrant: REGISTRANT,
      chair,
      moderator: busy.moderator,
      participant: d.actor,
      captioner: busy.extra[0]!,
      screen: busy.extra[1]!,
      viewer: busy.extra[2]!,
      venue: busy.extra[3]!,
      interpreter: busy.extra[4]!,
    };
    const now = session.now;
    const busyState = session.meeting;
    const withD = new Session(now);
    withD.state = busyState;
    const dEntry = withD.run(d.actor, { type: 'queue:request', kind: 'intervention' })!;
    const withStatement = new Session(now);
    withStatement.state = withD.meeting;
    withStatement.run(d.actor, { type: 'statement:submit', requestId: dEntry, text: 'Our statement, in writing.' });
    const paused = new Session(now);
    paused.state = busyState;
    paused.run(chair, { type: 'floor:pause' });
    const idle = new Session(now);
    idle.state = busyState;
    idle.run(chair, { type: 'floor:end' });
    const elsewhere = new Session(now);
    elsewhere.state = idle.meeting;
    elsewhere.run(chair, { type: 'topic:select', topicId: topicIds[1]! });
    const speechId = busyState.topics[0]!.floor!.id;
    const adjourned = new Session(now);
    adjourned.state = busyState;
    adjourned.run(chair, { type: 'meeting:transition', to: 'adjourned' });
    const corrected = new Session(now);
    corrected.state = adjourned.meeting;
    const correctionId = corrected.run(SECRETARIAT, {
      type: 'record:correct',
      edit: { kind: 'setGroup', participantId: d.id, stakeholderGroup: 'civil_society' },
    })!;

    const onAir = new Session(now);
    onAir.state = busyState;
    onAir.run(busy.extra[4]!, { type: 'booth:take', language: 'fr' });

    const samples: Record<CommandType, { state: MeetingState | null; command: MeetingCommand }> = {
      'meeting:create': {
        state: null,
        command: { type: 'meeting:create', meetingId: 'another', details: meetingDetails() },
      },
      'meeting:update': { state: busyState, command: { type: 'meeting:update', details: { venue: 'Room C' } } },
      'meeting:transition': { state: busyState, command: { type: 'meeting:transition', to: 'adjourned' } },
      'meeting:setSpeakingTime': { state: busyState, command: { type: 'meeting:setSpeakingTime', seconds: 120 } },
      'meeting:setCaptionDisplay': {
        state: busyState,
        command: {
          type: 'meeting:setCaptionDisplay',
          display: {
            lines: 6,
            lineLength: 37,
            theme: 'yellow-on-black',
            screenLanguages: ['ar', 'en'],
            arrangement: 'stacked',
            recentSpeakers: 3,
            signer: true,
          },
        },
      },
      'topic:add': { state: busyState, command: { type: 'topic:add', details: topicDetails('Extra topic') } },
      'topic:update': {
        state: busyState,
        command: { type: 'topic:update', topicId: topicIds[1]!, details: { title: 'Renamed' } },
      },
      'topic:remove': { state: busyState, command: { type: 'topic:remove', topicId: topicIds[2]! } },
      'topic:move': { state: busyState, command: { type: 'topic:move', topicId: topicIds[2]!, toIndex: 0 } },
      'topic:select': { state: idle.meeting, command: { type: 'topic:select', topicId: topicIds[1]! } },
      'topic:setSpeakingTime': {
        state: busyState,
        command: { type: 'topic:setSpeakingTime', topicId: topicIds[1]!, seconds: 90 },
      },
      'link:issue': {
        state: busyState,
        command: { type: 'link:issue', role: 'captioner', label: 'CART', expiresAt: now + DAY },
      },
      'link:revoke': {
        state: busyState,
        command: { type: 'link:revoke', linkId: (busy.extra[2] as Extract<Actor, { kind: 'link' }>).linkId },
      },
      'link:renew': {
        state: busyState,
        command: { type: 'link:renew', linkId: (busy.extra[2] as Extract<Actor, { kind: 'link' }>).linkId },
      },
      'link:setLead': {
        state: busyState,
        command: { type: 'link:setLead', linkId: (busy.extra[0] as Extract<Actor, { kind: 'link' }>).linkId, lead: true },
      },
      'participant:register': { state: busyState, command: { type: 'participant:register', details: newcomer } },
      'participant:update': {
        state: busyState,
        command: { type: 'participant:update', participantId: d.id, details: { attendance: 'remote' } },
      },
      'queue:request': { state: busyState, command: { type: 'queue:request', kind: 'intervention' } },
      'queue:add': { state: busyState, command: { type: 'queue:add', participantId: d.id, kind: 'intervention' } },
      'queue:withdraw': { state: withD.meeting, command: { type: 'queue:withdraw', entryId: dEntry } },
      'queue:move': { state: withD.meeting, command: { type: 'queue:move', entryId: dEntry, toIndex: 0 } },
      'statement:submit': { state: withD.meeting, command: { type: 'statement:submit', requestId: dEntry, text: 'Our statement, in writing.' } },
      'statement:withdraw': { state: withStatement.meeting, command: { type: 'statement:withdraw', requestId: dEntry } },
      'queue:close': { state: busyState, command: { type: 'queue:close' } },
      'queue:reopen': { state: busyState, command: { type: 'queue:reopen' } },
      'queue:readdLast': { state: busyState, command: { type: 'queue:readdLast' } },
      'floor:give': { state: busyState, command: { type: 'floor:give', entryId: cEntry } },
      'floor:end': { state: busyState, command: { type: 'floor:end' } },
      'floor:pause': { state: busyState, command: { type: 'floor:pause' } },
      'floor:resume': { state: paused.meeting, command: { type: 'floor:resume' } },
      'queue:carryOver': {
        state: elsewhere.meeting,
        command: { type: 'queue:carryOver', fromTopicId: topicIds[0]!, entryIds: [cEntry] },
      },
      'floor:addTime': { state: busyState, command: { type: 'floor:addTime', speechId, seconds: 60 } },
      'floor:restart': { state: busyState, command: { type: 'floor:restart', speechId } },
      'record:correct': {
        state: adjourned.meeting,
        command: { type: 'record:correct', edit: { kind: 'setGroup', participantId: d.id, stakeholderGroup: 'civil_society' } },
      },
      'record:revert': { state: corrected.meeting, command: { type: 'record:revert', correctionId } },
      'participant:review': { state: busyState, command: { type: 'participant:review', participantId: d.id, decision: 'declined' } },
      'booth:take': { state: busyState, command: { type: 'booth:take', language: 'fr' } },
      'booth:release': { state: onAir.meeting, command: { type: 'booth:release', language: 'fr' } },
    };
    return { actors, samples, now };
  }
  const { actors, samples, now } = fixtures();

  const forbidden = actorKeys.flatMap((key) =>
    commandTypes.filter((type) => !permitted[key].includes(type)).map((type) => [key, type] as const),
  );
  const allowed = actorKeys.flatMap((key) => permitted[key].map((type) => [key, type] as const));

  it('there are refusals for every non-presiding role', () => {
    for (const key of ['registrant', 'participant', 'captioner', 'screen', 'viewer'] as const) {
      expect(forbidden.filter(([who]) => who === key).length).toBeGreaterThan(20);
    }
    expect(forbidden.filter(([who]) => who === 'captioner')).toHaveLength(commandTypes.length);
  });

  it.each(forbidden)('%s may not issue %s: FORBIDDEN and no new state', (key, type) => {
    const { state, command } = samples[type];
    const result = execute(state, command, { actor: actors[key], now });
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: errorMessages.FORBIDDEN } });
  });

  it.each(allowed)('%s may issue %s', (key, type) => {
    const { state, command } = samples[type];
    const result = execute(state, command, { actor: actors[key], now });
    expect(result.ok ? 'accepted' : result.error.code).toBe('accepted');
    if (result.ok) expect(result.value.state).not.toBe(state);
  });

  it('participants may withdraw only their own entry', () => {
    const busy = busyMeeting();
    const { session, c, cEntry } = busy;
    expect(session.refuse(busy.a.actor, { type: 'queue:withdraw', entryId: cEntry })).toBe('FORBIDDEN');
    expect(session.refuse(busy.b.actor, { type: 'queue:withdraw', entryId: cEntry })).toBe('FORBIDDEN');
    session.run(c.actor, { type: 'queue:withdraw', entryId: cEntry });
    expect(session.topic.queue).toEqual([]);
  });
});

describe('queue commands need an open meeting', () => {
  const queueCommands: MeetingCommand[] = [
    { type: 'queue:request', kind: 'intervention' },
    { type: 'queue:add', participantId: 'p0', kind: 'intervention' },
    { type: 'queue:withdraw', entryId: 'e0' },
    { type: 'queue:move', entryId: 'e0', toIndex: 0 },
    { type: 'queue:close' },
    { type: 'queue:reopen' },
    { type: 'queue:readdLast' },
    { type: 'floor:give' },
    { type: 'floor:end' },
    { type: 'floor:pause' },
    { type: 'floor:resume' },
    { type: 'queue:carryOver', fromTopicId: 't2', entryIds: ['e0'] },
    { type: 'floor:addTime', speechId: 'e0', seconds: 60 },
    { type: 'floor:restart', speechId: 'e0' },
  ];

  /** A meeting in the given status with a real waiting entry, so only the status can be the reason. */
  function notOpen(status: 'draft' | 'scheduled' | 'adjourned') {
    if (status === 'adjourned') {
      const busy = busyMeeting();
      busy.session.run(busy.chair, { type: 'meeting:transition', to: 'adjourned' });
      return { session: busy.session, chair: busy.chair, asker: busy.d, entryId: busy.cEntry, other: busy.a };
    }
    const built = buildMeeting({ status });
    const [a, b] = built.participants as [Person, Person];
    return { session: built.session, chair: built.chair, asker: a, entryId: 'e1', other: b };
  }

  it.each(['draft', 'scheduled', 'adjourned'] as const)('every queue command is MEETING_NOT_OPEN when %s', (status) => {
    const { session, chair, asker, entryId, other } = notOpen(status);
    const codes = queueCommands.map((command) => {
      const concrete = concretize(command, other.id, entryId);
      const actor = command.type === 'queue:request' ? asker.actor : chair;
      return [command.type, codeOf(session.meeting, actor, concrete, session.now)];
    });
    expect(codes).toEqual(queueCommands.map((command) => [command.type, 'MEETING_NOT_OPEN']));
  });

  function concretize(command: MeetingCommand, participantId: string, entryId: string): MeetingCommand {
    if (command.type === 'queue:add') return { ...command, participantId };
    if (command.type === 'queue:withdraw' || command.type === 'queue:move') return { ...command, entryId };
    return command;
  }
});

describe('purity and the log', () => {
  it('execute never mutates its input', () => {
    const busy = busyMeeting();
    const { session, chair, topicIds, a, b, c, d, cEntry } = busy;
    const frozen = deepFreeze(structuredClone(session.meeting));
    const copy = structuredClone(frozen);
    const commands: [Actor, MeetingCommand][] = [
      [SECRETARIAT, { type: 'meeting:update', details: { title: 'Changed' } }],
      [SECRETARIAT, { type: 'topic:add', details: topicDetails('Another') }],
      [SECRETARIAT, { type: 'topic:update', topicId: topicIds[0]!, details: { title: 'Changed' } }],
      [SECRETARIAT, { type: 'topic:remove', topicId: topicIds[2]! }],
      [SECRETARIAT, { type: 'topic:move', topicId: topicIds[2]!, toIndex: 0 }],
      [SECRETARIAT, { type: 'link:issue', role: 'screen', label: 'Room screen', expiresAt: session.now + DAY }],
      [SECRETARIAT, { type: 'link:revoke', linkId: (a.actor as Extract<Actor, { kind: 'link' }>).linkId }],
      [REGISTRANT, { type: 'participant:register', details: newcomer }],
      [b.actor, { type: 'participant:update', participantId: b.id, details: { attendance: 'room' } }],
      [d.actor, { type: 'queue:request', kind: 'reply' }],
      [chair, { type: 'queue:add', participantId: d.id, kind: 'point_of_order' }],
      [c.actor, { type: 'queue:withdraw', entryId: cEntry }],
      [chair, { type: 'queue:move', entryId: cEntry, toIndex: 3 }],
      [chair, { type: 'queue:close' }],
      [chair, { type: 'queue:readdLast' }],
      [chair, { type: 'floor:give' }],
      [chair, { type: 'floor:end' }],
      [chair, { type: 'floor:pause' }],
      [chair, { type: 'meeting:transition', to: 'adjourned' }],
      [chair, { type: 'meeting:setSpeakingTime', seconds: 60 }],
      [chair, { type: 'topic:setSpeakingTime', topicId: topicIds[0]!, seconds: 60 }],
      [chair, { type: 'topic:select', topicId: topicIds[1]! }], // refused: floor in use
      [a.actor, { type: 'queue:withdraw', entryId: cEntry }], // refused: not theirs
    ];
    const accepted: string[] = [];
    for (const [actor, command] of commands) {
      const result = execute(frozen, command, { actor, now: session.now + MIN });
      if (result.ok) accepted.push(command.type);
    }
    expect(frozen).toEqual(copy);
    expect(accepted).toHaveLength(commands.length - 2);

    // A paused speech, frozen, can be resumed, ended and handed over.
    const pausedState = execute(frozen, { type: 'floor:pause' }, { actor: chair, now: session.now + MIN });
    if (!pausedState.ok) throw new Error('pause refused');
    const pausedFrozen = deepFreeze(pausedState.value.state);
    for (const command of [{ type: 'floor:resume' }, { type: 'floor:end' }, { type: 'floor:give' }] as const) {
      expect(execute(pausedFrozen, command, { actor: chair, now: session.now + 2 * MIN }).ok).toBe(true);
    }
  });

  it('the replay of the accepted log equals the final state', () => {
    const busy = busyMeeting();
    const { session, chair, moderator, topicIds, a, b, c, d } = busy;
    session.advance(SEC).run(d.actor, { type: 'queue:request', kind: 'reply' });
    session.advance(SEC).run(chair, { type: 'floor:pause' });
    expect(session.advance(SEC).try(a.actor, { type: 'queue:request', kind: 'reply' }).ok).toBe(true);
    expect(session.advance(SEC).refuse(c.actor, { type: 'queue:request', kind: 'intervention' })).toBe(
      'ALREADY_IN_QUEUE',
    );
    session.advance(SEC).run(chair, { type: 'floor:resume' });
    session.advance(SEC).run(moderator, { type: 'floor:give' });
    session.advance(SEC).run(chair, { type: 'queue:close' });
    session.advance(SEC).run(chair, { type: 'floor:end' });
    session.advance(SEC).run(chair, { type: 'queue:readdLast' });
    session.advance(SEC).run(b.actor, { type: 'participant:update', participantId: b.id, details: { attendance: 'room' } });
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'adjourned' });
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'open' });
    session.advance(SEC).run(SECRETARIAT, { type: 'topic:select', topicId: topicIds[1]! });
    session.advance(SEC).run(REGISTRANT, { type: 'participant:register', details: newcomer });
    session.advance(SEC).run(chair, { type: 'meeting:transition', to: 'open' }); // no-op, still logged
    expect(session.log.length).toBeGreaterThan(30);
    const rebuilt = replay(session.log);
    expect(rebuilt).toEqual(session.meeting);
    // And replaying a prefix gives the state at that point.
    expect(replay(session.log.slice(0, 1))).toMatchObject({ id: MEETING_ID, status: 'draft', topics: [] });
  });

  it('replay refuses a log whose entry no longer applies', () => {
    const { session, participants } = buildMeeting();
    const [a] = participants as [Person];
    session.run(a.actor, { type: 'queue:request', kind: 'intervention' });
    const corrupt = [...session.log, { ...session.log.at(-1)!, seq: session.log.length + 1 }];
    expect(() => replay(corrupt)).toThrow(/queue:request.*ALREADY_IN_QUEUE/);
  });
});

describe('topic proposals', () => {
  function draftWith(oneProposalPerMemberState: boolean) {
    const session = new Session(T0 - 10 * DAY);
    session.run(SECRETARIAT, {
      type: 'meeting:create',
      meetingId: MEETING_ID,
      details: meetingDetails({ oneProposalPerMemberState }),
    });
    session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Connectivity', { proposedBy: 'Kenya' }) });
    return session;
  }

  it('each Member State may propose only one topic per cycle, whatever the spelling of its name', () => {
    const session = draftWith(true);
    const refused = execute(
      session.meeting,
      { type: 'topic:add', details: topicDetails('Another topic', { proposedBy: ' kenya ' }) },
      { actor: SECRETARIAT, now: session.now },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONE_PROPOSAL_PER_MEMBER_STATE', detail: 'kenya: “Connectivity”' } });
    session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Accessibility', { proposedBy: 'Brazil' }) });
    const renamed = session.meeting.topics[1]!.id;
    expect(session.refuse(SECRETARIAT, { type: 'topic:update', topicId: renamed, details: { proposedBy: 'Kenya' } })).toBe(
      'ONE_PROPOSAL_PER_MEMBER_STATE',
    );
    // Editing a topic keeps its own proposer.
    session.run(SECRETARIAT, { type: 'topic:update', topicId: session.meeting.topics[0]!.id, details: { proposedBy: 'Kenya' } });
  });

  it('the rule can be turned off, and topics without a proposer are not counted', () => {
    const session = draftWith(false);
    session.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Second from Kenya', { proposedBy: 'Kenya' }) });
    const strict = draftWith(true);
    strict.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Secretariat topic A') });
    strict.run(SECRETARIAT, { type: 'topic:add', details: topicDetails('Secretariat topic B') });
    expect(strict.meeting.topics).toHaveLength(3);
  });
});

describe('links that follow the meeting', () => {
  /** A draft meeting prepared two months ahead, as the secretariat does: issued on 2 Dec for 3 Feb. */
  function preparedEarly() {
    const session = new Session(T0 - 63 * DAY);
    session.run(SECRETARIAT, { type: 'meeting:create', meetingId: MEETING_ID, details: meetingDetails({ linkGraceHours: 24 }) });
    return session;
  }

  it('a role link issued without a date expires the grace period after the meeting ends, however early it is issued', () => {
    const session = preparedEarly();
    const linkId = session.run(SECRETARIAT, { type: 'link:issue', role: 'captioner', label: 'CART' })!;
    const link = session.meeting.links.find((candidate) => candidate.id === linkId)!;
    expect(link).toMatchObject({ expiresAt: T0 + 8 * HOUR + 24 * HOUR, followsMeetingSince: T0 - 63 * DAY });
    expect(expiresBeforeMeetingEnds(session.meeting, link)).toBe(false);
  });

  it('moving the end or changing the grace period moves the links that follow the meeting, not those with a chosen date', () => {
    const session = preparedEarly();
    const following = session.run(SECRETARIAT, { type: 'link:issue', role: 'chair', label: '' })!;
    const fixed = session.run(SECRETARIAT, { type: 'link:issue', role: 'viewer', label: '', expiresAt: T0 + 4 * HOUR })!;
    const participant = session.run(SECRETARIAT, { type: 'participant:register', details: newcomer })!;
    const expiryOf = (id: string) => session.meeting.links.find((link) => link.id === id || link.participantId === id)!.expiresAt;

    session.run(SECRETARIAT, { type: 'meeting:update', details: { endsAt: T0 + 2 * DAY } });
    expect(expiryOf(following)).toBe(T0 + 2 * DAY + 24 * HOUR);
    expect(expiryOf(participant)).toBe(T0 + 2 * DAY + 24 * HOUR);
    expect(expiryOf(fixed)).toBe(T0 + 4 * HOUR);

    session.run(SECRETARIAT, { type: 'meeting:update', details: { linkGraceHours: 0 } });
    expect(expiryOf(following)).toBe(T0 + 2 * DAY);
    expect(expiryOf(fixed)).toBe(T0 + 4 * HOUR);
    const fixedLink = session.meeting.links.find((link) => link.id === fixed)!;
    expect(expiresBeforeMeetingEnds(session.meeting, fixedLink)).toBe(true);
  });

  it('renewing keeps the link (and so its address) and makes it follow the meeting from then on', () => {
    const { session, chair } = buildMeeting();
    const chairLinkId = (chair as Extract<Actor, { kind: 'link' }>).linkId;
    session.run(SECRETARIAT, { type: 'meeting:update', details: { endsAt: T0 + 3 * DAY } });
    const before = session.meeting.links.find((link) => link.id === chairLinkId)!;
    expect(before.expiresAt).toBe(T0 + 2 * DAY);
    expect(expiresBeforeMeetingEnds(session.meeting, before)).toBe(true);

    session.advance(MIN).run(SECRETARIAT, { type: 'link:renew', linkId: chairLinkId });
    const renewed = session.meeting.links.find((link) => link.id === chairLinkId)!;
    expect(renewed).toEqual({
      ...before,
      expiresAt: T0 + 3 * DAY + DEFAULT_LINK_GRACE_HOURS * HOUR,
      followsMeetingSince: session.now,
    });
    expect(expiresBeforeMeetingEnds(session.meeting, renewed)).toBe(false);
    session.at(T0 + 2 * DAY + HOUR).run(chair, { type: 'queue:close' });
  });

  it('renewing brings an expired link back; a revoked or unknown one is refused', () => {
    const { session, chair, moderator } = buildMeeting();
    const linkIdOf = (actor: Actor) => (actor as Extract<Actor, { kind: 'link' }>).linkId;
    session.at(T0 + 2 * DAY);
    expect(session.refuse(chair, { type: 'queue:close' })).toBe('LINK_EXPIRED');
    session.run(SECRETARIAT, { type: 'link:renew', linkId: linkIdOf(chair) });
    session.run(chair, { type: 'queue:close' });

    session.run(SECRETARIAT, { type: 'link:revoke', linkId: linkIdOf(moderator) });
    expect(session.refuse(SECRETARIAT, { type: 'link:renew', linkId: linkIdOf(moderator) })).toBe('LINK_REVOKED');
    expect(session.refuse(SECRETARIAT, { type: 'link:renew', linkId: 'l999' })).toBe('LINK_NOT_FOUND');
  });

  it('a renewal replays to the same state from the log', () => {
    const session = preparedEarly();
    session.advance(HOUR).run(SECRETARIAT, { type: 'link:issue', role: 'screen', label: 'Hall', expiresAt: T0 });
    session.advance(HOUR).run(SECRETARIAT, { type: 'link:renew', linkId: session.meeting.links[0]!.id });
    session.advance(HOUR).run(SECRETARIAT, { type: 'meeting:update', details: { endsAt: T0 + DAY } });
    expect(replay(session.log)).toEqual(session.meeting);
  });
});

describe('registering twice', () => {
  it('the same name and affiliation match whatever the case, Unicode form and spacing', () => {
    const { session } = buildMeeting();
    const [first] = session.meeting.participants;
    const again = { displayName: `  ${first!.displayName.toUpperCase().replace(' ', '   ')} `, affiliation: first!.affiliation.toLowerCase() };
    expect(sameRegistrant(session.meeting, again).map((participant) => participant.id)).toEqual([first!.id]);
    expect(sameRegistrant(session.meeting, { ...again, affiliation: 'Another body' })).toEqual([]);
  });

  it('the chair sees every copy of a registration made twice', () => {
    const { session } = buildMeeting();
    const [first] = session.meeting.participants;
    expect(possibleDuplicates(session.meeting)).toEqual(new Set());
    const again = session.run(REGISTRANT, {
      type: 'participant:register',
      details: { ...first!, displayName: first!.displayName.toLowerCase() },
    })!;
    expect(possibleDuplicates(session.meeting)).toEqual(new Set([first!.id, again]));
  });
});

describe('links to consultation inputs', () => {
  it('are http(s) URLs without spaces or control characters, which the URL parser would silently drop', () => {
    expect(WebLink.safeParse('https://www.itu.int/en/council/cwg-internet').success).toBe(true);
    for (const bad of ['https://example.org/a\tb', 'https://example.org/a\nb', 'https://exa mple.org/', 'https://example.org/\u0085x', 'javascript:alert(1)']) {
      expect(WebLink.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('who may withdraw requests and update participants', () => {
  it('a role link without a participant (viewer, screen, captioner, venue) may do neither', () => {
    for (const role of ['viewer', 'screen', 'captioner', 'venue'] as const) {
      const actor: Actor = { kind: 'link', linkId: 'l1', role, participantId: null };
      expect(mayIssue(actor, 'queue:withdraw'), role).toBe(false);
      expect(mayIssue(actor, 'participant:update'), role).toBe(false);
    }
    expect(mayIssue({ kind: 'link', linkId: 'l2', role: 'participant', participantId: 'p1' }, 'queue:withdraw')).toBe(true);
    expect(mayIssue({ kind: 'link', linkId: 'l3', role: 'chair', participantId: null }, 'participant:update')).toBe(true);
  });
});

describe('registration approval and the participant cap', () => {
  it('with approval on, a public registration waits as pending; the secretariat approves or declines it', () => {
    const { session } = buildMeeting({ details: { registrationApproval: true }, participants: [] });
    const id = session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    expect(session.meeting.participants.find((p) => p.id === id)?.registration).toBe('pending');
    session.run(SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'approved' });
    expect(session.meeting.participants.find((p) => p.id === id)?.registration).toBe('approved');
    session.run(SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'declined' });
    expect(session.meeting.participants.find((p) => p.id === id)?.registration).toBe('declined');
  });

  it('whom the secretariat or the chair registers is admitted even with approval on; without approval everyone is', () => {
    const approval = buildMeeting({ details: { registrationApproval: true }, participants: [] });
    const walkIn = approval.session.run(approval.chair, { type: 'participant:register', details: newcomer })!;
    expect(approval.session.meeting.participants.find((p) => p.id === walkIn)?.registration).toBe('approved');
    const open = buildMeeting({ participants: [] });
    const id = open.session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    expect(open.session.meeting.participants.find((p) => p.id === id)?.registration).toBe('approved');
  });

  it('the meeting cap refuses public registrations past it with TOO_MANY_PARTICIPANTS; a declined one frees its place', () => {
    const { session, state } = buildMeeting({ details: { maxParticipants: 2, registrationApproval: true }, participants: [] });
    const first = session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    session.run(REGISTRANT, { type: 'participant:register', details: { ...newcomer, displayName: 'Second' } });
    expect(codeOf(session.meeting, REGISTRANT, { type: 'participant:register', details: { ...newcomer, displayName: 'Third' } }, T0)).toBe('TOO_MANY_PARTICIPANTS');
    session.run(SECRETARIAT, { type: 'participant:review', participantId: first, decision: 'declined' });
    session.run(REGISTRANT, { type: 'participant:register', details: { ...newcomer, displayName: 'Third' } });
    // Re-admitting the declined one would pass the cap.
    expect(codeOf(session.meeting, SECRETARIAT, { type: 'participant:review', participantId: first, decision: 'approved' }, T0)).toBe('TOO_MANY_PARTICIPANTS');
    expect(state.maxParticipants).toBe(2);
  });

  it('at the cap, a pending registrant is approved (already counted), and a declined one is re-admitted while a place is free', () => {
    const { session } = buildMeeting({ details: { maxParticipants: 2, registrationApproval: true }, participants: [] });
    const first = session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    const second = session.run(REGISTRANT, { type: 'participant:register', details: { ...newcomer, displayName: 'Second' } })!;
    session.run(SECRETARIAT, { type: 'participant:review', participantId: second, decision: 'approved' });
    session.run(SECRETARIAT, { type: 'participant:review', participantId: first, decision: 'declined' });
    // One place taken, one free: the declined registrant may come back.
    session.run(SECRETARIAT, { type: 'participant:review', participantId: first, decision: 'approved' });
    expect(session.meeting.participants.map((participant) => participant.registration)).toEqual(['approved', 'approved']);
  });

  it('two secretaries at once: a decision on a registration that changed since the issuer saw it is refused with REGISTRATION_CHANGED; the same decision twice stands', () => {
    const { session } = buildMeeting({ details: { registrationApproval: true }, participants: [] });
    const id = session.run(REGISTRANT, { type: 'participant:register', details: newcomer })!;
    // The first secretary approves the person at the desk; the second still sees them waiting.
    session.run(SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'approved', expectedStatus: 'pending' });
    expect(codeOf(session.meeting, SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'declined', expectedStatus: 'pending' }, T0)).toBe('REGISTRATION_CHANGED');
    expect(session.meeting.participants.find((p) => p.id === id)?.registration).toBe('approved');
    // Both pressed Approve: the second press finds what it asked for.
    session.run(SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'approved', expectedStatus: 'pending' });
    // Undoing a decision one has seen is still possible.
    session.run(SECRETARIAT, { type: 'participant:review', participantId: id, decision: 'declined', expectedStatus: 'approved' });
    expect(session.meeting.participants.find((p) => p.id === id)?.registration).toBe('declined');
  });

  it('only the secretariat reviews registrations, and only of participants that exist', () => {
    const { session, chair } = buildMeeting();
    const someone = session.meeting.participants[0]!.id;
    expect(codeOf(session.meeting, chair, { type: 'participant:review', participantId: someone, decision: 'declined' }, T0)).toBe('FORBIDDEN');
    expect(codeOf(session.meeting, SECRETARIAT, { type: 'participant:review', participantId: 'p999', decision: 'approved' }, T0)).toBe('PARTICIPANT_NOT_FOUND');
  });
});
