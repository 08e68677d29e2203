// The kernel and systemd readers end to end: real dmesg, journal and syslog fixtures (and corpus
// files, test/corpus) parsed by parseText, then specific facts checked in the events' fields and
// entities, including the corpus key facts these readers are for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../ingest/parse-text.ts';
import type { FieldValue, LogEvent } from '../model/event.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', 'test');

function parse(rel: string): LogEvent[] {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  return parseText(text, { sourceId: rel, year: 2025, utcOffsetMinutes: 0 }).events;
}

function ids(e: LogEvent): string[] {
  return e.entities.map((x) => `${x.kind}:${x.id}`);
}

/** The one event whose fields include `want`; fails when there is none or more than one. */
function one(events: LogEvent[], want: Record<string, FieldValue>): LogEvent {
  const hits = events.filter((e) => Object.entries(want).every(([k, v]) => e.fields[k] === v));
  expect(hits.length, JSON.stringify(want)).toBe(1);
  return hits[0];
}

function whats(events: LogEvent[]): string[] {
  return events.map((e) => String(e.fields.what ?? '-'));
}

const CID = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';

describe('OOM reports in dmesg fixtures', () => {
  it('6.12 memcg OOM: every record named, summary tied to pod and container', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/kernel-6.12-oom-memcg-memory-stat.txt');
    // Each record of the report is named and attributed to the kernel.
    for (const e of ev) {
      expect(e.fields.writer, e.message).toBe('kernel');
      expect(e.fields.what, e.message).toBeDefined();
    }
    expect(whats(ev).filter((w) => w === 'oom-task-row')).toHaveLength(2);
    const s = one(ev, { what: 'oom-summary' });
    expect(s.fields).toMatchObject({ scope: 'memcg', task: 'java', pid: 41235, uid: 1000 });
    expect(ids(s)).toEqual(
      expect.arrayContaining([
        'pid:41235',
        'process:java',
        `container:${CID}`,
        'pod:6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b',
      ]),
    );
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({
      anon_rss_kb: 2097152,
      pgtables_kb: 4512,
    });
    expect(one(ev, { what: 'oom-memcg-stat' }).fields.anon_bytes).toBe(2138423296);
    expect(one(ev, { what: 'oom-context' }).fields).toMatchObject({ uid: 1000, pid: 41240 });
  });

  it('6.1 global OOM: Mem-Info in pages, global scope', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/kernel-6.1-oom-global-mem-info.txt');
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({
      scope: 'global',
      pid: 2201,
      comm: 'postgres',
    });
    expect(one(ev, { what: 'oom-summary' }).fields.task_memcg).toBe('/system.slice/postgresql.service');
    expect(ev.find((e) => e.fields.ram_pages !== undefined)?.fields.ram_pages).toBe(524158);
    expect(ev.find((e) => e.fields.active_anon_pages !== undefined)?.fields.free_pages).toBe(15416);
  });

  it('5.0 split summary: both halves', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/kernel-5.0-split-oom-summary.txt');
    expect(ev.map((e) => e.fields.partial)).toEqual(['head', 'tail']);
    expect(ev[1].fields).toMatchObject({ task: 'firewalld', pid: 5096, scope: 'global' });
  });

  it('4.19 memcg OOM (cgroup v1): task-in line, choice then kill', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/kernel-4.19-oom-memcg-v1.txt');
    expect(whats(ev)).toEqual([
      'oom-invoked',
      'oom-cpuset',
      'oom-task-in-cgroup',
      'oom-memcg-usage',
      'oom-memcg-usage',
      'oom-memcg-usage',
      'oom-memcg-stats',
      'oom-tasks-state',
      'oom-task-header',
      'oom-task-row',
      'oom-kill-choice',
      'oom-killed-process',
    ]);
    expect(one(ev, { what: 'oom-kill-choice' }).fields).toMatchObject({
      pid: 41235,
      score: 1935,
      scope: 'memcg',
    });
  });

  it('5.4 memcg OOM', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/kernel-5.4-oom-memcg.txt');
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({ pid: 63214, oom_score_adj: 986 });
    expect(one(ev, { what: 'oom-reaped' }).fields.shmem_rss_kb).toBe(92);
    expect(one(ev, { what: 'oom-invoked' }).fields).toMatchObject({ comm: 'uwsgi', gfp_flags: 'GFP_KERNEL' });
  });

  it('older variants: every OOM line of the file is named', () => {
    const ev = parse('fixtures/mixed/kernel-oom-older-variants/kernel-oom-older-variants.txt');
    expect(ev.filter((e) => e.fields.what === undefined).map((e) => e.message)).toEqual([]);
    expect(one(ev, { what: 'oom-task-row', pgtables_bytes: 8110080 }).fields.pid).toBe(3121);
    expect(one(ev, { what: 'oom-task-row', nr_pmds: 9 }).fields.nr_ptes).toBe(1980);
  });
});

describe('corpus cases read from their fixtures', () => {
  it('k8s-56891: 3.10 dmesg -T, invoked / CPU / stats / chosen and killed pids', () => {
    let ev = parse('fixtures/dmesg-ctime/util-linux-unknown/k8s-56891-fragment-1.txt');
    expect(one(ev, { what: 'oom-invoked' }).fields).toMatchObject({ comm: 'java', oom_score_adj: -998 });
    expect(one(ev, { what: 'oom-context' }).fields).toMatchObject({
      pid: 5282,
      kernel_release: '3.10.0-327.4.5.el7.x86_64',
    });
    expect(ev.filter((e) => e.fields.what === 'stack-words')).toHaveLength(3);
    ev = parse('fixtures/dmesg-ctime/util-linux-unknown/k8s-56891-fragment-2.txt');
    const stats = one(ev, { what: 'oom-memcg-stats' });
    expect(stats.fields.rss_kb).toBe(524188);
    expect(ids(stats)).toContain('pod:212ad9a4-3f53-18f5-9b3e-220968447d9d');
    expect(one(ev, { what: 'oom-kill-choice' }).fields).toMatchObject({ pid: 24572, scope: 'memcg' });
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({ pid: 28438, comm: 'java' });
    expect(ids(one(ev, { what: 'oom-cpuset' }))).toContain(
      'container:0db447daf6b7ea0923f45a8eaafdfbb3161d97ef0eaa20fb1b298ffe6879385c',
    );
    expect(one(ev, { what: 'oom-context' }).fields.pid).toBe(14881);
  });

  it('moby-33728: global OOM kill of influxd with its score', () => {
    const ev = parse('fixtures/dmesg-ctime/util-linux-unknown/moby-33728-host-oom.txt');
    expect(one(ev, { what: 'oom-kill-choice' }).fields).toMatchObject({
      pid: 1877,
      score: 760,
      scope: 'global',
    });
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({ pid: 1877, anon_rss_kb: 1551316 });
  });

  it('minikube-19820: fork rejected in a crio scope under libpod', () => {
    const ev = parse('fixtures/dmesg-raw/util-linux-unknown/minikube-19820-fork-rejected.txt');
    const e = one(ev, { what: 'fork-rejected' });
    expect(String(e.fields.cgroup)).toMatch(/^\/libpod_parent\/libpod-76c59b6210f0/);
    expect(ids(e)).toContain('container:32699ec6d8cea339068b8879659c6d131bc85bebbc5a66998932327a29ce3fd5');
  });

  it('systemd-23638: awk-mangled hung task, D state and kernel release', () => {
    const ev = parse('fixtures/dmesg-decode/util-linux-unknown/systemd-23638-awk-mangled.txt');
    expect(one(ev, { what: 'hung-task' }).fields).toMatchObject({
      comm: 'exe',
      pid: 1990875,
      blocked_seconds: 120,
    });
    expect(one(ev, { what: 'task-state' }).fields).toMatchObject({ state: 'D', pid: 1990875, ppid: 44826 });
    expect(one(ev, { what: 'kernel-taint' }).fields.kernel_release).toBe('4.18.0-147.3.1.el8_1.3');
    expect(one(ev, { what: 'hung-task-hint' })).toBeDefined();
    expect(ev.filter((e) => e.fields.what === 'stack-frame').length).toBeGreaterThanOrEqual(9);
  });

  it('gpud-70: the oom-kill summary in a journal', () => {
    const ev = parse('fixtures/journalctl-short-precise/systemd-unknown/gpud-70-host-elided.txt');
    const e = one(ev, { what: 'oom-summary' });
    expect(e.fields).toMatchObject({ task: 'pt_main_thread', pid: 461754, scope: 'memcg', writer: 'kernel' });
    expect(ids(e)).toEqual(
      expect.arrayContaining([
        'container:8f6046c8e15a117a146646b5061e51a57cf27c01a7d95621f95251929e4d43e9',
        'pod:94dabbf4-4b1a-4fe0-a7a9-3c6cf8855a1d',
      ]),
    );
  });

  it('talos-12526: the userspace OOM controller kill', () => {
    const ev = parse('corpus/talos-12526-userspace-oom-controller-kill/talosctl-dmesg.txt');
    const e = one(ev, { what: 'cgroup-kill' });
    expect(e.fields).toMatchObject({ signal: 'SIGKILL', controller: 'runtime.OOMController' });
    expect(ids(e)).toContain('pod:fa7a7e58-0b1e-4c92-b352-eea4274ed391');
  });

  it('containerd-5708: the pause process alive in its scope (systemctl status)', () => {
    const ev = parse('corpus/containerd-5708-task-unknown-pause-alive/systemctl-status.txt');
    expect(ev.some((e) => ids(e).includes('pid:12678') && ids(e).includes('process:pause'))).toBe(true);
    expect(
      ev.some((e) =>
        ids(e).includes('container:a65fba91b40e4cbd79a3443b5c898a6f93d77a94d01eb052981ce652710c94a9'),
      ),
    ).toBe(true);
  });

  it('moby-29638: ENOSPC creating a memory cgroup names the container', () => {
    const ev = parse('corpus/moby-29638-memcg-count-limit-enospc/docker-error-inline.txt');
    const e = one(ev, { what: 'no-space' });
    expect(ids(e)).toContain('container:9f70e4294eb62804b3d60fb2da6478f27a3b546a5319004dbcf86027a0856fe6');
    expect(e.fields.writer).toBeUndefined();
  });

  it('containerd-8921: the kernel line behind an rsyslog uptime stamp', () => {
    const ev = parse('fixtures/syslog-rfc3164/rsyslog-unknown/containerd-8921-dead-shim.txt');
    expect(one(ev, { what: 'bridge-port-state' }).fields).toMatchObject({
      interface: 'vethf24de83',
      state: 'disabled',
    });
  });
});

describe('other kernel reports and journals', () => {
  it('misc messages: one id per report kind', () => {
    const ev = parse('fixtures/mixed/kernel-misc-messages/kernel-misc-messages.txt');
    for (const w of [
      'hung-task',
      'task-state',
      'fork-rejected',
      'file-max',
      'soft-lockup',
      'hard-lockup',
      'panic',
      'segfault',
      'fs-error',
    ]) {
      expect(whats(ev), w).toContain(w);
    }
    expect(one(ev, { what: 'hung-task' }).fields.comm).toBe('jbd2/nvme0n1p1-');
  });

  it('journal: kernel hung task (sof-3387) and systemd unit results', () => {
    let ev = parse('fixtures/journalctl-short/systemd-unknown/sof-3387-kernel-hung-task.txt');
    expect(whats(ev)).toEqual(['hung-task', 'kernel-taint', 'hung-task-hint', 'task-state']);
    ev = parse('fixtures/journalctl-short/systemd-synthetic/special-lines.txt');
    const exited = one(ev, { what: 'unit-main-exited' });
    expect(exited.fields).toMatchObject({ exit_code: 2, status_name: 'INVALIDARGUMENT', writer: 'systemd' });
    expect(ids(exited)).toEqual(['unit:myapp.service']);
    expect(one(ev, { what: 'unit-failed' }).fields.result).toBe('exit-code');
  });

  it('journal json: kernel OOM kill and systemd OOM result from MESSAGE', () => {
    const ev = parse('fixtures/journalctl-json/systemd-synthetic/json.txt');
    expect(one(ev, { what: 'oom-killed-process' }).fields).toMatchObject({
      pid: 41235,
      scope: 'memcg',
      writer: 'kernel',
    });
  });
});
