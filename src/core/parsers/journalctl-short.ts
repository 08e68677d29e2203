import { notYet } from './not-yet.ts';

export const journalctlShortParser = notYet('journalctl-short');
