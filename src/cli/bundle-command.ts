// `rca bundle`: incident bundles (issue 7 part 3) from the command line, with the same core the
// app's import and export use (src/core/persist/bundle.ts). `info` says what a bundle holds, or
// why it is not one (the BundleError's message, exit 1); `create` makes one from log files with
// the default analyst state, the sources read by the app's Workbench, so their ids, content
// hashes and the incident's signature are the ones the app would have given them.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { InputError } from '../core/ingest/decode.ts';
import { decodeBundle, encodeBundleParts, sha256Hex } from '../core/persist/bundle.ts';
import { BundleError, type IncidentBundle } from '../core/persist/model.ts';
import { signatureOf } from '../core/persist/signature.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import { parseArgs, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { generatorName } from './report-command.ts';
import { load } from './timeline-command.ts';

export const BUNDLE_INFO_OPTIONS = { json: { value: false } } as const;
export const BUNDLE_CREATE_OPTIONS = { title: { value: true }, out: { value: true } } as const;

/** A file's bytes, with file system errors as one-line InputErrors (exit 1), as read-file.ts says them. */
function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${path}: permission denied`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a file`);
    throw new InputError(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `--tag a --tag b` (a repeated option the strict parser keeps once): the values, and the rest. */
function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === `--${name}`) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      values.push(v);
      i++;
    } else if (a.startsWith(`--${name}=`)) values.push(a.slice(name.length + 3));
    else rest.push(a);
  }
  return { values, rest };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function countsOf(b: IncidentBundle) {
  const s = b.state;
  return {
    pins: s.pins.length,
    decisions: Object.keys(s.decisions).length,
    drafts: Object.keys(s.documentDrafts).length,
    customHypotheses: s.customHypotheses.length,
    userSymptoms: s.userSymptoms.length,
    formatOverrides: s.formatOverrides.length,
    clockDecisions: Object.keys(s.clockDecisions).length,
  };
}

const isoOf = (ms: number) =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);

async function infoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, BUNDLE_INFO_OPTIONS);
  if (args.positional.length !== 1) throw new UsageError('bundle info needs exactly one FILE');
  const file = args.positional[0];
  let b: IncidentBundle;
  try {
    b = await decodeBundle(readBytes(file));
  } catch (e) {
    if (e instanceof BundleError) {
      io.error(`rca: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const sources = await Promise.all(
    b.sources.map(async (s) => ({
      sourceId: s.sourceId,
      name: s.name,
      kind: s.kind,
      bytes: s.data.length,
      sha256: await sha256Hex(s.data),
      contentHash: s.contentHash,
    })),
  );
  const counts = countsOf(b);
  if (args.flags.has('json')) {
    const out = {
      file,
      title: b.incident.title,
      tags: b.incident.tags,
      generator: b.generator,
      exportedAt: b.exportedAt,
      createdAt: isoOf(b.incident.createdAt),
      signature: b.incident.signature,
      sources,
      counts,
    };
    await io.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const v = b.incident.signature?.verdict;
  const lines = [
    b.incident.title || '(untitled)',
    `  tags       ${b.incident.tags.length > 0 ? b.incident.tags.join(', ') : '-'}`,
    `  generator  ${b.generator}`,
    `  exported   ${b.exportedAt}`,
    `  created    ${isoOf(b.incident.createdAt)}`,
    `  verdict    ${v ? `${v.label} (${v.cause}), ${v.confidence.toFixed(2)} by the ${v.by}` : '-'}`,
    `  state      ${[
      plural(counts.pins, 'pin'),
      plural(counts.decisions, 'decision'),
      plural(counts.drafts, 'draft'),
      plural(counts.customHypotheses, 'own hypothesis', 'own hypotheses'),
      plural(counts.userSymptoms, 'named symptom'),
      plural(counts.formatOverrides, 'format override'),
      plural(counts.clockDecisions, 'clock decision'),
    ].join(', ')}`,
    `  sources    ${sources.length}`,
    ...sources.map((s) => `    ${s.sourceId}  ${s.kind}, ${plural(s.bytes, 'byte')}, sha256 ${s.sha256}`),
  ];
  await io.write(`${lines.join('\n')}\n`);
  return 0;
}

async function createCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values: tags, rest } = takeRepeated(argv, 'tag');
  const args = parseArgs(rest, BUNDLE_CREATE_OPTIONS);
  const title = args.values.get('title');
  const out = args.values.get('out');
  if (title === undefined) throw new UsageError('bundle create needs --title T');
  if (out === undefined) throw new UsageError('bundle create needs --out FILE.rca.zip');
  if (args.positional.length === 0) throw new UsageError('bundle create needs at least one FILE');

  // The app's reading of the files: ids made unique ("name", "name (2)"), content hashes, and the
  // analysis with the default state for the signature.
  const { wb, ids } = await load(args.positional, {
    year: undefined,
    utcOffsetMinutes: undefined,
    capturedAt: undefined,
  });
  const summaries = new Map(wb.listSources().map((s) => [s.sourceId, s]));
  const now = Date.now();
  const sources: IncidentBundle['sources'] = args.positional.map((file, order) => {
    const summary = summaries.get(ids[order]);
    if (!summary) throw new Error(`no summary for ${file}`);
    const data = readBytes(file);
    return {
      sourceId: summary.sourceId,
      name: summary.name,
      kind: 'file',
      bytes: data.length,
      contentHash: summary.contentHash,
      order,
      addedAt: now,
      data,
    };
  });
  const bundle: IncidentBundle = {
    generator: generatorName(),
    exportedAt: new Date(now).toISOString(),
    incident: { title, tags, createdAt: now, signature: signatureOf(wb.analysis()) },
    sources,
    state: defaultIncidentState(),
  };
  // The zip's chunks are written as they are, never joined: a bundle near the cap is not held twice.
  const parts = await encodeBundleParts(bundle);
  const length = parts.reduce((n, p) => n + p.length, 0);
  try {
    const fd = openSync(out, 'w');
    try {
      for (const p of parts) writeSync(fd, p);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError(`${out}: cannot write${code ? ` (${code})` : ''}`);
  }
  await io.write(`${out}: ${plural(sources.length, 'source')}, ${plural(length, 'byte')}\n`);
  return 0;
}

/** `rca bundle info|create ...`. */
export async function bundleCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'info') return infoCommand(rest, io);
  if (sub === 'create') return createCommand(rest, io);
  throw new UsageError(
    sub === undefined ? 'bundle needs info or create (try --help)' : `unknown bundle command "${sub}"`,
  );
}
