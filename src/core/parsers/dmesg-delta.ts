import { notYet } from './not-yet.ts';

export const dmesgDeltaParser = notYet('dmesg-delta');
