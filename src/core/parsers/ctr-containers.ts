// `ctr containers ls` (`ctr c ls`, `ctr -n k8s.io container ls`): CONTAINER IMAGE RUNTIME.
// Reference: FORMATS.md 5.2 (containerd cmd/ctr/commands/containers/containers.go: tabwriter
// minwidth 4, padding 4, every line ends with a TAB; `-` for no image; `-q` ids only).
//
// Cells never hold spaces, so a row is its words, in the header's column order. Authors edit
// headers (corpus containerd-5708: the header shows CONTAINER and IMAGE only while the rows keep
// their RUNTIME cell), so a row whose words do not fit the header is read in ctr's own order.
//
// One event per row: `what: 'container-metadata'`, no time; the container id as a container
// entity, the image reference as an image entity, the runtime in `fields.runtime`.
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext, Parser } from './parser-api.ts';
import { CTR_ID_RE, isCtrCommand, type TableSpec, tableParser, wordsOf } from './table-common.ts';

const TITLES: Record<string, string> = { CONTAINER: 'container', IMAGE: 'image', RUNTIME: 'runtime' };
const ORDER = ['container', 'image', 'runtime'];

// `CONTAINER                                                           IMAGE                             RUNTIME                  `
// (FORMATS.md 5.2), and `CONTAINER    IMAGE` with the RUNTIME title edited out (corpus containerd-5708)
const HEADER_RE = /^CONTAINER +IMAGE(?: +RUNTIME)? *$/;

// A runtime name: `io.containerd.runc.v2`, `io.containerd.runtime.v1.linux`, `io.containerd.runsc.v1`,
// `io.containerd.kata.v2`, `io.containerd.spin.v2`
const RUNTIME_RE = /^io\.containerd\.[a-z0-9.-]{1,60}$/;
// An image reference or `-`: `registry.example.com/api:1.4.2`, `800184023465.dkr.ecr.ap-east-1.amazonaws.com/eks/pause:3.5`,
// `docker.io/library/redis@sha256:...`
const IMAGE_RE = /^(?:-|[a-z0-9][\w.:/@+-]{0,500})$/i;

interface Row {
  container: string;
  image?: string;
  runtime?: string;
}

function header(text: string): string[] | null {
  return HEADER_RE.test(text) ? wordsOf(text).map((w) => TITLES[w.text]) : null;
}

function check(keys: readonly string[], words: readonly string[]): Row | null {
  if (words.length !== keys.length) return null;
  const row: Row = { container: '' };
  for (let i = 0; i < keys.length; i++) {
    const w = words[i];
    if (keys[i] === 'container') {
      if (!CTR_ID_RE.test(w)) return null;
      row.container = w;
    } else if (keys[i] === 'image') {
      if (!IMAGE_RE.test(w) || RUNTIME_RE.test(w)) return null;
      row.image = w;
    } else {
      if (!RUNTIME_RE.test(w)) return null;
      row.runtime = w;
    }
  }
  return row;
}

function readRow(text: string, keys: string[] | null): Row | string {
  const words = wordsOf(text, 3).map((w) => w.text);
  if (keys) {
    const r = check(keys, words);
    if (r) return r;
  }
  // ctr's own order; two words are CONTAINER and RUNTIME or CONTAINER and IMAGE by shape.
  const r =
    check(ORDER, words) ??
    (words.length === 2
      ? (check(['container', 'runtime'], words) ?? check(['container', 'image'], words))
      : null);
  if (r && (r.runtime !== undefined || keys !== null)) return r;
  return 'not a ctr containers row (CONTAINER IMAGE RUNTIME)';
}

function rowEvent(ctx: ParseContext, line: number, r: Row): LogEvent {
  const fields: Record<string, FieldValue> = { what: 'container-metadata', container: r.container };
  const entities: EntityRef[] = [{ kind: 'container', id: r.container }];
  if (r.image !== undefined) {
    fields.image = r.image;
    if (r.image !== '-') entities.push({ kind: 'image', id: r.image });
  }
  if (r.runtime !== undefined) fields.runtime = r.runtime;
  let message = `container ${r.container}`;
  if (r.image !== undefined) message += r.image === '-' ? ' (no image)' : ` image ${r.image}`;
  if (r.runtime) message += ` runtime ${r.runtime}`;
  return makeEvent(ctx, { line, message, fields, entities });
}

const CONTAINER_OBJECTS = new Set(['c', 'container', 'containers']);

const TABLE: TableSpec<string[], Row> = {
  header,
  readRow,
  rowEvent,
  isEcho: (t) => isCtrCommand(t, CONTAINER_OBJECTS),
  noHeader: [0.9, 0.7],
};

export const ctrContainersParser: Parser = tableParser(TABLE, {
  id: 'ctr-containers',
  title: 'ctr containers ls',
  version: 1,
  samples: [
    // FORMATS.md 5.2 (examples/ctr-outputs.synthetic.txt lines 9-12)
    [
      'CONTAINER                                                           IMAGE                             RUNTIME                  ',
      '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6    registry.example.com/api:1.4.2    io.containerd.runc.v2    ',
      '9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeeddccbbaa9    registry.k8s.io/pause:3.10        io.containerd.runc.v2    ',
      'scratch-ctr                                                         -                                 io.containerd.runc.v2    ',
      '',
    ].join('\n'),
  ],
});
