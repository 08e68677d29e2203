import { notYet } from './not-yet.ts';

export const dmesgNotimeParser = notYet('dmesg-notime');
