// The bundled sample incident: public/sample/manifest.json lists its files. Fetched from the
// app's own origin (relative to the page), never from anywhere else.

export interface SampleManifest {
  title: string;
  description: string;
  /** The node's year and UTC offset, for year-less and zone-less lines of the sample. */
  clock?: { year: number; utcOffsetMinutes: number };
  files: { name: string; format: string; command?: string }[];
}

function isManifest(x: unknown): x is SampleManifest {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.title === 'string' &&
    typeof m.description === 'string' &&
    Array.isArray(m.files) &&
    m.files.every(
      (f: unknown) =>
        typeof f === 'object' && f !== null && typeof (f as Record<string, unknown>).name === 'string',
    )
  );
}

export function sampleBaseUrl(): string {
  return `${import.meta.env.BASE_URL}sample/`;
}

export async function fetchSampleManifest(signal?: AbortSignal): Promise<SampleManifest> {
  const res = await fetch(`${sampleBaseUrl()}manifest.json`, { signal });
  if (!res.ok) throw new Error(`The sample incident is not available (manifest.json: HTTP ${res.status}).`);
  const json: unknown = await res.json();
  if (!isManifest(json)) throw new Error('The sample manifest.json is not in the expected shape.');
  const c = json.clock;
  if (c !== undefined && (typeof c.year !== 'number' || typeof c.utcOffsetMinutes !== 'number'))
    delete json.clock;
  return json;
}

export async function fetchSampleFile(name: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(`${sampleBaseUrl()}${encodeURIComponent(name)}`, { signal });
  if (!res.ok) throw new Error(`Sample file ${name}: HTTP ${res.status}.`);
  return res.blob();
}
