// Placeholder used while a parser file is being written; replaced by the real parser.
import type { FormatId } from '../model/event.ts';
import type { Parser } from './parser-api.ts';

export function notYet(id: FormatId): Parser {
  return {
    id,
    title: id,
    version: 0,
    samples: [],
    detect: () => 0,
    create(_ctx, sink) {
      return {
        push(_text, line) {
          sink.unparsed(line, `no parser for ${id} yet`);
        },
        end() {},
      };
    },
  };
}
