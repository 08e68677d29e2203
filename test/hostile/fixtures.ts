// The hostile incident the journeys load (e2e/fixtures/hostile/), built from the bundled sample
// incident (public/sample: real output shapes of journalctl, dmesg, crictl) with the corpus'
// payloads substituted in the places a pod, a container or a program controls:
// - the pod, its namespace and its container are renamed to payloads everywhere they appear
//   (klog values, containerd messages, the crictl table and JSON), quoted as each tool quotes;
// - every one-line payload is a journal line of its own (as `journalctl -a` prints it), a klog
//   value (Go-quoted, as the kubelet prints it), a containerd logfmt message (Go-quoted, as
//   logrus prints it) and a kernel line written through /dev/kmsg;
// - every payload is a label and an annotation of the container in `crictl inspect` (JSON,
//   HTML-escaped as Go's encoding/json writes it: `<` as \u003c);
// - a template file carries payloads in its front matter and body, and one is refused.
// `npx tsx test/hostile/write-fixtures.ts` writes the files; test/hostile/fixtures.test.ts fails
// when the committed files differ from what this module builds, so the two cannot drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ONE_LINE, PAYLOADS, payload } from './corpus.ts';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', 'public', 'sample');
const sample = (name: string) => readFileSync(join(SAMPLE_DIR, name), 'utf8');

/** The sample's names and what they become. */
export const RENAMED = {
  /** `checkout-tkv49ntw2-qc86p`. */
  pod: `checkout-${payload('img-onerror')}`,
  /** `payments`: shell syntax, so that the kubectl commands the analysis prints must quote it. */
  namespace: payload('shell'),
  /** `checkout`. */
  container: payload('script-flag'),
  /** `redis`, a neighbour in `crictl ps -a`. */
  neighbour: payload('long-name'),
} as const;

/** The file name the journal is loaded under in the journeys (a payload too). */
export const JOURNAL_FILE_NAME = `${payload('img-onerror').replace('alert(1)', 'alert(9)')}.log`;

/** Go's strconv.Quote (klog values, logrus messages): `"` and `\` escaped, controls as \xNN / \uNNNN. */
export function goQuote(s: string): string {
  const named: Record<string, string> = {
    '\u0007': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
    '"': '\\"',
    '\\': '\\\\',
  };
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (named[ch]) out += named[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    // Not printable for Go (categories C and Z but the space): C1 controls, format characters.
    else if (/[\u0080-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/.test(ch))
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

/** Go's encoding/json with its default HTML escaping (what `crictl inspect` prints). */
export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** The sample's names replaced, in one pass (a renamed pod holds the word the container is renamed from). */
function rename(text: string): string {
  const to: Record<string, string> = {
    'checkout-tkv49ntw2-qc86p': RENAMED.pod,
    payments: RENAMED.namespace,
    checkout: RENAMED.container,
    redis: RENAMED.neighbour,
  };
  // A name, not the start of another one: `redis-whmzrrbstk-4pnkf` (a pod) keeps its name.
  return text.replace(/checkout-tkv49ntw2-qc86p|\b(?:payments|checkout|redis)\b(?!-)/g, (m) => to[m]);
}

// The lines the first version of this journey used, kept: payloads in messages and ids.
const LEGACY_JOURNAL = [
  'Nov 24 07:48:10 k8s-worker-21 containerd[798]: time="2025-11-24T07:48:10.100000000Z" level=error msg="<img src=x onerror=alert(1)><script>alert(2)</script>" id=7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27',
  'Nov 24 07:48:11 k8s-worker-21 kubelet[1017]: E1124 07:48:11.200000    1017 pod_workers.go:1298] "[click me](javascript:alert(3)) <svg onload=alert(4)>" pod="payments/<b>bold</b>"',
  "Nov 24 07:48:12 k8s-worker-21 kernel: %%{init: {'securityLevel':'loose'}}%% click A call alert(5) {{ 7*7 }} {% raw %}x{% endraw %}",
  'Nov 24 07:48:13 k8s-worker-21 systemd[1]: \u202Egnp.exe <iframe src=javascript:alert(6)></iframe> <a href="javascript:alert(7)">x</a>',
  'Nov 24 07:48:14 k8s-worker-21 containerd[798]: time="2025-11-24T07:48:14.000000000Z" level=info msg="shim disconnected" id=<script>alert(8)</script> namespace=k8s.io',
];

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `journalctl -u containerd -u kubelet` of the sample, renamed, with the payload lines at
 * 07:47 (between the failed probe and the kill): per one-line payload, a line of a program that
 * printed it (as `journalctl -a` shows it) and a kubelet probe whose output carries it (Go-quoted
 * in a klog value).
 */
function journal(): string {
  const lines = rename(sample('journalctl-containerd-kubelet.txt')).trimEnd().split('\n');
  const payloadLines: string[] = [];
  ONE_LINE.forEach((p, i) => {
    const t = `07:47:${two(i)}`;
    payloadLines.push(`Nov 24 ${t} k8s-worker-21 checkout-app[4242]: [${p.id}] ${p.text}`);
    payloadLines.push(
      `Nov 24 ${t} k8s-worker-21 kubelet[1017]: I1124 ${t}.${String(500000 + i).padStart(6, '0')}    1017 prober.go:107] "Probe failed" probeType="Liveness" pod=${goQuote(`${RENAMED.namespace}/${RENAMED.pod}`)} containerName=${goQuote(RENAMED.container)} probeResult="failure" output=${goQuote(`[${p.id}] ${p.text}`)}`,
    );
  });
  const at = lines.findIndex((l) => l.startsWith('Nov 24 07:48:16'));
  const legacyAt = lines.findIndex((l) => l.startsWith('Nov 24 07:48:17'));
  return `${[
    ...lines.slice(0, at),
    ...payloadLines,
    ...lines.slice(at, legacyAt),
    ...LEGACY_JOURNAL,
    ...lines.slice(legacyAt),
  ].join('\n')}\n`;
}

/** Raw `dmesg` of the sample with a line per one-line payload written through /dev/kmsg after the kill. */
function dmesg(): string {
  const lines = sample('dmesg.txt').trimEnd().split('\n');
  const at = lines.findIndex((l) => l.includes('oom_reaper: reaped process 2150')) + 1;
  const payloadLines = ONE_LINE.map(
    (p, i) => `[ 3087.${String(700000 + i * 1000).padStart(6, '0')}] checkout-app[4242]: [${p.id}] ${p.text}`,
  );
  return `${[...lines.slice(0, at), ...payloadLines, ...lines.slice(at)].join('\n')}\n`;
}

/**
 * A containerd log file (logfmt, as containerd writes it without journald): every payload, multi-
 * line ones included, as a Go-quoted message and as a quoted `error`, around the shim's death.
 */
function containerdLog(): string {
  const sandbox = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';
  const container = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
  const out = [
    `time="2025-11-24T07:46:59.000000000Z" level=info msg=${goQuote(`CreateContainer within sandbox "${sandbox}" for &ContainerMetadata{Name:${RENAMED.container},Attempt:0,} returns container id "${container}"`)}`,
  ];
  PAYLOADS.forEach((p, i) => {
    const t = `2025-11-24T07:47:${two(i)}.${String(100000000 + i).padStart(9, '0')}Z`;
    out.push(
      `time="${t}" level=error msg=${goQuote(`[${p.id}] ${p.text}`)} error=${goQuote(p.text)} id=${container} namespace=k8s.io`,
    );
  });
  out.push(
    `time="2025-11-24T07:48:16.539327780Z" level=info msg="shim disconnected" id=${sandbox} namespace=k8s.io`,
    `time="2025-11-24T07:48:16.559055876Z" level=info msg=${goQuote(`TaskExit event container_id:"${container}" id:"${container}" pid:2197 exit_status:137 exited_at:{seconds:1763970496 nanos:552268923}`)}`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * `crictl ps -a` of the sample, renamed and laid out again as Go's text/tabwriter does it for
 * crictl (min width 20, padding 3): a cell's column is as wide as its widest cell plus 3.
 */
function crictlPs(): string {
  const lines = sample('crictl-ps-a.txt').trimEnd().split('\n');
  // The sample's header gives each column's start (`POD ID` is one title).
  const starts = [...lines[0].matchAll(/\S+(?: \S+)*/g)].map((m) => m.index);
  const cells = lines.map((line, r) =>
    starts.map((s, c) => {
      const cell = line.slice(s, starts[c + 1]).trim();
      return r === 0 ? cell : rename(cell);
    }),
  );
  const width = (s: string) => Array.from(s).length;
  const widths = starts.map((_, c) => Math.max(20, ...cells.map((r) => width(r[c]) + 3)));
  return `${cells
    .map((r) =>
      r.map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c] - width(cell)))).join(''),
    )
    .join('\n')}\n`;
}

/** Walks a JSON value, renaming every string (keys stay). */
function renameJson(v: unknown): unknown {
  if (typeof v === 'string') return rename(v);
  if (Array.isArray(v)) return v.map(renameJson);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renameJson(x)]));
  return v;
}

/** `crictl inspect` of the sample, renamed, the failed container labelled and annotated with every payload. */
function crictlInspect(): string {
  const all = renameJson(JSON.parse(sample('crictl-inspect.json'))) as {
    status: { id: string; labels: Record<string, string>; annotations: Record<string, string> };
    info: { config: { annotations: Record<string, string> } };
  }[];
  const failed = all.find((c) => c.status.id.startsWith('7fc23ca64dfc'));
  if (!failed) throw new Error('the sample has no container 7fc23ca64dfc');
  for (const p of PAYLOADS) {
    failed.status.labels[`hostile.example.com/${p.id}`] = p.text;
    failed.status.annotations[`hostile.example.com/${p.id}`] = p.text;
    failed.info.config.annotations[`hostile.example.com/${p.id}`] = p.text;
  }
  return `${goJson(all)}\n`;
}

/** YAML double-quoted scalar (JSON's escapes are YAML's). */
const yq = (s: string) => JSON.stringify(s);

/**
 * A template file as an analyst might be sent one: payloads in its title, description, field
 * labels, help and defaults, and in its body as raw HTML, links, images, Liquid and a Mermaid
 * diagram with a directive and click bindings.
 */
function template(): string {
  const p = payload;
  const oneLine = ONE_LINE.map((x) => x.text).join(' ');
  return `---
id: hostile-template
title: ${yq(`Hostile ${p('script')} ${p('img-onerror')}`)}
description: ${yq(`${p('md-link-js')} ${p('iframe-srcdoc')} ${p('bidi-override')} ${p('liquid-output')}`)}
kind: other
tags: [${yq(p('script'))}, ${yq(p('csv-formula'))}]
fields:
  - name: headline
    type: text
    label: ${yq(`Headline ${p('svg-onload')}`)}
    help: ${yq(`${p('details-ontoggle')} ${p('a-href-js')}`)}
    default: ${yq(oneLine)}
  - name: story
    type: markdown
    label: Story
    default: ${yq(p('html-block'))}
  - name: items
    type: list
    label: Items
    default: ${yq(p('front-matter'))}
  - name: evidence
    type: table
    label: Evidence
    columns: [${yq(p('csv-formula'))}, ${yq(p('cdata-end'))}]
---
# {{ doc.title }}

{{ fields.headline }}

{{ fields.story | raw }}

{% for i in fields.items %}
- {{ i }}
{% endfor %}

{{ fields.evidence | table }}

## Raw HTML in the template itself

<script>window.__pwned=true</script>

<div>
<img src=x onerror="window.__pwned=true">
<svg onload="window.__pwned=true"></svg>
<iframe srcdoc="<script>parent.__pwned=true</script>"></iframe>
<details open ontoggle="window.__pwned=true">x</details>
</div>

Links: [click me](javascript:window.__pwned=true), <javascript:alert(1)>, [ref][r],
![img](x "onerror=alert(1)"), <a href="javascript:alert(1)">a</a>.

[r]: javascript:alert(1)

Liquid kept as text: {% raw %}{{ 7 | times: 7 }} {% include x %}{% endraw %}

Entities: &lt;script&gt;alert(1)&lt;/script&gt; &#x3C;img src=x onerror=alert(1)&#x3E;

\`\`\`mermaid
%%{init: {"securityLevel":"loose","startOnLoad":true}}%%
flowchart LR
  A["<img src=x onerror=alert(1)> A"] --> B["<script>alert(1)</script>"]
  click A call alert(1)
  click B href "javascript:alert(1)"
\`\`\`
`;
}

/** A template that reads another file: refused with its line, nothing of it kept. */
function templateInclude(): string {
  return `---
id: hostile-include
title: ${yq(payload('img-onerror'))}
description: reads another file
kind: other
fields: []
---
# {{ doc.title }}

{% include "../../../etc/passwd" %}
`;
}

/** Every fixture file of e2e/fixtures/hostile/ built from the corpus, by file name. */
export function hostileFixtures(): Record<string, string> {
  return {
    'journal.txt': journal(),
    'dmesg.txt': dmesg(),
    'containerd.log': containerdLog(),
    'crictl-ps-a.txt': crictlPs(),
    'crictl-inspect.json': crictlInspect(),
    'template.md': template(),
    'template-include.md': templateInclude(),
  };
}

/** Where the fixture files live. */
export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'e2e', 'fixtures', 'hostile');
