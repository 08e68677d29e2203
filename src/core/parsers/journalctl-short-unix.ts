import { notYet } from './not-yet.ts';

export const journalctlShortUnixParser = notYet('journalctl-short-unix');
