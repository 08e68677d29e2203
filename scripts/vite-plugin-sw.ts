// Emits the offline service worker (issue 7 part 4) as sw.js at the root of the build output.
// At the end of the build, when every file is known: the list of files to precache is every file
// the build emits (the entry, the lazy chunks of the document editor and of Mermaid's diagrams,
// the CSS, the engine worker, index.html) and every file of public/ (the sample incident, so
// "Load sample" works offline), source maps aside (only the devtools read them). The cache name
// is a hash of that list, names and contents: a new build means a new cache, and a new sw.js (its
// bytes differ), which the browser installs in place of the old one.
// src/sw/sw-entry.ts is bundled into one classic script (no imports: module service workers are
// not supported everywhere) with the list and the name defined in it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';

export const SW_FILE = 'sw.js';

export interface PrecacheSummary {
  cacheName: string;
  files: string[];
  bytes: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The precache list and cache name of a build's files (path relative to the output -> contents). */
export function precacheOf(files: ReadonlyMap<string, string | Uint8Array>): PrecacheSummary {
  const names = [...files.keys()].filter((n) => !n.endsWith('.map') && n !== SW_FILE).sort();
  const list = createHash('sha256');
  let bytes = 0;
  for (const n of names) {
    const data = files.get(n)!;
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    list.update(`${n}\0${sha256(data)}\n`);
  }
  return { cacheName: `rca-workbench-${list.digest('hex').slice(0, 16)}`, files: names, bytes };
}

async function bundleWorker(root: string, entry: string, summary: PrecacheSummary): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    publicDir: false,
    define: {
      __RCA_SW_PRECACHE__: JSON.stringify(summary.files),
      __RCA_SW_CACHE_NAME__: JSON.stringify(summary.cacheName),
    },
    build: {
      write: false,
      target: 'es2022',
      // Readable as shipped: anyone may check what the worker does with their requests.
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name: 'rcaServiceWorker', fileName: () => SW_FILE },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((f) => f.type === 'chunk' && f.isEntry);
  if (chunk?.type !== 'chunk') throw new Error(`service worker: no bundle for ${entry}`);
  return chunk.code;
}

/** The plugin: `entry` is the worker's source; the build log gets one line (files, size, cache). */
export function serviceWorker(options: { entry: string }): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'rca-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle: {
      // Last: index.html and the engine worker are emitted by Vite's own generateBundle hooks.
      order: 'post',
      async handler(_output, bundle) {
        const files = new Map<string, string | Uint8Array>();
        for (const [name, file] of Object.entries(bundle))
          files.set(name, file.type === 'chunk' ? file.code : file.source);
        const pub = config.publicDir;
        if (config.build.copyPublicDir && pub && existsSync(pub)) {
          for (const p of filesUnder(pub)) {
            const name = relative(pub, p).split(sep).join('/');
            if (!files.has(name)) files.set(name, readFileSync(p));
          }
        }
        const summary = precacheOf(files);
        const code = await bundleWorker(config.root, options.entry, summary);
        this.emitFile({ type: 'asset', fileName: SW_FILE, source: code });
        config.logger.info(
          `service worker: ${SW_FILE} precaches ${summary.files.length} files, ${(summary.bytes / 1e6).toFixed(2)} MB (${summary.cacheName})`,
        );
      },
    },
  };
}
