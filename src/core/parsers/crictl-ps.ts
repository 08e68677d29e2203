import { notYet } from './not-yet.ts';

export const crictlPsParser = notYet('crictl-ps');
