import { notYet } from './not-yet.ts';

export const dmesgRawParser = notYet('dmesg-raw');
