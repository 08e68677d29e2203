import { notYet } from './not-yet.ts';

export const dmesgDecodeParser = notYet('dmesg-decode');
