// Entity links measured end to end through the engine (docs/entities.md): on the bundled sample
// incident, and on the project generator's node, whose truth.json says which container, sandbox,
// pod and shim every injected OOM kill was about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EntitySummary } from '../src/core/engine/engine-api.ts';
import { type Clock, Workbench } from '../src/core/engine/workbench.ts';
import { createDataset } from '../src/core/generate/dataset.ts';

function input(name: string, text: string, clock?: Clock) {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    kind: 'file' as const,
    stream: new Blob([bytes]).stream(),
    totalBytes: bytes.length,
    clock,
  };
}

/** Event ids of the rows the timeline shows when the entity is clicked. */
function entityRows(wb: Workbench, key: string): Set<string> {
  const v = wb.view({ sources: [], severities: [], search: '', entity: key });
  return new Set(wb.rows(v.viewId, 0, v.total).map((r) => r.eventId));
}

function find(list: EntitySummary[], pred: (e: EntitySummary) => boolean, what: string): EntitySummary {
  const e = list.find(pred);
  if (!e) throw new Error(`no entity: ${what}`);
  return e;
}

describe('entities of the bundled sample', () => {
  const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';
  const POD = 'payments/checkout-tkv49ntw2-qc86p';

  async function sample(): Promise<Workbench> {
    const dir = new URL('../public/sample/', import.meta.url);
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
      clock?: Clock;
      files: { name: string }[];
    };
    const wb = new Workbench();
    for (const f of manifest.files) {
      await wb.addSource(input(f.name, readFileSync(new URL(f.name, dir), 'utf8'), manifest.clock));
    }
    return wb;
  }

  it('links the OOM-killed shim pid 2150 to its sandbox and pod', async () => {
    const wb = await sample();
    const list = wb.entities();
    const shim = find(list, (e) => e.kind === 'process' && e.facts.pid === 2150, 'pid 2150');
    expect(shim.label).toBe('pid 2150 containerd-shim');
    expect(shim.related).toContain(`sandbox:${SANDBOX}`);
    const sandbox = find(list, (e) => e.key === `sandbox:${SANDBOX}`, 'the sandbox');
    expect(sandbox.related).toContain(`pod:${POD}`);
    expect(sandbox.aliases).toContain('afcf4efe97924');
    const pod = find(list, (e) => e.key === `pod:${POD}`, 'the pod');
    expect(pod.aliases).toEqual(
      expect.arrayContaining([
        '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
        '4e6988f1_63e6_4d27_9e8d_ba45452fbf7a',
      ]),
    );
    // Pods first, the incident's pod (most events) at their head.
    expect(list[0].key).toBe(`pod:${POD}`);
    // The kernel's kill line shows under the sandbox, the pod and the shim.
    // The kernel's kill line (in dmesg and in journalctl -k) shows under the sandbox, the pod and the shim.
    for (const kill of ['dmesg.txt:287', 'journalctl-k.txt:287'])
      for (const key of [shim.key, sandbox.key, pod.key])
        expect(entityRows(wb, key).has(kill), `${key} ${kill}`).toBe(true);
  });

  it("reads container 7fc23ca64dfcf's lifecycle: OOM kill, shim disconnect, exit 137, Unknown", async () => {
    const wb = await sample();
    const list = wb.entities();
    const c = find(list, (e) => e.kind === 'container' && e.id.startsWith('7fc23ca64dfcf'), 'the container');
    expect(c.id).toHaveLength(64);
    expect(c.aliases).toContain('7fc23ca64dfcf');
    expect(c.label).toBe('checkout (7fc23ca64dfc)');
    const steps = wb.lifecycle(c.key);
    const kinds = steps.map((s) => s.step);
    expect(kinds).toEqual(
      expect.arrayContaining(['created', 'started', 'oom-killed', 'shim-disconnected', 'unknown']),
    );
    const exited = steps.filter((s) => s.step === 'exited');
    expect(exited.map((s) => s.label)).toEqual(['exited 137 (synthetic, after dead-shim cleanup)']);
    // Timed steps in time order, the states as of the capture last.
    const times = steps.map((s) => s.time);
    const timed = times.filter((t): t is number => t !== null);
    expect(timed).toEqual([...timed].sort((a, b) => a - b));
    expect(times.slice(timed.length).every((t) => t === null)).toBe(true);
    expect(steps[steps.length - 1].step).toBe('unknown');
    // Clicking the container: its own rows and its pod's shim, not the pod's other container.
    const rows = entityRows(wb, c.key);
    expect(rows.size).toBe(c.events);
    expect(rows.has('dmesg.txt:287')).toBe(true);
    expect(rows.has('crictl-ps-a.txt:11')).toBe(true);
    expect(rows.has('crictl-ps-a.txt:3')).toBe(false);
  });
});

describe('entities of the generated node', () => {
  it('links every injected OOM kill to its container (or sandbox), pod (name and UID) and shim pid', async () => {
    const ds = createDataset({ seed: 7, mb: 0.1 });
    const wb = new Workbench();
    const clock: Clock = { year: 2025, utcOffsetMinutes: 0 };
    for (const f of ds.files) await wb.addSource(input(f.name, [...f.chunks()].join(''), clock));
    const truth = ds.truth();
    const list = wb.entities();
    const counts = { kills: 0, container: 0, pod: 0, shim: 0 };
    const missing: string[] = [];
    for (const inc of truth.incidents) {
      const task =
        inc.kind === 'shim-oom'
          ? find(list, (e) => e.key === `sandbox:${inc.sandboxId}`, `${inc.id} sandbox`)
          : find(list, (e) => e.key === `container:${inc.containerId}`, `${inc.id} container`);
      const pod = find(list, (e) => e.key === `pod:${inc.pod}`, `${inc.id} pod`);
      const shim = find(
        list,
        (e) => e.kind === 'process' && e.facts.pid === inc.shimPid && e.facts.role === 'shim',
        `${inc.id} shim`,
      );
      // The shim serves the task's sandbox; the task belongs to the pod the name and UID both name.
      const shimOfTask =
        shim.related.includes(`sandbox:${inc.sandboxId}`) &&
        (inc.kind === 'shim-oom' || task.related.includes(`sandbox:${inc.sandboxId}`));
      const podOk = pod.aliases.includes(inc.podUid) && task.related.includes(pod.key);
      const taskRows = entityRows(wb, task.key);
      const podRows = entityRows(wb, pod.key);
      const shimRows = entityRows(wb, shim.key);
      for (const kl of inc.keyLines) {
        if (kl.id !== 'kernel.oom-kill' && kl.id !== 'kernel.killed') continue;
        counts.kills++;
        const id = `${kl.file}:${kl.line}`;
        if (taskRows.has(id)) counts.container++;
        else missing.push(`${inc.id} ${kl.id} ${id}: not under ${task.key}`);
        if (podOk && podRows.has(id)) counts.pod++;
        else missing.push(`${inc.id} ${kl.id} ${id}: not under ${pod.key}`);
        // For the shim's own OOM the kill is the shim's row; otherwise the killed task's shim.
        if (shimOfTask && (inc.kind !== 'shim-oom' || shimRows.has(id))) counts.shim++;
        else missing.push(`${inc.id} ${kl.id} ${id}: not linked to shim pid ${inc.shimPid}`);
      }
    }
    console.log(
      `entity links: ${counts.kills} OOM kill lines in ${truth.incidents.length} incidents; linked to container/sandbox ${counts.container}, pod ${counts.pod}, shim pid ${counts.shim}`,
    );
    expect(missing).toEqual([]);
    expect(counts.kills).toBeGreaterThanOrEqual(truth.incidents.length * 2 * 10);
    // 22 files, each parsed twice (columns, then the entity index): seconds, not a speed test.
  }, 120_000);
});
