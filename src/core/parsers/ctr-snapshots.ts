// `ctr snapshots ls` (`ctr snapshot ls`, `ctr -n k8s.io snapshots --snapshotter overlayfs ls`):
// KEY PARENT KIND. Reference: FORMATS.md 5.4 (containerd cmd/ctr/commands/snapshots/snapshots.go:
// tabwriter minwidth 1, padding 1, every line ends with a TAB; core/snapshots Kind.String()).
//
// A bottom layer has no parent: its PARENT cell is empty, so the row has two words. Padding is a
// single space, so the header's offsets are what tells an empty PARENT from an empty KIND; without
// a header two words are KEY and KIND (KIND is always one of four words).
//
// One event per row: `what: 'snapshot'`, no time; the key as a snapshot entity (and as a container
// entity when it is a 64-hex id: CRI containers' active snapshots are keyed by the container id),
// the parent in `fields.parent`.
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext, Parser } from './parser-api.ts';
import {
  type Column,
  cutRow,
  HEX64_RE,
  type HeadLineKind,
  headerColumns,
  isCtrCommand,
  type TableSpec,
  tableParser,
  wordsOf,
} from './table-common.ts';

const TITLES: Record<string, string> = { KEY: 'key', PARENT: 'parent', KIND: 'kind' };

// `KEY                                                                     PARENT                                                                  KIND      `
// (FORMATS.md 5.4 and 8.3: `^KEY +PARENT +KIND\s*$`)
const HEADER_RE = /^KEY +PARENT +KIND\s*$/;

/** core/snapshots/snapshotter.go Kind.String(). */
const KINDS = new Set(['View', 'Active', 'Committed', 'Unknown']);

// A snapshot key or parent: a chain id `sha256:1f3a5c7e...`, a container id, `k8s.io/12/sha256:...`;
// an unpack in progress is keyed `extract-<unique> <chain id>` with one space
// (core/snapshots UnpackKeyFormat = "extract-%s %s"): `k8s.io/3/extract-316403210-Kc8f sha256:9a0b...`
const KEY_RE = /^[\w.:/@+-]{1,300}$/;
// The first word of an unpack key: `k8s.io/3/extract-316403210-Kc8f`
const EXTRACT_RE = /^[\w.:/@+-]{0,200}extract-[\w-]{1,60}$/;

interface Row {
  key: string;
  parent?: string;
  kind: string;
}

function header(text: string): Column[] | null {
  return HEADER_RE.test(text) ? headerColumns(text, TITLES) : null;
}

/** `KEY_RE`, or an unpack key with its one space. */
function isKey(s: string): boolean {
  if (KEY_RE.test(s)) return true;
  const sp = s.indexOf(' ');
  return sp > 0 && EXTRACT_RE.test(s.slice(0, sp)) && KEY_RE.test(s.slice(sp + 1));
}

function checkCells(key: string, parent: string, kind: string): Row | string {
  if (!KINDS.has(kind))
    return `"${kind.slice(0, 40)}" is not a snapshot kind (View, Active, Committed, Unknown)`;
  if (!isKey(key)) return 'KEY is not a snapshot key';
  if (parent === '') return { key, kind };
  if (!isKey(parent)) return 'PARENT is not a snapshot key';
  return { key, parent, kind };
}

function readRow(text: string, cols: Column[] | null): Row | string {
  if (cols) {
    // The header's offsets tell an empty PARENT and keep an unpack key's space in its cell.
    const c = cutRow(text, cols);
    if (c) {
      const r = checkCells(c.key ?? '', c.parent ?? '', c.kind ?? '');
      if (typeof r !== 'string') return r;
    }
  }
  // By words: KIND last; an unpack key is two words; two words left are KEY and KIND.
  const words = wordsOf(text, 5).map((w) => w.text);
  const kind = words.pop() ?? '';
  if (words.length > 0 && EXTRACT_RE.test(words[0]) && words.length >= 2) {
    words.splice(0, 2, `${words[0]} ${words[1]}`);
  }
  if (words.length > 0 && words.length <= 3 && EXTRACT_RE.test(words[1] ?? '') && words.length === 3) {
    words.splice(1, 2, `${words[1]} ${words[2]}`);
  }
  if (words.length < 1 || words.length > 2) return 'not a ctr snapshots row (KEY PARENT KIND)';
  return checkCells(words[0], words[1] ?? '', kind);
}

function rowEvent(ctx: ParseContext, line: number, r: Row): LogEvent {
  const fields: Record<string, FieldValue> = { what: 'snapshot', key: r.key, kind: r.kind };
  if (r.parent !== undefined) fields.parent = r.parent;
  const entities: EntityRef[] = [{ kind: 'snapshot', id: r.key }];
  if (HEX64_RE.test(r.key)) entities.push({ kind: 'container', id: r.key });
  const message = `snapshot ${r.key} ${r.kind}${r.parent ? ` (parent ${r.parent})` : ' (no parent)'}`;
  return makeEvent(ctx, { line, message, fields, entities });
}

/** Without a header only a key shaped like one counts (`sha256:...`, a 64-hex id, `k8s.io/...`). */
function headKind(text: string): HeadLineKind {
  const r = readRow(text, null);
  if (typeof r === 'string') return 'other';
  return r.key.includes(':') || r.key.includes('/') || HEX64_RE.test(r.key) ? 'row' : null;
}

const SNAPSHOT_OBJECTS = new Set(['snapshot', 'snapshots']);

const TABLE: TableSpec<Column[], Row> = {
  header,
  readRow,
  rowEvent,
  isEcho: (t) => isCtrCommand(t, SNAPSHOT_OBJECTS),
  headKind,
  noHeader: [0.85, 0.6],
};

export const ctrSnapshotsParser: Parser = tableParser(TABLE, {
  id: 'ctr-snapshots',
  title: 'ctr snapshots ls',
  version: 1,
  samples: [
    // FORMATS.md 5.4 (examples/ctr-outputs.synthetic.txt lines 14-17)
    [
      'KEY                                                                     PARENT                                                                  KIND      ',
      'sha256:1f3a5c7e9b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a                                                                         Committed ',
      'sha256:7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e sha256:1f3a5c7e9b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a Committed ',
      '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6        sha256:7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e Active    ',
      '',
    ].join('\n'),
  ],
});
