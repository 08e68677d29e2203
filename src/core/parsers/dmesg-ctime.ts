import { notYet } from './not-yet.ts';

export const dmesgCtimeParser = notYet('dmesg-ctime');
