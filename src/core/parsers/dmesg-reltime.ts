import { notYet } from './not-yet.ts';

export const dmesgReltimeParser = notYet('dmesg-reltime');
