import { notYet } from './not-yet.ts';

export const journalctlShortIsoPreciseParser = notYet('journalctl-short-iso-precise');
