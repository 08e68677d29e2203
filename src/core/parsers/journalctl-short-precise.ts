import { notYet } from './not-yet.ts';

export const journalctlShortPreciseParser = notYet('journalctl-short-precise');
