import { notYet } from './not-yet.ts';

export const crictlInspectParser = notYet('crictl-inspect');
