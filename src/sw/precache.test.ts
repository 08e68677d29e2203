// The build side of the offline worker: which files scripts/vite-plugin-sw.ts precaches and how
// its cache name follows the build (a new build, a new cache; the same build, the same name).
import { describe, expect, it } from 'vitest';
import { precacheOf } from '../../scripts/vite-plugin-sw.ts';

const build = () =>
  new Map<string, string | Uint8Array>([
    ['index.html', '<!doctype html><script type="module" src="./assets/index-a1.js"></script>'],
    ['assets/index-a1.js', 'import("./document-panel-b2.js")'],
    ['assets/index-a1.js.map', '{"version":3}'],
    ['assets/document-panel-b2.js', 'export {}'],
    ['sample/dmesg.txt', new Uint8Array([0x5b, 0x20, 0x30])],
    ['sw.js', '(function(){})()'],
  ]);

describe('precacheOf', () => {
  it('lists every file but source maps and the worker itself, sorted, with their size', () => {
    const s = precacheOf(build());
    expect(s.files).toEqual([
      'assets/document-panel-b2.js',
      'assets/index-a1.js',
      'index.html',
      'sample/dmesg.txt',
    ]);
    expect(s.bytes).toBe(9 + 32 + 73 + 3);
    expect(s.cacheName).toMatch(/^rca-workbench-[0-9a-f]{16}$/);
  });

  it('names the cache after the names and contents: the same build, the same cache', () => {
    expect(precacheOf(build()).cacheName).toBe(precacheOf(build()).cacheName);
    const edited = build();
    // A public file keeps its name when it changes: its contents still make a new cache.
    edited.set('sample/dmesg.txt', new Uint8Array([0x5b, 0x20, 0x31]));
    expect(precacheOf(edited).cacheName).not.toBe(precacheOf(build()).cacheName);
    const renamed = build();
    renamed.delete('assets/document-panel-b2.js');
    renamed.set('assets/document-panel-c3.js', 'export {}');
    expect(precacheOf(renamed).cacheName).not.toBe(precacheOf(build()).cacheName);
    // A source map alone does not (the app never fetches it).
    const remapped = build();
    remapped.set('assets/index-a1.js.map', '{"version":3,"x":1}');
    expect(precacheOf(remapped).cacheName).toBe(precacheOf(build()).cacheName);
  });
});
