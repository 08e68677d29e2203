// The second pass (DESIGN.md section 3, "parsed a second time by what wrote them"): the message
// of a journal, syslog, dmesg or free-text event is read by the reader of the program that wrote
// it (kernel, systemd, containerd, kubelet) into typed `fields` and `entities`. Record-local:
// it reads only the event itself, so a re-parse of any line range gives the same result. It runs
// on full events only (never in the columns-only bulk ingest): severity and the other columns
// stay what the envelope said.
import type { FormatId, LogEvent } from '../model/event.ts';
import { readContainerd } from './containerd.ts';
import { readKernel } from './kernel.ts';
import { readKubelet } from './kubelet.ts';
import type { Reading } from './reading.ts';
import { readSystemd } from './systemd.ts';

export type Writer = 'kernel' | 'systemd' | 'containerd' | 'kubelet';
type Reader = (message: string, r: Reading) => boolean;

const READERS: Record<Writer, Reader> = {
  kernel: readKernel,
  systemd: readSystemd,
  containerd: readContainerd,
  kubelet: readKubelet,
};

/** Formats whose `message` is text written by another program (the envelopes). */
function isEnvelope(f: FormatId): boolean {
  return (
    f.startsWith('journalctl-') ||
    f.startsWith('syslog-') ||
    f.startsWith('dmesg-') ||
    f === 'talosctl-dmesg' ||
    f === 'systemctl-status' ||
    f === 'text'
  );
}

/** The writer the envelope names: the kernel for dmesg, else by syslog identifier / unit. */
export function writerOf(e: Pick<LogEvent, 'format' | 'ident' | 'unit'>): Writer | undefined {
  if (e.format.startsWith('dmesg-') || e.format === 'talosctl-dmesg') return 'kernel';
  const ident = (e.ident ?? '').toLowerCase();
  if (ident === 'kernel') return 'kernel';
  if (ident === 'systemd' || ident.startsWith('systemd-') || ident === 'init') return 'systemd';
  if (ident.startsWith('containerd') || ident === 'dockerd' || ident === 'docker') return 'containerd';
  if (ident === 'kubelet' || ident === 'hyperkube') return 'kubelet';
  const unit = (e.unit ?? '').toLowerCase();
  if (unit.startsWith('containerd') || unit.startsWith('docker')) return 'containerd';
  if (unit.startsWith('kubelet')) return 'kubelet';
  return undefined;
}

// Writers tried by content when the envelope names none (journalctl -o cat, free text, k3s and
// rke2, which run containerd and kubelet in one process): each reader rejects foreign text fast.
const SNIFF_ORDER: readonly Writer[] = ['containerd', 'kubelet', 'kernel', 'systemd'];

/** Reads `e.message` into `e.fields` / `e.entities` (never overwriting); sets `fields.writer`. */
export function readMessage(e: LogEvent): void {
  if (!isEnvelope(e.format) || e.message.length === 0) return;
  const r: Reading = { fields: e.fields, entities: e.entities };
  const named = writerOf(e);
  if (named && READERS[named](e.message, r)) {
    if (!('writer' in e.fields)) e.fields.writer = named;
    return;
  }
  for (const w of SNIFF_ORDER) {
    if (w === named) continue;
    if (READERS[w](e.message, r)) {
      if (!('writer' in e.fields)) e.fields.writer = w;
      return;
    }
  }
}
