import fc from 'fast-check';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { DocumentDraft, EventRef, FieldValue, RenderInput, Template } from './document-model.ts';
import { escapeMarkdown, fencedBlock, inlineCode, markdownTable } from './liquid.ts';
import { renderDocument } from './render.ts';
import { parseTemplate, TemplateError } from './template.ts';

const KILL =
  'Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, anon-rss:812911kB, file-rss:6973kB, shmem-rss:0kB, UID:0 pgtables:1708kB oom_score_adj:-998';
// 2025-11-24T07:48:16.539327Z in µs.
const T_KILL = Date.UTC(2025, 10, 24, 7, 48, 16, 539) * 1000 + 327;

const ref = (eventId: string, line: number, excerpt: string, label?: string): EventRef => ({
  eventId,
  file: eventId.split(':')[0],
  line,
  excerpt,
  time: T_KILL,
  ...(label ? { label } : {}),
});

const LINES: Record<string, EventRef> = {
  'journalctl-k.txt:287': ref('journalctl-k.txt:287', 287, KILL),
  'dmesg.txt:287': ref(
    'dmesg.txt:287',
    287,
    '[ 3087.600217] Memory cgroup out of memory: Killed process 2150',
  ),
  'evil.txt:1': ref('evil.txt:1', 1, 'a ``` fence ` and <script>alert(1)</script> [x](javascript:alert(1))'),
};

const INPUT: RenderInput = {
  incidentId: 'inc-1',
  generator: 'rca-workbench@0.1.0',
  generatedAt: '2025-11-24T09:00:00Z',
  lines: LINES,
};

function template(body: string, fields = ''): Template {
  return parseTemplate(
    `---\nid: t\ntitle: T\ndescription: test\nkind: rca\nfields:${fields ? `\n${fields}` : ' []'}\n---\n${body}`,
    't.md',
  );
}

const draft = (values: Record<string, FieldValue>, extra: Partial<DocumentDraft> = {}): DocumentDraft => ({
  templateId: 't',
  title: 'Shim crash on k8s-worker-21',
  values,
  edited: [],
  sections: [],
  ...extra,
});

const render = (
  body: string,
  fields: string,
  values: Record<string, FieldValue>,
  extra?: Partial<DocumentDraft>,
) => renderDocument(template(body, fields), draft(values, extra), INPUT);

/** The text of Markdown as a GFM parser reads it, and every node type that is not plain text. */
function parsed(md: string): { text: string; kinds: string[] } {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
  const kinds: string[] = [];
  let text = '';
  const walk = (n: Root | RootContent) => {
    if (n.type === 'text') text += n.value;
    // URLs and addresses are printed as code (GFM would link them): code, with the same text.
    else if (n.type === 'inlineCode' && /:\/\/|^www\.|@/.test(n.value)) text += n.value;
    else if (n.type !== 'root' && n.type !== 'paragraph') kinds.push(n.type);
    if ('children' in n) for (const c of n.children) walk(c);
  };
  walk(tree);
  return { text, kinds };
}

/** What the escapers make of text: hidden controls shown, lone surrogates replaced. */
const oneLine = (s: string) =>
  s
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g,
      (c) => `⟨U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}⟩`,
    )
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

describe('escaping of every output', () => {
  const FIELD = '  - {name: v, type: text, label: V}';
  const cases: [string, string][] = [
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['# heading', '\\# heading'],
    ['{{ 7*7 }}', '\\{\\{ 7\\*7 \\}\\}'],
    ['{% raw %}', '\\{% raw %\\}'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['![img](http://x/y.png)', '\\!\\[img\\](`http://x/y.png)`'],
    ['mail ops@example.com or www.evil.example', 'mail `ops@example.com` or `www.evil.example`'],
    ['@oncall', '\\@oncall'],
    // Two addresses that touch are one code span (found by the property below, seed -1879218734).
    ['a@b.io+a@b.io', '`a@b.io+a@b.io`'],
    ['a | b', 'a \\| b'],
    ['[^L1]', '\\[^L1\\]'],
    ['ok\u202Egnp.exe', 'ok⟨U+202E⟩gnp.exe'],
    ['line one\n# two', 'line one \\# two'],
    ['kubepods-pod4e6988f1_63e6 and _em_', 'kubepods-pod4e6988f1_63e6 and \\_em\\_'],
  ];
  for (const [value, out] of cases) {
    it(`prints ${JSON.stringify(value)} as text`, () => {
      const doc = render('Value: {{ fields.v }}', FIELD, { v: value });
      expect(doc.markdown).toBe(`Value: ${out}\n`);
    });
  }

  it('a value starting a line cannot make a heading, a list or a quote', () => {
    const doc = render('{{ fields.v }}', FIELD, { v: '# heading' });
    expect(doc.markdown).toBe('\\# heading\n');
    expect(doc.toc).toEqual([]);
    expect(render('{{ fields.v }}', FIELD, { v: '> quote' }).markdown).toBe('\\> quote\n');
    expect(render('{{ fields.v }}', FIELD, { v: '+ item' }).markdown).toBe('\\+ item\n');
    expect(render('{{ fields.v }}', FIELD, { v: '    code' }).markdown).toBe('code\n');
  });

  it('Liquid in a value is data: it is printed, not run', () => {
    const doc = render('{{ fields.v }}', FIELD, { v: '{{ doc.incident_id }}{% if true %}x{% endif %}' });
    expect(doc.markdown).toBe('\\{\\{ doc.incident_id \\}\\}\\{% if true %\\}x\\{% endif %\\}\n');
    expect(doc.markdown).not.toContain('inc-1');
  });

  it('an escaping filter chain still ends escaped (only a last `raw` opts out)', () => {
    const doc = render('{{ fields.m | raw | upcase }}', '  - {name: m, type: markdown, label: M}', {
      m: '<b>x</b>',
    });
    expect(doc.markdown).toBe('\\<B\\>X\\</B\\>\n');
  });

  it('raw on anything but a markdown field value escapes it, with a warning', () => {
    const fields = ['  - {name: v, type: text, label: V}', '  - {name: m, type: markdown, label: M}'].join(
      '\n',
    );
    const doc = render(
      '{{ fields.v | raw }} {{ analysis.verdict.reason | raw }} {{ fields.m | raw }}',
      fields,
      {
        v: '<script>x</script>',
        m: '**mine**',
      },
    );
    expect(doc.markdown).toBe('\\<script\\>x\\</script\\>  **mine**\n');
    expect(doc.warnings).toEqual([
      '`raw` was applied to a value that is not a markdown field: it was escaped',
    ]);
  });

  it('raw prints the analyst Markdown as written', () => {
    const doc = render('{{ fields.m | raw }}', '  - {name: m, type: markdown, label: M}', {
      m: '**bold** and `x`',
    });
    expect(doc.markdown).toBe('**bold** and `x`\n');
  });

  it('any text escapes to exactly that text for a GFM parser (no link, HTML, emphasis...)', () => {
    const alphabet = fc.constantFrom(
      ...'abc 019.:/-_*`~[]()!<>&|$#{}%\\^@=+"\'\n\t\u202E'.split(''),
      'http://',
      'www.x.com',
      'a@b.io',
      '&amp;',
      '&#x41;',
      '<b>',
      '[^L1]',
      '~~',
      '    ',
      'javascript:alert(1)',
      '%%{init: {"theme":"dark"}}%%',
      '<!--',
      '\r\n',
      '\u2066',
      '***',
      '1)',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        const md = escapeMarkdown(s);
        const { text, kinds } = parsed(`x ${md}`);
        const want = `x ${oneLine(s)
          .replace(/\r\n|[\r\n\t]/g, ' ')
          .trimStart()}`.trimEnd();
        expect(kinds, md).toEqual([]);
        expect(text.trimEnd(), md).toBe(want);
      }),
      { numRuns: 400 },
    );
  });
});

describe('code, fences and tables hold any text', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .array(fc.constantFrom('`', '``', '```', ' ', 'a', '|', '\\', '<b>', '\n', '~~~', '[x](y)'), {
        maxLength: 12,
      })
      .map((p) => p.join('')),
  );
  const tree = (md: string) => unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
  it('inline code: one code span holding the text on one line', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const want = oneLine(s).replace(/\r\n|[\r\n\u0085\u2028\u2029\t]/g, ' ');
        fc.pre(want !== '');
        const t = tree(`x ${inlineCode(s)}`);
        const p = t.children[0];
        expect(p.type).toBe('paragraph');
        const kids = p.type === 'paragraph' ? p.children : [];
        expect(kids.map((k) => k.type)).toEqual(['text', 'inlineCode']);
        expect(kids[1].type === 'inlineCode' ? kids[1].value : '').toBe(want);
      }),
      { numRuns: 300 },
    );
  });

  it('a fenced block: one code block holding the text, line by line', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const t = tree(fencedBlock(s, 'sh'));
        expect(t.children.map((c) => c.type)).toEqual(['code']);
        const c = t.children[0];
        const want = oneLine(s)
          .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\n')
          .replace(/\n+$/, '');
        expect(c.type === 'code' ? [c.lang, c.value] : []).toEqual(['sh', want]);
      }),
      { numRuns: 300 },
    );
  });

  it('a table: one GFM table whose cells read as the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyText, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const t = tree(markdownTable(rows, [1]));
          expect(t.children.map((c) => c.type)).toEqual(['table']);
          const table = t.children[0];
          if (table.type !== 'table') return;
          expect(table.children).toHaveLength(rows.length);
          const cellText = (n: RootContent): string =>
            n.type === 'text' || n.type === 'inlineCode'
              ? n.value
              : 'children' in n
                ? n.children.map(cellText).join('')
                : '';
          table.children.forEach((row, r) => {
            expect(row.children).toHaveLength(2);
            row.children.forEach((cell, c) => {
              const want = oneLine(rows[r][c])
                .replace(/\r\n|[\r\n\u0085\u2028\u2029\t]/g, ' ')
                .trim();
              expect(cellText(cell).trim(), JSON.stringify(rows[r][c])).toBe(want);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('filters', () => {
  const FIELDS = [
    '  - {name: title, type: text, label: Title}',
    '  - {name: notes, type: markdown, label: Notes}',
    '  - {name: items, type: list, label: Items}',
    '  - {name: gaps, type: table, label: Gaps, columns: [Ask, Command]}',
    '  - {name: evidence, type: event-list, label: Evidence}',
    '  - {name: tree, type: hypothesis-tree, label: Tree}',
    '  - {name: snippet, type: code, label: Snippet, language: go}',
  ].join('\n');
  const BODY = [
    '# {{ doc.title }}',
    '',
    'Incident {{ doc.incident_id | code }} by {{ doc.generator }} at {{ doc.generated_at | date }}.',
    '',
    '## {{ fields.title }}',
    '',
    '{{ fields.notes | raw }}',
    '',
    '{% for i in fields.items %}- {{ i }}',
    '{% endfor %}',
    '{{ fields.gaps | table: 1 }}',
    '',
    '{% for e in fields.evidence %}- {{ e.label | default: e.excerpt }} at {{ e.time | date }}{{ e | cite }}',
    '{% endfor %}',
    '{% for h in fields.tree %}> [!TIP]',
    '> {{ h.title }}: {{ h.verdict | verdict_badge }} {{ h.for[0].refs | cite }}',
    '{% endfor %}',
    '{{ fields.snippet | fence: "go" }}',
    '',
    '```mermaid',
    'timeline',
    '  title {{ fields.title | mermaid_label }}',
    '```',
  ].join('\n');
  const VALUES: Record<string, FieldValue> = {
    title: 'Shim `died`: #1',
    notes: 'The **shim** died.',
    items: ['first [x]', 'second <b>'],
    gaps: [
      ['Ask', 'Command'],
      ['Read memory.events | it', 'cat /sys/fs/cgroup/x/memory.events | grep oom'],
    ],
    evidence: [LINES['journalctl-k.txt:287'], { ...LINES['dmesg.txt:287'], label: 'Killed process 2150' }],
    tree: [
      {
        id: 'oom-kill-cgroup',
        title: 'Kernel OOM killer',
        verdict: 'supported',
        score: 0.92,
        reason: 'killed',
        for: [{ weight: 0.9, text: 'kill line', refs: ['dmesg.txt:287', 'evil.txt:1'] }],
        against: [],
        children: [],
      },
    ],
    snippet: 'func main() {\n\tfmt.Println("```")\n}',
  };

  it('renders every field type through every filter', () => {
    const doc = render(BODY, FIELDS, VALUES);
    expect(doc.markdown).toBe(
      [
        '# Shim crash on k8s-worker-21',
        '',
        'Incident `inc-1` by `rca-workbench@0.1.0` at 2025-11-24T09:00:00Z.',
        '',
        '## Shim \\`died\\`: \\#1',
        '',
        'The **shim** died.',
        '',
        '- first \\[x\\]',
        '- second \\<b\\>',
        '',
        '| Ask | Command |',
        '| --- | --- |',
        '| Read memory.events \\| it | ` cat /sys/fs/cgroup/x/memory.events  `\\|`  grep oom ` |',
        '',
        `- ${escapeMarkdown(KILL)} at 2025-11-24T07:48:16.539327Z[^L1]`,
        '- Killed process 2150 at 2025-11-24T07:48:16.539327Z[^L2]',
        '',
        '> [!TIP]',
        '> Kernel OOM killer: ✅ supported [^L2][^L3]',
        '',
        '````go',
        'func main() {',
        '\tfmt.Println("```")',
        '}',
        '````',
        '',
        '```mermaid',
        'timeline',
        "  title Shim 'died'∶ ♯1",
        '```',
        '',
        `[^L1]: \`journalctl-k.txt:287\` \`${KILL}\``,
        '[^L2]: `dmesg.txt:287` `[ 3087.600217] Memory cgroup out of memory: Killed process 2150`',
        '[^L3]: `evil.txt:1` ````a ``` fence ` and <script>alert(1)</script> [x](javascript:alert(1))````',
        '',
      ].join('\n'),
    );
    expect(doc.footnotes.map((f) => [f.label, f.ref.eventId])).toEqual([
      ['L1', 'journalctl-k.txt:287'],
      ['L2', 'dmesg.txt:287'],
      ['L3', 'evil.txt:1'],
    ]);
    expect(doc.diagrams).toEqual([{ id: 'd1', source: "timeline\n  title Shim 'died'∶ ♯1\n" }]);
    expect(doc.toc).toEqual([
      { level: 1, text: 'Shim crash on k8s-worker-21', slug: 'shim-crash-on-k8s-worker-21' },
      { level: 2, text: 'Shim died: #1', slug: 'shim-died-1' },
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it('the footnotes parse as footnotes whose text is the line, verbatim', () => {
    const doc = render(BODY, FIELDS, VALUES);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(doc.markdown) as Root;
    const defs = tree.children.filter((n) => n.type === 'footnoteDefinition');
    expect(defs.map((d) => d.label)).toEqual(['L1', 'L2', 'L3']);
    const codes = (n: RootContent): string[] =>
      n.type === 'inlineCode' ? [n.value] : 'children' in n ? n.children.flatMap(codes) : [];
    expect(codes(defs[2])).toEqual([
      'evil.txt:1',
      'a ``` fence ` and <script>alert(1)</script> [x](javascript:alert(1))',
    ]);
  });

  it('cites an evidence item of a tree node by its refs', () => {
    const doc = render('{% for h in fields.tree %}{{ h.for[0] | cite }}{% endfor %}', FIELDS, VALUES);
    expect(doc.markdown.split('\n')[0]).toBe('[^L1][^L2]');
    expect(doc.footnotes.map((f) => f.ref.eventId)).toEqual(['dmesg.txt:287', 'evil.txt:1']);
  });

  it('cites a line once: the same id keeps its label', () => {
    const doc = render(
      '{{ "dmesg.txt:287" | cite }} {{ "journalctl-k.txt:287" | cite }} {{ "dmesg.txt:287" | cite }}',
      '',
      {},
    );
    expect(doc.markdown.split('\n')[0]).toBe('[^L1] [^L2] [^L1]');
    expect(doc.footnotes).toHaveLength(2);
  });

  it('a cited id nobody fetched is a warning, not a broken footnote', () => {
    const doc = render('x{{ "nowhere.txt:9" | cite }}', '', {});
    expect(doc.markdown).toBe('x\n');
    expect(doc.warnings).toEqual(['cited line nowhere.txt:9 is not among the lines given: no footnote']);
  });

  it('verdict_badge knows verdicts and decisions, other text passes escaped', () => {
    const doc = render(
      '{{ "refuted" | verdict_badge }} / {{ "rejected" | verdict_badge }} / {{ "<b>" | verdict_badge }}',
      '',
      {},
    );
    expect(doc.markdown).toBe('❌ refuted / ❌ rejected / \\<b\\>\n');
  });

  it('code and fence hold any backticks', () => {
    expect(inlineCode('a ``b`` c')).toBe('```a ``b`` c```');
    expect(inlineCode('`x')).toBe('`` `x ``');
    expect(fencedBlock('```\n````', 'sh; rm -rf')).toBe('`````shrm-rf\n```\n````\n`````');
    expect(markdownTable([])).toBe('');
    expect(markdownTable([['a'], ['b', 'c|d']])).toBe('| a |  |\n| --- | --- |\n| b | c\\|d |');
  });
});

describe('engine limits', () => {
  it('an unknown filter fails when the template is parsed (strictFilters), on its file line', () => {
    expect(() => template('line one\n{{ x | shout }}')).toThrow(TemplateError);
    try {
      template('line one\n{{ x | shout }}');
    } catch (e) {
      const p = (e as TemplateError).problems;
      expect(p).toHaveLength(1);
      // Front matter: 7 lines (--- id title description kind fields ---), body from line 8.
      expect(p[0]).toMatchObject({ file: 't.md', line: 9 });
      expect(p[0].message).toMatch(/undefined filter: shout/);
    }
  });

  for (const tag of ['include', 'render', 'layout']) {
    it(`{% ${tag} %} is refused with a clear message`, () => {
      try {
        template(`a\nb\n{% ${tag} 'secrets.md' %}`);
        expect.unreachable();
      } catch (e) {
        expect((e as TemplateError).problems).toEqual([
          {
            file: 't.md',
            line: 10,
            message: `Liquid: {% ${tag} %} is not supported: a template is one file (put the text in this template)`,
          },
        ]);
      }
    });
  }

  it('ownPropertyOnly: inherited properties are not reachable', () => {
    const doc = render(
      '({{ fields.v.constructor }})({{ analysis.__proto__ }})({{ analysis.hasOwnProperty }})',
      '  - {name: v, type: text, label: V}',
      {
        v: 'x',
      },
    );
    expect(doc.markdown).toBe('()()()\n');
  });

  it('a render error names the template file line', () => {
    // A range past the memory limit throws at render time, not at parse time.
    const t = template('ok\n\n{% for i in (1..100000000) %}{{ i }}{% endfor %}');
    expect(() => renderDocument(t, draft({}), INPUT)).toThrow(/^t\.md:10: Liquid:/);
  });
});

describe('document assembly', () => {
  it('free sections come after the template output, their titles escaped, before the footnotes', () => {
    const doc = render(
      '# Report {{ "dmesg.txt:287" | cite }}',
      '',
      {},
      {
        sections: [{ id: 's1', title: 'Follow-up <b> [x]', markdown: 'My **own** words.\n' }],
      },
    );
    expect(doc.markdown).toBe(
      [
        '# Report [^L1]',
        '',
        '## Follow-up \\<b\\> \\[x\\]',
        '',
        'My **own** words.',
        '',
        '[^L1]: `dmesg.txt:287` `[ 3087.600217] Memory cgroup out of memory: Killed process 2150`',
        '',
      ].join('\n'),
    );
    expect(doc.toc.map((h) => h.slug)).toEqual(['report-l1', 'follow-up-b-x']);
  });

  it('lists every mermaid fence as a diagram, not other fences, and not headings inside fences', () => {
    const doc = render(
      '```mermaid\nflowchart LR\n```\n\n```sh\n# not a heading\n```\n\n~~~mermaid\ngantt\n~~~',
      '',
      {},
    );
    expect(doc.diagrams).toEqual([
      { id: 'd1', source: 'flowchart LR\n' },
      { id: 'd2', source: 'gantt\n' },
    ]);
    expect(doc.toc).toEqual([]);
  });

  it('duplicate headings get github-slugger suffixes', () => {
    const doc = render('## Evidence\n\n## Evidence', '', {});
    expect(doc.toc.map((h) => h.slug)).toEqual(['evidence', 'evidence-1']);
  });

  it('a value of the wrong shape is converted with a warning', () => {
    const doc = render(
      '{% for i in fields.l %}- {{ i }}\n{% endfor %}',
      '  - {name: l, type: list, label: L}',
      {
        l: 'one\ntwo',
      },
    );
    expect(doc.markdown).toBe('- one\n- two\n');
    expect(doc.warnings).toEqual(['field l holds a value that is not a list: converted']);
  });

  it('a field absent from the draft takes its default', () => {
    const doc = render(
      '{{ fields.owner }}',
      '  - {name: owner, type: text, label: Owner, default: "on-call"}',
      {},
    );
    expect(doc.markdown).toBe('on-call\n');
  });
});
