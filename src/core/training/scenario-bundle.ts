// A scenario as one file, `<slug>.scenario.zip` (issue 8 part 4): what "Save as scenario" hands
// to the analyst and what another trainer imports. Inside: `scenario.json` (format, version, the
// app that wrote it, the findings' signature for recall, each file's size and SHA-256), then
// `manifest.json` (the ScenarioManifest, as a public/scenarios/<id>/ folder holds it), then the
// sources under `files/<name>`. The zip is read with bundle.ts's reader (central directory, CRC,
// declared sizes, zip-bomb cap, a turn given back to the event loop while inflating), and like a
// bundle, a file from elsewhere is untrusted: decodeScenario rejects with a BundleError whose
// message the user can act on, and nothing else, when it is not a scenario, comes from a newer
// app, is damaged, or holds a manifest that does not validate against its own files.
// docs/training.md "Drills from real incidents".
import {
  centralDirectory,
  clean,
  copySignature,
  describeBytes,
  fileNameOf,
  isGzip,
  isZip,
  Limits,
  oneLine,
  readEntry,
  sha256Hex,
  signatureProblem,
  whatItHolds,
  writeZip,
  type ZipEntry,
  type ZipFile,
} from '../persist/bundle.ts';
import { BundleError, type IncidentSignature } from '../persist/model.ts';
import { validateManifest } from './manifest.ts';
import { SCENARIO_SCHEMA_VERSION, type ScenarioManifest } from './model.ts';

export const SCENARIO_FORMAT = 'rca-workbench.scenario';
/** The version of `scenario.json` this build writes and reads up to. */
export const SCENARIO_FILE_VERSION = 1;
/** What a scenario file may unpack to, all entries together (its files are read as strings). */
export const MAX_SCENARIO_BYTES = 256 * 1024 ** 2;
/** The file name extension, for file pickers and download names. */
export const SCENARIO_EXTENSION = '.scenario.zip';

/** A scenario with what travels with it. */
export interface ScenarioPackage {
  manifest: ScenarioManifest;
  /** File name -> text: exactly the manifest's sources. */
  files: Record<string, string>;
  /** The findings of the incident it was made from, for "similar past incidents" (null: unknown). */
  signature: IncidentSignature | null;
  /** The app that wrote it, `rca-workbench@0.1.0`. */
  generator: string;
  exportedAt: string;
}

/** scenario.json, version 1. */
interface ScenarioJson {
  format: typeof SCENARIO_FORMAT;
  version: number;
  generator: string;
  exportedAt: string;
  signature: IncidentSignature | null;
  files: { name: string; bytes: number; sha256: string }[];
}

// A file inside the scenario: the manifest's rule for source names. Input: "journalctl-k.txt".
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** `worker-21-shim-oom.scenario.zip` from a title or id; never empty, no path. */
export function scenarioFileName(title: string): string {
  return fileNameOf(title, 'scenario', SCENARIO_EXTENSION);
}

// ---------------------------------------------------------------- writing

/** The scenario as a .scenario.zip; refuses one whose manifest does not validate against its files. */
export async function encodeScenario(s: ScenarioPackage): Promise<Uint8Array> {
  const checked = validateManifest(s.manifest, s.files);
  if (!checked.manifest) throw new Error(`encodeScenario: the manifest is not valid: ${checked.errors[0]}`);
  const enc = new TextEncoder();
  const entries: ZipFile[] = [];
  const listed: ScenarioJson['files'] = [];
  for (const src of checked.manifest.sources) {
    const data = enc.encode(s.files[src.file]);
    listed.push({ name: src.file, bytes: data.length, sha256: await sha256Hex(data) });
    entries.push({ name: `files/${src.file}`, data });
  }
  const json: ScenarioJson = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_FILE_VERSION,
    generator: s.generator,
    exportedAt: s.exportedAt,
    signature: copySignature(s.signature),
    files: listed,
  };
  return writeZip(
    [
      { name: 'scenario.json', data: enc.encode(JSON.stringify(json)) },
      { name: 'manifest.json', data: enc.encode(`${JSON.stringify(checked.manifest, null, 2)}\n`) },
      ...entries,
    ],
    s.exportedAt,
  );
}

// ---------------------------------------------------------------- reading

/**
 * A scenario from a file's bytes. Rejects with a BundleError, and nothing else: 'not-a-bundle'
 * (not a zip), 'foreign' (a zip, but not a scenario: an incident bundle says so), 'newer-version',
 * 'corrupt' (damaged, over the cap, or a manifest that does not hold).
 */
export async function decodeScenario(
  bytes: Uint8Array,
  opts: { maxUnpackedBytes?: number } = {},
): Promise<ScenarioPackage> {
  try {
    return await fromZip(bytes, new Limits(opts.maxUnpackedBytes ?? MAX_SCENARIO_BYTES));
  } catch (e) {
    if (e instanceof BundleError) throw new BundleError(asScenario(e.message), e.reason);
    throw new BundleError(`The scenario file could not be read: ${oneLine(e)}.`, 'corrupt');
  }
}

/** The zip reader speaks of bundles; here the file is a scenario. */
function asScenario(message: string): string {
  return message
    .replace(/^The bundle is damaged/, 'The scenario file is damaged')
    .replace(/^This bundle unpacks/, 'This scenario file unpacks')
    .replace(/a bundle that large/g, 'a scenario that large')
    .replace(/which a bundle never (is|does|needs)/g, 'which a scenario file never $1')
    .replace(/a zip archive of a kind a bundle never is/g, 'a zip archive of a kind a scenario never is');
}

const damaged = (what: string) => new BundleError(`The scenario file is damaged: ${what}.`, 'corrupt');
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function notAScenario(bytes: Uint8Array): BundleError {
  let what = isGzip(bytes) ? 'a gzip-compressed file' : describeBytes(bytes);
  let hint = '';
  if (what === 'a text file') {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096));
    if (/^\s*\{/.test(head) && head.includes('"schemaVersion"')) {
      what = 'a scenario manifest on its own';
      hint = ': the .scenario.zip this app exports holds the manifest and its sources together';
    } else hint = '; to read a log, add it as a source';
  }
  return new BundleError(
    `This is ${what}, not an RCA Workbench scenario (${SCENARIO_EXTENSION})${hint}.`,
    'not-a-bundle',
  );
}

/** An entry's bytes as UTF-8 text; `what` names it in the message when it is not. */
function utf8(data: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw damaged(`${clean(what)} is not UTF-8 text`);
  }
}

function parseJson(data: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8(data, what));
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw damaged(`${what} is not valid JSON (cut off or edited)`);
  }
}

async function fromZip(bytes: Uint8Array, limits: Limits): Promise<ScenarioPackage> {
  if (!isZip(bytes)) throw notAScenario(bytes);
  const entries = centralDirectory(bytes);
  let declared = 0;
  for (const e of entries) declared += e.size;
  if (declared > limits.max)
    throw new BundleError(
      `This scenario file unpacks to more than ${Math.round(limits.max / 1024 ** 2)} MiB (by its directory), so it was not read: a scenario that large is most likely a zip bomb.`,
      'corrupt',
    );
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]));
  const head = byName.get('scenario.json');
  if (!head) {
    if (byName.has('bundle.json'))
      throw new BundleError(
        'This is an incident bundle (.rca.zip), not a scenario: import it with “Import bundle…” in the Incidents dialog.',
        'foreign',
      );
    throw new BundleError(
      `This zip archive holds no scenario.json, so it is not an RCA Workbench scenario${whatItHolds(entries)}.`,
      'foreign',
    );
  }
  const j = checkEnvelope(parseJson(await readEntry(bytes, head, limits), 'scenario.json'));

  const mainEntry = byName.get('manifest.json');
  if (!mainEntry) throw damaged('manifest.json is missing');
  const json = parseJson(await readEntry(bytes, mainEntry, limits), 'manifest.json');
  if (
    isRecord(json) &&
    typeof json.schemaVersion === 'number' &&
    json.schemaVersion > SCENARIO_SCHEMA_VERSION
  )
    throw new BundleError(
      `This scenario was written for a newer RCA Workbench (manifest schema v${json.schemaVersion}); this one reads v${SCENARIO_SCHEMA_VERSION}.`,
      'newer-version',
    );

  const files: Record<string, string> = {};
  for (const f of j.files) {
    const e = byName.get(`files/${f.name}`);
    if (!e) throw damaged(`${clean(f.name)} is missing (no files/${clean(f.name)} in the archive)`);
    const data = await readEntry(bytes, e, limits);
    if (data.length !== f.bytes)
      throw damaged(`${clean(f.name)} has ${data.length} bytes, not the ${f.bytes} it declares`);
    if ((await sha256Hex(data)) !== f.sha256.toLowerCase())
      throw damaged(`the bytes of ${clean(f.name)} do not match their SHA-256`);
    files[f.name] = utf8(data, f.name);
  }
  const checked = validateManifest(json, files);
  if (!checked.manifest) {
    const more = checked.errors.length > 3 ? ` (and ${checked.errors.length - 3} more)` : '';
    throw new BundleError(
      `The scenario's manifest is not valid: ${checked.errors.slice(0, 3).map(clean).join('; ')}${more}.`,
      'corrupt',
    );
  }
  const manifest = checked.manifest;
  // Only the manifest's sources are kept: anything else in files/ is no part of the scenario.
  const kept: Record<string, string> = {};
  for (const s of manifest.sources) kept[s.file] = files[s.file];
  return {
    manifest,
    files: kept,
    signature: copySignature(j.signature),
    generator: j.generator,
    exportedAt: j.exportedAt,
  };
}

/** Format, then version, then every field: a foreign file is called foreign before its fields are judged. */
function checkEnvelope(x: unknown): ScenarioJson {
  if (!isRecord(x)) throw damaged('scenario.json is not a JSON object');
  if (x.format !== SCENARIO_FORMAT)
    throw new BundleError(
      typeof x.format === 'string'
        ? `This zip archive is a "${clean(x.format)}" file, not an RCA Workbench scenario.`
        : `This zip archive is not an RCA Workbench scenario (its scenario.json has no "format": "${SCENARIO_FORMAT}").`,
      'foreign',
    );
  if (!Number.isInteger(x.version) || (x.version as number) < 1)
    throw damaged('its version is not a whole number');
  if ((x.version as number) > SCENARIO_FILE_VERSION)
    throw new BundleError(
      `This scenario was made by a newer RCA Workbench (scenario file v${x.version}); this one reads up to v${SCENARIO_FILE_VERSION}.`,
      'newer-version',
    );
  if (typeof x.generator !== 'string') throw damaged('generator is not text');
  if (typeof x.exportedAt !== 'string') throw damaged('exportedAt is not text');
  const sig = signatureProblem(x.signature);
  if (sig) throw damaged(`signature ${sig}`);
  if (!Array.isArray(x.files)) throw damaged('files is not a list');
  const seen = new Set<string>();
  for (const [i, f] of x.files.entries()) {
    if (!isRecord(f)) throw damaged(`files[${i}] is not an object`);
    if (typeof f.name !== 'string' || !FILE_NAME.test(f.name))
      throw damaged(`files[${i}] has a name that is not a plain file name`);
    if (seen.has(f.name)) throw damaged(`two files are called ${clean(f.name)}`);
    seen.add(f.name);
    if (!Number.isSafeInteger(f.bytes) || (f.bytes as number) < 0)
      throw damaged(`files[${i}] has a byte count that is not a whole number`);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(f.sha256))
      throw damaged(`files[${i}] has a sha256 that is not 64 hex digits`);
  }
  return x as unknown as ScenarioJson;
}
