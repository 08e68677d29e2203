// cgroup-files: stub while its parser is being written (replaced by the real one).
import { notYet } from './not-yet.ts';
import type { Parser } from './parser-api.ts';

export const cgroupFilesParser: Parser = notYet('cgroup-files');
