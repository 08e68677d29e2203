import { notYet } from './not-yet.ts';

export const dmesgLevelParser = notYet('dmesg-level');
