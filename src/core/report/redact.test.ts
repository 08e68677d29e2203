import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRedactions, findRedactions, type RedactionItem } from './redact.ts';

const root = new URL('../../../', import.meta.url);
function lineOf(path: string, line: number): string {
  return readFileSync(new URL(path, root), 'utf8').split('\n')[line - 1]!;
}

// Real lines: the sample incident and the corpus.
const OOM_LINE = lineOf('public/sample/journalctl-k.txt', 287);
const PROBE_LINE = lineOf('public/sample/journalctl-containerd-kubelet.txt', 328);
const PULL_LINE = lineOf('public/sample/journalctl-containerd-kubelet.txt', 112);
const CRICTL_LINE = lineOf('public/sample/crictl-ps-a.txt', 3);
const PROMPT_LINE = lineOf(
  'test/corpus/containerd-2744-containers-fail-to-terminate-1.1.4/kubectl-get-pods.txt',
  1,
);
const STACK_LINE = lineOf(
  'test/corpus/containerd-2744-containers-fail-to-terminate-1.1.4/journalctl-containerd-shim-stackdump.txt',
  2,
);
const DESCRIBE_NODE = lineOf('test/corpus/k8s-10861-describe-2015-tabs-memory-limit/kubectl-describe.txt', 5);
const SSHD_LINE = lineOf(
  'test/fixtures/syslog-rfc3164/sysklogd-synthetic/repeated-and-mark-synthetic.txt',
  4,
);

function byValue(items: RedactionItem[], value: string): RedactionItem | undefined {
  return items.find((i) => i.value === value);
}

const NAME_KINDS = new Set(['hostname', 'user', 'pod', 'namespace']);

/**
 * Does `item.value` stand in `text` as a whole (the contract of applyRedactions): not glued to a
 * letter or digit (nor, for names, a hyphen: `node` in `node-exporter`; for the rest `_`)?
 */
function standsIn(text: string, item: RedactionItem): boolean {
  const edge = NAME_KINDS.has(item.kind) ? '[\\p{L}\\p{N}-]' : '[\\p{L}\\p{N}_]';
  const escaped = item.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tail = /[\p{L}\p{N}]$/u.test(item.value) ? `(?!${edge})` : '';
  return new RegExp(`(?<!${edge})${escaped}${tail}`, 'u').test(text);
}

function redactAll(texts: string[], podNames = false): string[] {
  const items = findRedactions(texts, { podNames });
  return texts.map((t) => applyRedactions(t, items));
}

describe('findRedactions on real lines', () => {
  it('finds the host of a journal line and replaces it, keeping the rest', () => {
    expect(OOM_LINE).toContain('k8s-worker-21 kernel: Memory cgroup out of memory');
    const items = findRedactions([OOM_LINE]);
    expect(items).toEqual([
      {
        id: 'hostname:k8s-worker-21',
        kind: 'hostname',
        value: 'k8s-worker-21',
        replacement: 'node-1',
        count: 1,
        enabled: true,
      },
    ]);
    expect(applyRedactions(OOM_LINE, items)).toBe(OOM_LINE.replace('k8s-worker-21', 'node-1'));
  });

  it('replaces the probe address and keeps its port', () => {
    expect(PROBE_LINE).toContain('http://10.244.2.176:8080/ready');
    const out = redactAll([PROBE_LINE])[0]!;
    expect(out).toContain('http://10.0.0.1:8080/ready');
    expect(out).not.toContain('10.244.2.176');
    expect(out).toContain('Nov 24 07:46:24 node-1 kubelet[1017]');
  });

  it('treats a registry host as a host name, not the image path or its version', () => {
    const items = findRedactions([PULL_LINE]);
    expect(byValue(items, 'registry.example.com')?.kind).toBe('hostname');
    expect(applyRedactions(PULL_LINE, items)).toContain('PullImage \\"node-2/shop/worker:1.3.8\\"');
    // 1.3.8 and 06:57:17.999548328 are no addresses.
    expect(items.map((i) => i.kind).sort()).toEqual(['hostname', 'hostname']);
  });

  it('finds pod and namespace names only when asked', () => {
    expect(findRedactions([PROBE_LINE, CRICTL_LINE]).filter((i) => i.kind === 'pod')).toEqual([]);
    const items = findRedactions([PROBE_LINE, CRICTL_LINE], { podNames: true });
    expect(byValue(items, 'checkout-tkv49ntw2-qc86p')).toMatchObject({
      kind: 'pod',
      replacement: 'pod-a',
      count: 2,
    });
    expect(byValue(items, 'payments')).toMatchObject({ kind: 'namespace', replacement: 'ns-a', count: 2 });
    const out = applyRedactions(PROBE_LINE, items);
    expect(out).toContain('pod="ns-a/pod-a"');
    expect(applyRedactions(CRICTL_LINE, items)).toMatch(/pod-a +ns-a$/);
  });

  it('reads kubelet pod keys, DaemonSet names and containerd namespaces', () => {
    const kubelet =
      'Error syncing pod ed0d6029-1ae4-18a8-8bcb-af0c78924b1f ("ssh-daemonset-fl94q_default(ed0d6029-1ae4-18a8-8bcb-af0c78924b1f)")';
    const items = findRedactions([kubelet, 'pod="monitoring/node-exporter-66zsf"', 'namespace=k8s.io'], {
      podNames: true,
    });
    expect(items.map((i) => `${i.kind}:${i.value}`)).toEqual([
      'pod:ssh-daemonset-fl94q',
      'pod:node-exporter-66zsf',
      'namespace:monitoring',
    ]);
  });

  it('finds hosts and users in corpus prompts, stack traces and kubectl describe', () => {
    const items = findRedactions([PROMPT_LINE, STACK_LINE, DESCRIBE_NODE]);
    expect(items.map((i) => `${i.kind}:${i.value}`)).toEqual([
      'ipv4:10.175.109.53',
      'hostname:stage-dal10-cr91092b63f5762d6cf5be2f3c8f467550-w1',
      'hostname:dev-dal10-cr074561680ba30e2dae519b9da9b4fbce-w2.cloud.ibm',
      'hostname:kubernetes-minion-w3jc',
      'user:devusr',
    ]);
    const out = applyRedactions(STACK_LINE, items);
    expect(out).toContain('node-2 containerd[45094]:');
    expect(out).toContain(
      '/home/user-1/go/src/github.com/containerd/containerd/cmd/containerd-shim/main_unix.go:147',
    );
    expect(applyRedactions(PROMPT_LINE, items)).toBe('root@node-1:~# kubectl get pods');
  });

  it('never picks a pseudonym the document already holds', () => {
    // The fixture's sshd line names a real 10.0.0.1; another fixture has a real host node-1.
    const texts = [SSHD_LINE, '2025-11-26T09:00:01.187734+00:00 node-1 kernel: oom_reaper', PROBE_LINE];
    const items = findRedactions(texts);
    expect(byValue(items, '10.0.0.1')?.replacement).not.toBe('10.0.0.1');
    expect(byValue(items, '10.244.2.176')?.replacement).not.toBe('10.0.0.1');
    expect(byValue(items, 'node-1')?.replacement).not.toBe('node-1');
    expect(byValue(items, 'k8s-worker-21')?.replacement).not.toBe('node-1');
    const replacements = items.map((i) => i.replacement);
    expect(new Set(replacements).size).toBe(replacements.length);
  });
});

describe('secrets and tokens', () => {
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const cases: [string, string, RedactionItem['kind'], string][] = [
    // [input, secret value, kind, expected output]
    [
      'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543',
      '8f14e45fceea167a5a36dedd4bea2543',
      'token',
      'Authorization: Bearer [REDACTED-TOKEN-1]',
    ],
    [
      'authorization: Basic YWxpY2U6czNjcjN0',
      'YWxpY2U6czNjcjN0',
      'token',
      'authorization: Basic [REDACTED-TOKEN-1]',
    ],
    [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPLE',
      'token',
      'aws_access_key_id = [REDACTED-TOKEN-1]',
    ],
    [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'secret',
      'aws_secret_access_key = [REDACTED-SECRET-1]',
    ],
    [
      'git clone https://ghp_1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXYZab@github.com/acme/app',
      'ghp_1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXYZab',
      'token',
      'git clone https://[REDACTED-TOKEN-1]@github.com/acme/app',
    ],
    [`cookie=${JWT}; path=/`, JWT, 'token', 'cookie=[REDACTED-TOKEN-1]; path=/'],
    [
      'pulling from https://deploy:s3cr3t-Passw0rd@registry.example.com/v2/',
      's3cr3t-Passw0rd',
      'secret',
      'pulling from https://user-1:[REDACTED-SECRET-1]@node-1/v2/',
    ],
    ['env: DB_PASSWORD=hunter2hunter2', 'hunter2hunter2', 'secret', 'env: DB_PASSWORD=[REDACTED-SECRET-1]'],
    ['--token=abc123def456 --v=2', 'abc123def456', 'token', '--token=[REDACTED-TOKEN-1] --v=2'],
    ['client secret=Zm9vYmFyYmF6', 'Zm9vYmFyYmF6', 'secret', 'client secret=[REDACTED-SECRET-1]'],
    [
      '{"api_key": "AIzaSyD-9tSrke72PouQMnMX"}',
      'AIzaSyD-9tSrke72PouQMnMX',
      'secret',
      '{"api_key": "[REDACTED-SECRET-1]"}',
    ],
    [
      'X-Auth-Token: 6f1ed002ab5595859014',
      '6f1ed002ab5595859014',
      'token',
      'X-Auth-Token: [REDACTED-TOKEN-1]',
    ],
    [
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKl in config',
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKl',
      'token',
      '[REDACTED-TOKEN-1] in config',
    ],
  ];
  it.each(cases)('%s', (input, value, kind, expected) => {
    const items = findRedactions([input]);
    expect(byValue(items, value)?.kind).toBe(kind);
    expect(applyRedactions(input, items)).toBe(expected);
  });

  it('keeps a short secret with its key, so other words that spell it stay', () => {
    const texts = ['PASSWORD=abc', 'see abc in the table'];
    const items = findRedactions(texts);
    expect(items).toEqual([
      {
        id: 'secret:PASSWORD=abc',
        kind: 'secret',
        value: 'PASSWORD=abc',
        replacement: 'PASSWORD=[REDACTED-SECRET-1]',
        count: 1,
        enabled: true,
      },
    ]);
    expect(texts.map((t) => applyRedactions(t, items))).toEqual([
      'PASSWORD=[REDACTED-SECRET-1]',
      'see abc in the table',
    ]);
  });

  it('replaces a long secret wherever else it appears, and a short URL password only there', () => {
    const out = redactAll([
      'PASSWORD=hunter2hunter2',
      'echo hunter2hunter2',
      'mysql://bob:pw@db.corp.internal/app',
    ]);
    expect(out).toEqual([
      'PASSWORD=[REDACTED-SECRET-1]',
      'echo [REDACTED-SECRET-1]',
      'mysql://user-1:[REDACTED-SECRET-2]@node-1/app',
    ]);
  });

  it('redacts the body of a private key block', () => {
    const key =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----';
    expect(applyRedactions(key, findRedactions([key]))).toBe(
      '-----BEGIN RSA PRIVATE KEY-----\n[REDACTED-SECRET-1]\n-----END RSA PRIVATE KEY-----',
    );
  });

  it('finds e-mails, MACs, IPv6 and user names', () => {
    const texts = [
      'Reported-by: Alice Example <alice.example@corp.example.com>',
      '2: eth0: link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff',
      'inet6 fe80::a00:27ff:fe4e:66a1/64 scope link, peer 2001:db8:85a3:0:0:8a2e:370:7334',
      'uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)',
      'sshd[2211]: Accepted publickey for carol from 10.1.2.3 port 5122',
      'kubelet user=dave started',
    ];
    const items = findRedactions(texts);
    expect(items.map((i) => `${i.kind}:${i.value}=${i.replacement}`)).toEqual([
      'email:alice.example@corp.example.com=user1@example.invalid',
      'ipv6:fe80::a00:27ff:fe4e:66a1=fd00::1',
      'ipv6:2001:db8:85a3:0:0:8a2e:370:7334=fd00::2',
      'mac:02:42:ac:11:00:02=02:00:00:00:00:01',
      'ipv4:10.1.2.3=10.0.0.1',
      'user:alice=user-1',
      'user:carol=user-2',
      'user:dave=user-3',
    ]);
    // The host inside the e-mail is not an item of its own: the e-mail covers it.
    expect(byValue(items, 'corp.example.com')).toBeUndefined();
    expect(byValue(items, 'alice')?.count).toBe(3);
  });
});

describe('what is not flagged', () => {
  const clean = [
    'Nov 24 07:48:16.539327 dmesg.txt:287 journalctl-k.txt:287',
    'containerd version=1.7.24 revision=88bf19b2105c8b17560993bee28a01ddc2f97182 runc 1.1.12 go1.22.9',
    'I1124 07:46:24.498524    1017 prober.go:107] kuberuntime_container.go:809 container.go',
    '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/cri-containerd-7fc23ca64dfc.scope memory.max',
    'loading plugin "io.containerd.grpc.v1.cri" type=io.containerd.snapshotter.v1 namespace=k8s.io',
    'image sha256:b790e808200f583fd6d83ea8b5ca4e7ea7a7fd43ac52b7bf43887080297e9860 registry.k8s.io/pause:3.10',
    'flowchart LR\n  H1["oom-kill"] --> H2["shim exit"]\n  H2 -.-> H3',
    'timeline\n  07∶48∶16 : Killed process 2150 (containerd-shim)',
    '[    0.000013] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-27-amd64 root=UUID=d6114d2c-463d-4148-9a5e-112ded996dd6 ro',
    'Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0)',
    'podUID="4e6988f1-63e6-4d27-9e8d-ba45452fbf7a" 0.0.0.0:8086 127.0.0.1 ::1 255.255.255.0',
    'github.com/containerd/containerd/v2/core/runtime/v2.(*shim).Delete golang.org/x/net@v0.17.0',
    // An environment reference, not a value: `secret=${DB_SECRET}`.
    `token_file=/var/run/secrets/kubernetes.io/serviceaccount/token password=<none> secret=$\{DB_SECRET}`,
    'Bearer authentication failed; bypass=1; Node: see below; [REDACTED-TOKEN-1] user=root',
    'logger.info("x") README.md main.rs setup.py run.sh grep -n shop /home/ 1.2.3.4.5 v10.1.2.3',
    'total-vm:891460kB, anon-rss:812911kB, UID:0 oom_score_adj:-998 12:34 dead:beef:cafe',
    '2025-11-24T07:48:16Z INFO main: started',
    // A time window as the documents print it: `to` between two times is no host (rca report found it).
    '2025-11-24T07:48:16.000Z to 2025-11-24T07:48:16.571464Z',
  ];
  it.each(clean)('%s', (text) => {
    expect(findRedactions([text], { podNames: true })).toEqual([]);
  });
});

describe('one pseudonym per value across the document', () => {
  it('is the same in the Markdown, an escaped excerpt, a Mermaid label and a footnote', () => {
    const markdown = '# container 7fc23ca64dfc Unknown on k8s-worker-21\n\nProbe to 10.244.2.176 failed.';
    const escaped = 'Node k8s\\-worker\\-21 at 10\\.244.2.176 \\[x\\]';
    const mermaid = 'timeline\n  07∶48∶16 : k8s-worker-21 probe 10.244.2.176∶8080';
    const footnote = `[^L1]: journalctl-containerd-kubelet.txt:328 — ${PROBE_LINE}`;
    const texts = [markdown, escaped, mermaid, footnote];
    const items = findRedactions(texts);
    expect(byValue(items, 'k8s-worker-21')).toMatchObject({ replacement: 'node-1', count: 4 });
    expect(byValue(items, '10.244.2.176')).toMatchObject({ replacement: '10.0.0.1', count: 4 });
    const out = texts.map((t) => applyRedactions(t, items));
    expect(out[0]).toBe('# container 7fc23ca64dfc Unknown on node-1\n\nProbe to 10.0.0.1 failed.');
    expect(out[1]).toBe('Node node-1 at 10.0.0.1 \\[x\\]');
    expect(out[2]).toBe('timeline\n  07∶48∶16 : node-1 probe 10.0.0.1∶8080');
    expect(out[3]).toContain('Nov 24 07:46:24 node-1 kubelet[1017]');
    for (const o of out) {
      expect(o).not.toContain('worker-21');
      expect(o).not.toContain('176');
    }
  });

  it('numbers pseudonyms by first appearance and keeps ids stable', () => {
    const a = findRedactions(['host: web-01 then 10.0.5.1', 'node=db-02 and 10.0.5.2']);
    expect(a.map((i) => `${i.id}=${i.replacement}`)).toEqual([
      'ipv4:10.0.5.1=10.0.0.1',
      'ipv4:10.0.5.2=10.0.0.2',
      'hostname:web-01=node-1',
      'hostname:db-02=node-2',
    ]);
    const b = findRedactions(['node=db-02 and 10.0.5.2', 'host: web-01 then 10.0.5.1']);
    expect(b.map((i) => i.id).sort()).toEqual(a.map((i) => i.id).sort());
    expect(byValue(b, 'db-02')?.replacement).toBe('node-1');
  });

  it('keeps a disabled item and replaces the others', () => {
    const texts = [OOM_LINE, PROBE_LINE];
    const items = findRedactions(texts).map((i) => (i.kind === 'hostname' ? { ...i, enabled: false } : i));
    const out = applyRedactions(PROBE_LINE, items);
    expect(out).toContain('k8s-worker-21');
    expect(out).toContain('10.0.0.1:8080');
  });

  it('does not change its inputs', () => {
    const texts = Object.freeze([OOM_LINE, PROBE_LINE]);
    const items = findRedactions(texts);
    const frozen = items.map((i) => Object.freeze({ ...i }));
    const copy = JSON.stringify(frozen);
    applyRedactions(PROBE_LINE, frozen);
    expect(JSON.stringify(frozen)).toBe(copy);
    expect(texts).toEqual([OOM_LINE, PROBE_LINE]);
  });

  it('prefers the longest value and never replaces inside a replacement', () => {
    const items: RedactionItem[] = [
      {
        id: 'hostname:k8s-worker-21',
        kind: 'hostname',
        value: 'k8s-worker-21',
        replacement: 'node-1',
        count: 1,
        enabled: true,
      },
      {
        id: 'hostname:k8s-worker-21.corp.internal',
        kind: 'hostname',
        value: 'k8s-worker-21.corp.internal',
        replacement: 'node-2',
        count: 1,
        enabled: true,
      },
      // A replacement that spells another value: it must not be replaced again.
      { id: 'user:node', kind: 'user', value: 'node', replacement: 'k8s-worker-21', count: 1, enabled: true },
    ];
    expect(applyRedactions('k8s-worker-21.corp.internal k8s-worker-21 node', items)).toBe(
      'node-2 node-1 k8s-worker-21',
    );
  });
});

describe('properties', () => {
  // Texts built from real fragments (with values the detectors find) and separators.
  const fragments = [
    OOM_LINE,
    PROBE_LINE,
    PULL_LINE,
    CRICTL_LINE,
    PROMPT_LINE,
    STACK_LINE,
    DESCRIBE_NODE,
    SSHD_LINE,
    'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543',
    'PASSWORD=abc',
    'DB_PASSWORD=hunter2hunter2',
    'https://deploy:s3cr3t-Passw0rd@registry.example.com/v2/',
    'mail alice.example@corp.example.com',
    'link/ether 02:42:ac:11:00:02',
    'peer fe80::a00:27ff:fe4e:66a1',
    'uid=1000(alice)',
    'node-1 10.0.0.1 user-1 pod-a [REDACTED-TOKEN-1]',
    'k8s\\-worker\\-21',
    'flowchart LR\n  A --> B',
    '07∶48∶16 : k8s-worker-21 10.244.2.176∶8080',
  ];
  const text = fc
    .array(fc.tuple(fc.constantFrom(...fragments), fc.constantFrom(' ', '\n', ', ', '/', '"', '')), {
      maxLength: 6,
    })
    .map((parts) => parts.map(([f, s]) => f + s).join(''));
  const doc = fc.array(text, { minLength: 1, maxLength: 4 });

  it('applying twice is applying once (with any items disabled)', () => {
    fc.assert(
      fc.property(doc, fc.boolean(), fc.array(fc.boolean(), { maxLength: 40 }), (texts, pods, flags) => {
        const items = findRedactions(texts, { podNames: pods }).map((i, k) => ({
          ...i,
          enabled: flags[k] ?? true,
        }));
        for (const t of texts) {
          const once = applyRedactions(t, items);
          expect(applyRedactions(once, items)).toBe(once);
        }
      }),
    );
  });

  it('leaves no enabled value and counts what it replaces', () => {
    fc.assert(
      fc.property(doc, fc.boolean(), (texts, pods) => {
        const items = findRedactions(texts, { podNames: pods });
        const out = texts.map((t) => applyRedactions(t, items));
        for (const item of items) {
          expect(item.count).toBeGreaterThan(0);
          // Detection reads escapes away: compare with the readable text.
          for (const o of out)
            expect(standsIn(o.replace(/\\(?=[-.[\]])/g, '').replace(/∶/g, ':'), item)).toBe(false);
        }
        const total = items.reduce((n, i) => n + i.count, 0);
        const placed = items.reduce(
          (n, i) => n + out.reduce((m, o) => m + o.split(i.replacement).length - 1, 0),
          0,
        );
        expect(placed).toBeGreaterThanOrEqual(total);
      }),
    );
  });
});

describe('hostile input', () => {
  it('reads a 1 MB line of log text and of pathological characters', () => {
    let big = '';
    while (big.length < 1_000_000)
      big += `${OOM_LINE} ${PROBE_LINE} Authorization: Bearer 8f14e45fceea167a5a36dedd ${'a.'.repeat(50)} `;
    const items = findRedactions([big], { podNames: true });
    expect(items.map((i) => i.value)).toEqual(
      expect.arrayContaining([
        'k8s-worker-21',
        '10.244.2.176',
        '8f14e45fceea167a5a36dedd',
        'checkout-tkv49ntw2-qc86p',
      ]),
    );
    const out = applyRedactions(big, items);
    expect(out).not.toContain('k8s-worker-21');
    expect(out).not.toContain('8f14e45fceea167a5a36dedd');

    for (const unit of ['a.', '1.', 'ab:', 'a@', '-', '\\-', 'eyJa.', 'Nov 24 07:48:16 ']) {
      const line = unit.repeat(Math.ceil(1_000_000 / unit.length));
      expect(findRedactions([line], { podNames: true })).toEqual([]);
    }
    // A periodic secret that occurs at every other offset.
    const periodic = `password=${'a-'.repeat(256)} ${'a-'.repeat(500_000)}`;
    const p = findRedactions([periodic]);
    expect(p).toHaveLength(1);
    expect(applyRedactions(periodic, p)).not.toContain('a-'.repeat(256));
  });
});
