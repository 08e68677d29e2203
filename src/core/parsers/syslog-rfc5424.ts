// syslog-rfc5424: stub while its parser is being written (replaced by the real one).
import { notYet } from './not-yet.ts';
import type { Parser } from './parser-api.ts';

export const syslogRfc5424Parser: Parser = notYet('syslog-rfc5424');
