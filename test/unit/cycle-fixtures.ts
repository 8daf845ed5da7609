import type { CycleActor } from '../../shared/cycle/commands.js';
import { CycleDetails } from '../../shared/cycle/model.js';

/** The published 2017 CWG-Internet cycle, as the cycle tests start from it. */
export const SECRETARIAT: CycleActor = { kind: 'secretariat' };
export const PUBLIC: CycleActor = { kind: 'public' };
export const T0 = Date.UTC(2016, 9, 24, 9);

export const cycleDetails = (overrides: Partial<CycleDetails> = {}): CycleDetails =>
  CycleDetails.parse({
    title: 'CWG-Internet open consultation, February 2017',
    previousGroupMeeting: { name: 'CWG-Internet, October 2016', endsOn: '2016-10-21' },
    nextGroupMeeting: { name: 'CWG-Internet, February 2017', startsOn: '2017-02-06' },
    timeZone: 'Europe/Zurich',
    languages: ['en', 'ar'],
    ...overrides,
  });
