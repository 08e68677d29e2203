// ctr-containers: stub while its parser is being written (replaced by the real one).
import { notYet } from './not-yet.ts';
import type { Parser } from './parser-api.ts';

export const ctrContainersParser: Parser = notYet('ctr-containers');
