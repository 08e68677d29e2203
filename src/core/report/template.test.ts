import { describe, expect, it } from 'vitest';
import type { TemplateProblem } from './document-model.ts';
import { formatProblem, loadTemplates, parseTemplate, TemplateError } from './template.ts';

const GOOD = `---
id: shim-crash-rca
title: Shim crash RCA
description: Why a container went Unknown
kind: rca
tags: [rca, containerd]
fields:
  - name: verdict
    type: text
    label: Verdict
    source: analysis.verdict
  - name: gaps
    type: table
    label: Gaps
    columns: [Ask, Command]
  - name: flow
    type: code
    label: Flow
    language: mermaid
    source: diagram.hypotheses
    help: The tree
  - name: owner
    type: text
    label: Owner
    default: on-call
---
# {{ doc.title }}

{{ fields.verdict }}
`;

/** The problems a template text throws with (fails the test when it parses). */
function problems(text: string, file = 'bad.md'): TemplateProblem[] {
  try {
    parseTemplate(text, file);
  } catch (e) {
    if (e instanceof TemplateError) return e.problems;
    throw e;
  }
  throw new Error('the template parsed');
}

/** A template with these front-matter lines (after `---`) and this body. */
const tpl = (front: string[], body = 'Body\n') => `---\n${front.join('\n')}\n---\n${body}`;
const BASE = ['id: t', 'title: T', 'description: D', 'kind: rca'];

describe('parseTemplate', () => {
  it('reads the meta, the fields and where the body starts', () => {
    const t = parseTemplate(GOOD, 'shim-crash-rca.md');
    expect(t.meta).toEqual({
      id: 'shim-crash-rca',
      title: 'Shim crash RCA',
      description: 'Why a container went Unknown',
      kind: 'rca',
      tags: ['rca', 'containerd'],
      fields: [
        { name: 'verdict', type: 'text', label: 'Verdict', source: 'analysis.verdict' },
        { name: 'gaps', type: 'table', label: 'Gaps', columns: ['Ask', 'Command'] },
        {
          name: 'flow',
          type: 'code',
          label: 'Flow',
          language: 'mermaid',
          source: 'diagram.hypotheses',
          help: 'The tree',
        },
        { name: 'owner', type: 'text', label: 'Owner', default: 'on-call' },
      ],
    });
    expect(t.bodyLine).toBe(27);
    expect(GOOD.split('\n')[t.bodyLine - 1]).toBe('# {{ doc.title }}');
    expect(t.body).toBe('# {{ doc.title }}\n\n{{ fields.verdict }}\n');
    expect(t.file).toBe('shim-crash-rca.md');
  });

  it('accepts CRLF line ends and a BOM', () => {
    const t = parseTemplate(`\uFEFF${GOOD.replace(/\n/g, '\r\n')}`, 'crlf.md');
    expect(t.meta.id).toBe('shim-crash-rca');
    expect(t.bodyLine).toBe(27);
  });

  it('needs front matter, closed', () => {
    expect(problems('# no front matter\n')).toEqual([
      { file: 'bad.md', line: 1, message: 'a template starts with YAML front matter between `---` lines' },
    ]);
    expect(problems('---\nid: t\n# body\n')).toEqual([
      { file: 'bad.md', line: 1, message: 'the front matter is not closed: add a `---` line after it' },
    ]);
  });

  it('reports a YAML syntax error on its file line', () => {
    const p = problems(tpl([...BASE, 'fields: []', 'tags: [a, b'], 'x'));
    expect(p.length).toBeGreaterThan(0);
    expect(p[0].line).toBe(7);
    expect(p[0].message).toMatch(/^YAML: /);
  });

  it('reports a duplicate key on its line', () => {
    const p = problems(tpl([...BASE, 'title: again', 'fields: []']));
    expect(p).toEqual([{ file: 'bad.md', line: 6, message: expect.stringMatching(/^YAML: .*unique/i) }]);
  });

  it('reports missing and unknown keys with their lines', () => {
    expect(problems(tpl(['id: t', 'title: T', 'kind: rca', 'fields: []', 'colour: red']))).toEqual([
      {
        file: 'bad.md',
        line: 6,
        message: expect.stringMatching(/^unknown key `colour` in the front matter/),
      },
      { file: 'bad.md', line: 2, message: 'the front matter: `description` is missing' },
    ]);
  });

  it('checks the id, the kind and the field list', () => {
    expect(
      problems(tpl(['id: Shim_RCA', 'title: T', 'description: D', 'kind: essay', 'fields: {}'])),
    ).toEqual([
      { file: 'bad.md', line: 2, message: 'id `Shim_RCA` must be kebab-case (a-z, 0-9, dashes)' },
      {
        file: 'bad.md',
        line: 5,
        message: expect.stringMatching(/^kind `essay` is not one of rca, code-review/),
      },
      { file: 'bad.md', line: 6, message: '`fields` must be a list of fields' },
    ]);
  });

  it('checks each field: name, type, source, keys, duplicates, each on its line', () => {
    const p = problems(
      tpl([
        ...BASE,
        'fields:',
        '  - name: rootCause', // line 7
        '    type: text',
        '    label: Root cause',
        '  - name: gaps', // line 10
        '    type: grid', // line 11
        '    label: Gaps',
        '    source: analysis.everything', // line 13
        '    colour: red', // line 14
        '  - name: gaps', // line 15
        '    type: list',
        '    label: Again',
        '  - name: nolabel', // line 18
        '    type: text',
      ]),
    );
    expect(p).toEqual([
      {
        file: 'bad.md',
        line: 7,
        message: 'field name `rootCause` must be snake_case (a-z, 0-9, underscores)',
      },
      { file: 'bad.md', line: 14, message: expect.stringMatching(/^unknown key `colour` in field 2/) },
      {
        file: 'bad.md',
        line: 11,
        message: expect.stringMatching(/^field type `grid` is not one of text, markdown/),
      },
      {
        file: 'bad.md',
        line: 13,
        message: expect.stringMatching(/^field source `analysis.everything` is not one of incident.title/),
      },
      { file: 'bad.md', line: 15, message: 'field `gaps` is declared twice (first on line 10)' },
      { file: 'bad.md', line: 18, message: 'field nolabel: `label` is missing' },
    ]);
  });

  it('reports a Liquid syntax error on the line of the file, not of the body', () => {
    const text = tpl([...BASE, 'fields: []'], 'one\ntwo\n{% if x %}\nunclosed\n');
    // Front matter: lines 1-7, body from line 8; the `if` is on the body's line 3.
    const p = problems(text);
    expect(p).toEqual([
      { file: 'bad.md', line: 10, message: expect.stringMatching(/^Liquid: tag \{% if x %\} not closed/) },
    ]);
    expect(text.split('\n')[9]).toBe('{% if x %}');
  });

  it('reports an unknown tag and an unclosed output on their lines', () => {
    expect(problems(tpl([...BASE, 'fields: []'], 'a\n{% frobnicate %}\n'))[0]).toMatchObject({ line: 9 });
    expect(problems(tpl([...BASE, 'fields: []'], 'a\nb\nc {{ x \n'))[0]).toMatchObject({ line: 10 });
  });

  it('reports variables the render will not have: a typo would print nothing', () => {
    const body = [
      '{{ fields.verdict }}', // line 9: declared
      '{{ fields.verdit }}', // line 10
      '{% for e in fields.evidence %}{{ e.label }}{% endfor %}', // line 11: e is the loop's
      '{{ doc.title }} {{ doc.author }}', // line 12
      '{{ field.verdict }}', // line 13
      '{% assign x = 1 %}{{ x }} {{ analysis.verdict.reason }} {{ sources[0].name }}', // line 14
    ].join('\n');
    const p = problems(tpl([...BASE, 'fields:', '  - {name: verdict, type: text, label: V}'], body));
    expect(p).toEqual([
      { file: 'bad.md', line: 10, message: '`fields.verdit` is not a declared field' },
      { file: 'bad.md', line: 11, message: '`fields.evidence` is not a declared field' },
      {
        file: 'bad.md',
        line: 12,
        message:
          '`doc.author` is not known (doc has title, incident_id, generator, generated_at, template_id)',
      },
      {
        file: 'bad.md',
        line: 13,
        message: 'unknown variable `field` (a template reads doc, fields, analysis, sources)',
      },
    ]);
  });

  it('reports YAML, field and Liquid problems together', () => {
    const p = problems(
      tpl(['id: t', 'title: T', 'description: D', 'kind: rca', 'fields: []', 'x: 1'], '{{ a | nope }}'),
    );
    expect(p.map((x) => x.line)).toEqual([7, 9]);
  });

  it('formats a problem as file:line: message', () => {
    expect(formatProblem({ file: 'a.md', line: 3, message: 'm' })).toBe('a.md:3: m');
    expect(formatProblem({ file: 'a.md', message: 'm' })).toBe('a.md: m');
    expect(new TemplateError([{ file: 'a.md', line: 3, message: 'm' }]).message).toBe('a.md:3: m');
  });
});

describe('loadTemplates', () => {
  it('keeps the good ones and reports the others with their files', () => {
    const r = loadTemplates([
      { file: 'a.md', text: GOOD },
      { file: 'b.md', text: 'no front matter' },
      { file: 'c.md', text: GOOD.replace('title: Shim crash RCA', 'title: Copy') },
    ]);
    expect(r.templates.map((t) => t.file)).toEqual(['a.md']);
    expect(r.problems).toEqual([
      { file: 'b.md', line: 1, message: 'a template starts with YAML front matter between `---` lines' },
      { file: 'c.md', line: 2, message: 'template id `shim-crash-rca` is already used by a.md' },
    ]);
  });
});
