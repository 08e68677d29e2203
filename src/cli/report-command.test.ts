import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../test/helpers/sample.ts';
import { ROOT, rca, SAMPLE, scratchDir } from './test-io.ts';

const tmp = scratchDir('rca-report-');
const sample = () => SAMPLE_FILES.map((f) => join(SAMPLE, f));
const AT = '2025-11-26T10:00:00.000Z';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TEMPLATE_IDS = [
  'code-review',
  'component-explainer',
  'design-review',
  'postmortem',
  'shim-crash-rca',
  'training-feedback',
];

/** `rca report` of the sample with a fixed clock (year 2025, UTC) and generation time. */
const report = (...extra: string[]) =>
  rca(
    'report',
    '--template',
    'shim-crash-rca',
    '--year',
    '2025',
    '--generated-at',
    AT,
    ...extra,
    ...sample(),
  );

interface HypothesisJson {
  id: string;
  title: string;
  children: HypothesisJson[];
}

interface AnalyzeJson {
  verdict: { cause: string; hypothesis?: string; confidence: number };
  hypotheses: HypothesisJson[];
}

describe('rca report (Markdown)', () => {
  let md = '';
  let analysis: AnalyzeJson;
  beforeAll(async () => {
    const r = await report();
    expect(r.code, r.err).toBe(0);
    md = r.out;
    analysis = JSON.parse((await rca('analyze', '--json', '--year', '2025', ...sample())).out) as AnalyzeJson;
  });

  it('starts with front matter naming the generator, the template and the incident', () => {
    const fm = /^---\n([\s\S]*?)\n---\n/.exec(md)?.[1] ?? '';
    expect(fm).toMatch(new RegExp(`^generator: "?rca-workbench@${VERSION.replace(/\./g, '\\.')}"?$`, 'm'));
    expect(fm).toMatch(/^template_id: "?shim-crash-rca"?$/m);
    // The incident id is the one the app gives the same files: a hash of their content.
    expect(fm).toMatch(/^incident_id: "?inc-[0-9a-f]{8}"?$/m);
    expect(fm).toMatch(/^generated_at: "?2025-11-26T10:00:00\.000Z"?$/m);
  });

  it("carries the analysis' verdict: the winning hypothesis by name, its verdict and score", () => {
    const walk = (hs: HypothesisJson[]): HypothesisJson[] => hs.flatMap((h) => [h, ...walk(h.children)]);
    const all = walk(analysis.hypotheses);
    const win = all.find((h) => h.id === (analysis.verdict.hypothesis ?? analysis.verdict.cause));
    const cause = all.find((h) => h.id === analysis.verdict.cause);
    expect(win).toBeDefined();
    expect(md).toContain(win?.title);
    expect(md).toContain(`${cause?.title} is supported (${analysis.verdict.confidence.toFixed(2)})`);
  });

  it('cites the kernel kill line as a footnote with file, line and excerpt', () => {
    const def =
      /^\[\^(L\d+)\]: `?(journalctl-k\.txt|dmesg\.txt):287`? .*Killed process 2150 \(containerd-shim\)/m.exec(
        md,
      );
    expect(def, 'a footnote definition for the kill line').not.toBeNull();
    // The excerpt is the line as it stands in the file (the journal's has the host name).
    expect(md).toMatch(
      /^\[\^L\d+\]: `?journalctl-k\.txt:287`? .*Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory/m,
    );
    // ...and the body refers to it.
    expect(md.split(`[^${def?.[1]}]`).length).toBeGreaterThan(2);
  });

  it('--generated-at makes the output reproducible; --title and --incident are used', async () => {
    const again = await report();
    expect(again.out).toBe(md);
    const r = await report('--title', 'Worker 21 shim crash', '--incident', 'INC-42');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^incident_id: "?INC-42"?$/m);
    expect(r.out).toContain('Worker 21 shim crash');
  });

  it('--out writes the file and nothing to stdout', async () => {
    const f = join(tmp(), 'rca.md');
    const r = await report('--out', f);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(readFileSync(f, 'utf8').trimEnd()).toBe(md.trimEnd());
  });
});

describe('rca report formats and redaction', () => {
  it('--format json parses and holds the rendered document', async () => {
    const r = await report('--format', 'json');
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    expect(JSON.stringify(doc)).toContain('shim-crash-rca');
    expect(JSON.stringify(doc)).toMatch(/(journalctl-k|dmesg)\.txt/);
  });

  it('--format html is one document without scripts', async () => {
    const r = await report('--format', 'html');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/<html[\s>]/i);
    expect(r.out).not.toMatch(/<script/i);
    expect(r.out).not.toMatch(/\son[a-z]+\s*=/i);
    // No browser in Node: the diagrams are their Mermaid source.
    expect(r.out).toMatch(/flowchart|timeline|gantt/);
  });

  it.each(['obsidian', 'notion', 'confluence'])('--format %s renders', async (format) => {
    const r = await report('--format', format);
    expect(r.code, r.err).toBe(0);
    expect(r.out.length).toBeGreaterThan(500);
  });

  it('--redact replaces the node name everywhere (Markdown and JSON)', async () => {
    const plain = await report();
    expect(plain.out).toContain('k8s-worker-21');
    for (const format of ['md', 'json']) {
      const r = await report('--redact', '--format', format);
      expect(r.code, r.err).toBe(0);
      expect(r.out, format).not.toContain('k8s-worker-21');
      expect(r.out, format).toMatch(/node-1/);
    }
    // The node name is the sample's only identifying value: the redacted Markdown is the plain one
    // with that name swapped for its pseudonym, and no ordinary word ("to", "for") taken for a host.
    const md = await report('--redact');
    expect(md.out).toBe(plain.out.replaceAll('k8s-worker-21', 'node-1'));
  });
});

describe('rca report errors', () => {
  it('an unknown template exits 2 listing the ids', async () => {
    const r = await rca('report', '--template', 'nope', ...sample());
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: [^\n]*"nope"[^\n]*\n$/);
    for (const id of TEMPLATE_IDS) expect(r.err).toContain(id);
  });

  it.each([
    [['report', ...['--template', 'shim-crash-rca', '--format', 'pdf', 'x.log']]],
    [['report', 'x.log']],
    [['report', '--template', 'shim-crash-rca']],
    [['report', '--template', 'shim-crash-rca', '--pod-names', 'x.log']],
    [['report', '--template', 'shim-crash-rca', '--generated-at', 'yesterday', 'x.log']],
  ])('usage error %j exits 2 with one line', async (argv) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: [^\n]+\n$/);
  });

  it('an unreadable input exits 1 with one line', async () => {
    const r = await rca(
      'report',
      '--template',
      'shim-crash-rca',
      join(SAMPLE, 'dmesg.txt'),
      join(tmp(), 'nope.log'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: .*no such file\n$/);
  });

  it('a broken template exits 1 naming its file and line; the others still work', async () => {
    const dir = join(tmp(), 'broken');
    mkdirSync(dir);
    // Line 9 uses a filter that does not exist: a parse error with strictFilters.
    writeFileSync(
      join(dir, 'broken.md'),
      [
        '---',
        'id: broken',
        'title: Broken',
        'description: A template with a Liquid error.',
        'kind: other',
        'fields: []',
        '---',
        '# Broken',
        '{{ doc.title | no_such_filter }}',
        '',
      ].join('\n'),
    );
    copyFileSync(join(ROOT, 'templates', 'shim-crash-rca.md'), join(dir, 'shim-crash-rca.md'));
    writeFileSync(join(dir, 'README.md'), 'not a template\n');

    const r = await rca('report', '--templates', dir, '--template', 'broken', ...sample());
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: [^\n]*broken\.md:9\b[^\n]*\n$/);

    const ok = await rca(
      'report',
      '--templates',
      dir,
      '--template',
      'shim-crash-rca',
      '--year',
      '2025',
      ...sample(),
    );
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toMatch(/warning: skipped template broken\.md:9/);

    const list = await rca('templates', '--templates', dir);
    expect(list.code).toBe(1);
    expect(list.out).toMatch(/^shim-crash-rca +rca +/m);
    expect(list.out).toMatch(/broken\.md:9: /);
    expect(list.out).not.toContain('README');
  });

  it('a templates folder that does not exist exits 1', async () => {
    const r = await rca('templates', '--templates', join(tmp(), 'none'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rca: .*no such folder\n$/);
  });
});

describe('rca templates', () => {
  it('--json lists the six templates of templates/ with id, title, kind and description', async () => {
    const r = await rca('templates', '--json');
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as {
      templates: { id: string; title: string; kind: string; description: string }[];
      problems: unknown[];
    };
    expect(doc.templates.map((t) => t.id).sort()).toEqual(TEMPLATE_IDS);
    expect(doc.problems).toEqual([]);
    for (const t of doc.templates) {
      expect(t.title.length, t.id).toBeGreaterThan(0);
      expect(t.description.length, t.id).toBeGreaterThan(0);
    }
    expect(doc.templates.find((t) => t.id === 'shim-crash-rca')?.kind).toBe('rca');
  });

  it('prints one entry per template in human form; --help lists both commands', async () => {
    const r = await rca('templates');
    expect(r.code).toBe(0);
    for (const id of TEMPLATE_IDS) expect(r.out).toMatch(new RegExp(`^${id} `, 'm'));
    const help = await rca('report', '--help');
    expect(help.out).toContain('report --template ID');
    expect(help.out).toContain('templates [--json]');
  });
});
