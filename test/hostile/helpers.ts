// What the hostile-input unit tests share: the hostile incident in a Workbench, the templates, and
// the checks an output must pass (no element or attribute that runs code, shell words quoted).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workbench } from '../../src/core/engine/workbench.ts';
import type { Template } from '../../src/core/report/document-model.ts';
import { loadTemplates } from '../../src/core/report/template.ts';
import { workbenchOf } from '../helpers/analysis.ts';
import { activeContent, markupProblems } from './corpus.ts';
import { FIXTURE_DIR } from './fixtures.ts';

/** The log files of the hostile incident (as the journeys load them), plus the sample's kernel journal for alignment. */
export function hostileLogs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['journal.txt', 'dmesg.txt', 'containerd.log', 'crictl-ps-a.txt', 'crictl-inspect.json'])
    files[name] = readFileSync(join(FIXTURE_DIR, name), 'utf8');
  files['journalctl-k.txt'] = readFileSync(
    join(import.meta.dirname, '..', '..', 'public', 'sample', 'journalctl-k.txt'),
    'utf8',
  );
  return files;
}

export function hostileWorkbench(): Promise<Workbench> {
  return workbenchOf(hostileLogs());
}

/** The bundled templates (templates/*.md). */
export function bundledTemplates(): Template[] {
  const dir = join(import.meta.dirname, '..', '..', 'templates');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
  const { templates, problems } = loadTemplates(files);
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return templates;
}

/** Problems of an HTML or XML text: elements or attributes that run code, and tags in the text. */
export function htmlProblems(html: string, type: DOMParserSupportedType = 'text/html'): string[] {
  const dom = new DOMParser().parseFromString(html, type);
  const problems = activeContent(dom);
  if (dom.getElementsByTagName('parsererror').length > 0) problems.push('not well-formed');
  problems.push(...markupProblems(html));
  return problems;
}

/**
 * The text of a shell command that the shell would still read as syntax or expand: everything but
 * single-quoted strings (inside double quotes, `$(...)` and backticks still run).
 */
export function liveShellText(command: string): string {
  let live = '';
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i];
    if (c === '\\') {
      live += command.slice(i, i + 2);
      i += 1;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      // An unclosed quote: the rest is not inert (and the shell would refuse the command).
      if (end < 0) return live + command.slice(i);
      i = end;
    } else live += c;
  }
  return live;
}
