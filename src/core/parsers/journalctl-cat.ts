import { notYet } from './not-yet.ts';

export const journalctlCatParser = notYet('journalctl-cat');
