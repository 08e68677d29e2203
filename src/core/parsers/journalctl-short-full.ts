import { notYet } from './not-yet.ts';

export const journalctlShortFullParser = notYet('journalctl-short-full');
