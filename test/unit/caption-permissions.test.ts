import { describe, expect, it } from 'vitest';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import { captionActions, mayCaption, type CaptionAction } from '../../shared/access/captions.js';
import { roles, type IssuedLink, type Role } from '../../shared/meeting/model.js';

const link = (id: string, role: Role, lead = false): IssuedLink => ({
  id,
  role,
  label: '',
  captions: [],
  participantId: null,
  issuedAt: 0,
  expiresAt: 1,
  followsMeetingSince: null,
  revokedAt: null,
  lead,
  booth: null,
});
const state = {
  links: [...roles.map((role) => link(`l-${role}`, role)), link('l-lead', 'captioner', true)],
};
const as = (linkId: string, role: Role): Actor => ({ kind: 'link', linkId, role, participantId: null });

type Who = 'secretariat' | 'registrant' | 'lead captioner' | Role;
const actors: Record<Who, Actor> = {
  secretariat: SECRETARIAT,
  registrant: { kind: 'registrant' },
  'lead captioner': as('l-lead', 'captioner'),
  ...(Object.fromEntries(roles.map((role) => [role, as(`l-${role}`, role)])) as Record<Role, Actor>),
};

/** The rule, written out: who may do what at the caption desk. */
const permitted: Record<Who, CaptionAction[]> = {
  secretariat: ['switchProvider', 'configurePull'],
  registrant: [],
  'lead captioner': ['write', 'takeOver', 'switchProvider', 'configurePull'],
  captioner: ['write'],
  chair: ['switchProvider', 'configurePull'],
  moderator: [],
  participant: [],
  screen: [],
  venue: [],
  viewer: [],
  interpreter: [],
};

describe('caption desk permissions', () => {
  for (const [who, actor] of Object.entries(actors) as [Who, Actor][]) {
    for (const action of captionActions) {
      const allowed = permitted[who].includes(action);
      it(`${who} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(mayCaption(actor, state, action)).toBe(allowed);
      });
    }
  }

  it('the lead flag counts only on a captioner seat the meeting lists: a token naming another role or an unknown seat gets nothing', () => {
    expect(mayCaption(as('l-lead', 'chair'), state, 'takeOver')).toBe(false);
    expect(mayCaption(as('l-unknown', 'captioner'), state, 'write')).toBe(false);
    expect(mayCaption(as('l-unknown', 'captioner'), state, 'switchProvider')).toBe(false);
  });
});
