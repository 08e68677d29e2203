import { notYet } from './not-yet.ts';

export const dmesgIsoParser = notYet('dmesg-iso');
