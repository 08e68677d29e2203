import { notYet } from './not-yet.ts';

export const journalctlJsonParser = notYet('journalctl-json');
