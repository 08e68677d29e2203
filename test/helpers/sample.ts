// The bundled sample incident (public/sample) parsed in full (the second pass included), one
// source per file, as the analysis tests read it. Year and zone are the node's (2025, UTC).
import { readFileSync } from 'node:fs';
import { parseText } from '../../src/core/ingest/parse-text.ts';
import type { LogEvent } from '../../src/core/model/event.ts';

export const SAMPLE_FILES = [
  'dmesg.txt',
  'journalctl-k.txt',
  'journalctl-containerd-kubelet.txt',
  'crictl-ps-a.txt',
  'crictl-inspect.json',
] as const;

export function sampleSources(): { name: string; events: LogEvent[] }[] {
  return SAMPLE_FILES.map((name) => {
    const text = readFileSync(new URL(`../../public/sample/${name}`, import.meta.url), 'utf8');
    return { name, events: parseText(text, { sourceId: name, year: 2025, utcOffsetMinutes: 0 }).events };
  });
}
