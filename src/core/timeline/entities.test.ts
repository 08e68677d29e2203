import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntitySummary } from '../engine/engine-api.ts';
import { SourceParser } from '../ingest/source-parser.ts';
import type { LogEvent } from '../model/event.ts';
import { SourceStore } from '../store/source-store.ts';
import { entityMaskOf, type LinkedSource, lifecycleOf, summarizeEntities } from './entities.ts';
import { buildEntityIndex, EntityIndexBuilder, pidKey } from './entity-index.ts';
import { EntityLinks, resolvePrefixes } from './link.ts';

// Ids of the bundled sample (public/sample): the pod's sandbox, its first container, its UID.
const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';
const CONTAINER = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
const UID = '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a';
const UID_ = '4e6988f1_63e6_4d27_9e8d_ba45452fbf7a';
const POD = 'payments/checkout-tkv49ntw2-qc86p';

/** A store filled the way the engine fills one (columns only, raw lines kept). */
function storeOf(name: string, text: string): SourceStore {
  const s = new SourceStore(name, { year: 2025, utcOffsetMinutes: 0, fileName: name });
  const p = new SourceParser(
    {
      sourceId: name,
      fileName: name,
      year: 2025,
      utcOffsetMinutes: 0,
      columnsOnly: true,
      onRawLine: (t, l) => s.rawLine(t, l),
    },
    s,
  );
  p.push(text);
  p.end();
  s.finish(p.lines);
  return s;
}

function source(name: string, lines: string[]): LinkedSource {
  const store = storeOf(name, `${lines.join('\n')}\n`);
  return { id: name, name, store, index: buildEntityIndex(store, name) };
}

function linkAll(...sources: LinkedSource[]) {
  const links = new EntityLinks(sources.map((s) => s.index));
  const list = summarizeEntities(links, sources);
  const byKey = (key: string): EntitySummary => {
    const e = list.find((x) => x.key === key);
    if (!e) throw new Error(`no entity ${key} in ${list.map((x) => x.key).join(', ')}`);
    return e;
  };
  /** Lines of `src` the entity filters to. */
  const maskLines = (key: string, src: LinkedSource) => {
    const m = entityMaskOf(links, src.index, key, src.store.count);
    return [...m].flatMap((v, i) => (v ? [src.store.line(i)] : []));
  };
  return { links, list, byKey, maskLines };
}

const CRICTL_PS = [
  'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                        NAMESPACE',
  '7fc23ca64dfcf       a17dad15087bd       2 hours ago         Unknown             checkout            0                   afcf4efe97924       checkout-tkv49ntw2-qc86p   payments',
];

const JOURNAL = [
  `Nov 24 06:57:09 k8s-worker-21 containerd[798]: time="2025-11-24T06:57:09.169574508Z" level=info msg="starting signal loop" namespace=k8s.io path=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${SANDBOX} pid=2150 protocol=ttrpc version=3`,
  `Nov 24 06:57:09 k8s-worker-21 containerd[798]: time="2025-11-24T06:57:09.338874608Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:checkout-tkv49ntw2-qc86p,Uid:${UID},Namespace:payments,Attempt:0,} returns sandbox id \\"${SANDBOX}\\""`,
  `Nov 24 06:57:09 k8s-worker-21 containerd[798]: time="2025-11-24T06:57:09.482714488Z" level=info msg="CreateContainer within sandbox \\"${SANDBOX}\\" for &ContainerMetadata{Name:checkout,Attempt:0,} returns container id \\"${CONTAINER}\\""`,
  `Nov 24 07:48:16 k8s-worker-21 containerd[798]: time="2025-11-24T07:48:16.539327780Z" level=info msg="shim disconnected" id=${SANDBOX} namespace=k8s.io`,
  'Nov 24 07:48:16 k8s-worker-21 containerd[798]: time="2025-11-24T07:48:16.539390220Z" level=info msg="cleaning up dead shim" namespace=k8s.io',
  `Nov 24 07:48:16 k8s-worker-21 containerd[798]: time="2025-11-24T07:48:16.559055876Z" level=info msg="TaskExit event container_id:\\"${CONTAINER}\\" id:\\"${CONTAINER}\\" pid:2197 exit_status:137 exited_at:{seconds:1763970496 nanos:552268923}"`,
];

const DMESG = [
  `[Mon Nov 24 07:48:16 2025] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${CONTAINER}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-pod${UID_}.slice,task_memcg=/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${SANDBOX}.scope,task=containerd-shim,pid=2150,uid=0`,
  '[Mon Nov 24 07:48:16 2025] Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, anon-rss:812911kB, file-rss:6973kB, shmem-rss:0kB, UID:0 pgtables:1708kB oom_score_adj:-998',
];

describe('resolvePrefixes', () => {
  it('joins a 12- and a 13-character prefix to the one full id, and leaves an ambiguous prefix alone', () => {
    const other = `7fc23ca64dfc0${'1'.repeat(51)}`;
    const m = resolvePrefixes([CONTAINER, '7fc23ca64dfcf', '7fc23ca64dfc', 'afcf4efe97924', other]);
    expect(m.get('7fc23ca64dfcf')).toBe(CONTAINER);
    // Two full ids start with the 12-character prefix: not joined.
    expect(m.has('7fc23ca64dfc')).toBe(false);
    // Nothing longer starts with it.
    expect(m.has('afcf4efe97924')).toBe(false);
  });

  it('maps a short id only to an id it starts, and only when every longer match is on one chain', () => {
    const hexId = fc.stringMatching(/^[0-9a-c]{12,20}$/);
    fc.assert(
      fc.property(fc.array(hexId, { maxLength: 30 }), (ids) => {
        const m = resolvePrefixes(ids);
        for (const [s, t] of m) {
          expect(t.startsWith(s) && t.length > s.length).toBe(true);
          for (const u of ids) if (u !== s && u.startsWith(s)) expect(t.startsWith(u)).toBe(true);
        }
        // A short id with exactly one longer match is always joined.
        for (const s of new Set(ids)) {
          const longer = [...new Set(ids)].filter((u) => u !== s && u.startsWith(s));
          if (longer.length === 1) expect(m.get(s)).toBe(longer[0]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('entity links', () => {
  it('joins a crictl prefix to the full id and makes an id any tool calls a sandbox a sandbox', () => {
    const { list, byKey } = linkAll(
      source('ps.txt', CRICTL_PS),
      source('journal.txt', JOURNAL),
      source('dmesg.txt', DMESG),
    );
    const c = byKey(`container:${CONTAINER}`);
    expect(c.aliases).toContain('7fc23ca64dfcf');
    expect(c.label).toBe('checkout (7fc23ca64dfc)');
    // crictl's POD ID column and containerd's RunPodSandbox say sandbox; the kernel's cgroup scope said container.
    const s = byKey(`sandbox:${SANDBOX}`);
    expect(s.aliases).toContain('afcf4efe97924');
    expect(list.some((e) => e.key === `container:${SANDBOX}` || e.key === 'container:7fc23ca64dfcf')).toBe(
      false,
    );
    expect(c.related).toContain(`sandbox:${SANDBOX}`);
    expect(c.related).toContain(`pod:${POD}`);
    expect(s.related).toContain(`pod:${POD}`);
  });

  it('makes the pod name and the dashed and underscored UID one pod when a record names both', () => {
    const { byKey, list } = linkAll(source('journal.txt', JOURNAL), source('dmesg.txt', DMESG));
    const p = byKey(`pod:${POD}`);
    expect(p.aliases).toEqual(expect.arrayContaining([UID, UID_]));
    expect(p.facts).toMatchObject({ namespace: 'payments', name: 'checkout-tkv49ntw2-qc86p', uid: UID });
    expect(list.filter((e) => e.kind === 'pod')).toHaveLength(1);
    // Without the record naming both, the UID (from the kernel's slice) stays a pod of its own.
    const alone = linkAll(source('dmesg.txt', DMESG));
    expect(alone.byKey(`pod:${UID}`).aliases).toEqual([UID_]);
  });

  it("links the shim pid from containerd's signal-loop line and the kernel's task_memcg", () => {
    const journal = source('journal.txt', JOURNAL);
    const dmesg = source('dmesg.txt', DMESG);
    const { byKey, maskLines } = linkAll(journal, dmesg);
    const shim = byKey('process:k8s-worker-21/2150');
    expect(shim.label).toBe('pid 2150 containerd-shim');
    expect(shim.facts).toMatchObject({ pid: 2150, role: 'shim', comm: 'containerd-shim' });
    expect(shim.related).toContain(`sandbox:${SANDBOX}`);
    // Both kernel lines are the sandbox's (the second names only the pid), and the container's:
    // its sandbox's shim is its shim.
    expect(maskLines(`sandbox:${SANDBOX}`, dmesg)).toEqual([1, 2]);
    expect(maskLines(`container:${CONTAINER}`, dmesg)).toEqual([1, 2]);
    expect(maskLines(`sandbox:${SANDBOX}`, journal)).toEqual([1, 2, 3, 4, 5]);
    // The pod filters to everything of its sandbox and containers.
    expect(maskLines(`pod:${POD}`, journal)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ties a pid to the container its task_memcg names when no runtime log says whose it is', () => {
    const id = '3d90bbc925a21be9172b677de19eab99d35cea3d07d4aa9784cdb243f754bc9d';
    const uid = 'e53b5f04_04b2_46f0_b21c_0042da770ac9';
    const dmesg = source('dmesg.txt', [
      `[Mon Nov 24 09:36:54 2025] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${id}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid}.slice/cri-containerd-${id}.scope,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid}.slice/cri-containerd-${id}.scope,task=python3,pid=2287,uid=1000`,
      '[Mon Nov 24 09:36:54 2025] Memory cgroup out of memory: Killed process 2287 (python3) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:100kB oom_score_adj:985',
      '[Mon Nov 24 09:36:55 2025] Memory cgroup out of memory: Killed process 3000 (other) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:100kB oom_score_adj:985',
    ]);
    const { byKey, maskLines } = linkAll(dmesg);
    expect(byKey('process:node/2287').related).toContain(`container:${id}`);
    expect(maskLines(`container:${id}`, dmesg)).toEqual([1, 2]);
    expect(byKey(`container:${id}`).related).toContain(`pod:${uid.replace(/_/g, '-')}`);
  });

  it("ties an older kernel's kill to the memcg its report opened with", () => {
    const id = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
    const pod = '/kubepods/burstable/pod6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b';
    const dmesg = source('dmesg.txt', [
      '[ 1000.000001] java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998',
      `[ 1000.000002] Task in ${pod}/${id} killed as a result of limit of ${pod}`,
      '[ 1000.000003] Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB',
      '[ 1001.000000] Killed process 999 (other) total-vm:1kB, anon-rss:1kB, file-rss:1kB',
    ]);
    const { byKey, maskLines } = linkAll(dmesg);
    expect(byKey('process:node/28438').related).toContain(`container:${id}`);
    expect(maskLines(`container:${id}`, dmesg)).toEqual([2, 3]);
  });

  it('keeps one pid of two boots apart, and joins a source that names no boot to the only boot', () => {
    const b = new EntityIndexBuilder(Uint32Array.from([1, 2, 3]), 3);
    const ev = (line: number, boot: string | undefined): LogEvent => ({
      id: `j:${line}`,
      source: 'j',
      format: 'journalctl-json',
      line,
      lineEnd: line,
      time: null,
      timeQuality: 'none',
      boot,
      message: '',
      fields: {},
      entities: [{ kind: 'pid', id: '2150' }],
    });
    b.event(ev(1, 'boot-a'));
    b.event(ev(2, 'boot-b'));
    b.event(ev(3, undefined));
    const two = new EntityLinks([b.finish(0)]);
    expect(
      two.entities
        .filter((e) => e.kind === 'process')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['boot-a/2150', 'boot-b/2150', 'node/2150']);
    const one = new EntityIndexBuilder(Uint32Array.from([1, 2]), 2);
    one.event(ev(1, 'boot-a'));
    one.event(ev(2, undefined));
    const ix = one.finish(0);
    expect(ix.keys).toEqual([pidKey('boot-a', undefined, 2150), pidKey(undefined, undefined, 2150)]);
    const links = new EntityLinks([ix]);
    expect(links.entities.map((e) => e.key)).toEqual(['process:boot-a/2150']);
  });
});

describe('lifecycle', () => {
  it('reads a container as one lane: OOM kill of its shim, disconnect, synthetic exit, Unknown last', () => {
    const ps = source('ps.txt', CRICTL_PS);
    const journal = source('journal.txt', JOURNAL);
    const dmesg = source('dmesg.txt', DMESG);
    const { links } = linkAll(ps, journal, dmesg);
    const steps = lifecycleOf(links, [ps, journal, dmesg], `container:${CONTAINER}`);
    expect(steps.map((s) => `${s.step}: ${s.label}`)).toEqual([
      'created: created (containerd)',
      'oom-killed: OOM-killed pid 2150 (containerd-shim)',
      'shim-disconnected: shim disconnected',
      'shim-cleaned: cleaning up dead shim',
      'exited: exited 137 (synthetic, after dead-shim cleanup)',
      'unknown: Unknown (crictl ps, at capture)',
    ]);
    expect(steps.map((s) => s.eventId)).toEqual([
      'journal.txt:3',
      'dmesg.txt:2',
      'journal.txt:4',
      'journal.txt:5',
      'journal.txt:6',
      'ps.txt:2',
    ]);
    expect(steps[5].time).toBeNull();
    // Without the dead-shim cleanup the exit is a plain one.
    const plain = source('journal.txt', [JOURNAL[5]]);
    const l2 = new EntityLinks([plain.index]);
    expect(lifecycleOf(l2, [plain], `container:${CONTAINER}`).map((s) => s.label)).toEqual(['exited 137']);
    expect(lifecycleOf(l2, [plain], 'container:nope')).toEqual([]);
  });

  it('reads times when asked, so a clock alignment done after the index moves the steps', () => {
    const dmesg = source('dmesg.txt', DMESG);
    const { links } = linkAll(dmesg);
    const shifted: LinkedSource = {
      ...dmesg,
      store: {
        count: dmesg.store.count,
        time: (i) => (i === 1 ? 42 : null),
        timeQuality: () => 'aligned',
        line: (i) => dmesg.store.line(i),
      },
    };
    const [step] = lifecycleOf(links, [shifted], `container:${SANDBOX}`);
    expect(step).toMatchObject({ step: 'oom-killed', time: 42, timeQuality: 'aligned' });
    const [e] = summarizeEntities(links, [shifted]).filter((x) => x.key === 'process:node/2150');
    expect([e.first, e.last]).toEqual([42, 42]);
  });
});
