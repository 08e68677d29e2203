import { notYet } from './not-yet.ts';

export const journalctlShortIsoParser = notYet('journalctl-short-iso');
