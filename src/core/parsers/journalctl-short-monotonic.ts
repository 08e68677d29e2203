import { notYet } from './not-yet.ts';

export const journalctlShortMonotonicParser = notYet('journalctl-short-monotonic');
