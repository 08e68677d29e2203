// The CLI's dispatcher: `run(argv, io)` returns the exit code (0 ok, 1 unreadable input,
// 2 usage error), so tests drive it in-process and main.ts only wires the process.
import { InputError } from '../core/ingest/decode.ts';
import { ANALYZE_OPTIONS, analyzeCommand } from './analyze-command.ts';
import { parseArgs, UsageError } from './args.ts';
import { bundleCommand } from './bundle-command.ts';
import { FORMATS_OPTIONS, formatsCommand } from './formats-command.ts';
import { GENERATE_OPTIONS, generateCommand } from './generate-command.ts';
import type { CliIo } from './io.ts';
import { PARSE_OPTIONS, parseCommand } from './parse-command.ts';
import { REPORT_OPTIONS, reportCommand } from './report-command.ts';
import { TEMPLATES_OPTIONS, templatesCommand } from './templates-command.ts';
import { TIMELINE_OPTIONS, timelineCommand } from './timeline-command.ts';

export const USAGE = `usage: npm run rca -- <command> [options]

commands:
  parse [--json] [--stats] [--year Y] [--utc-offset MIN] [--captured-at ISO] [--limit N] FILE...
      Parse log files (plain, .gz, UTF-16) into events.
      --json        machine output: {sources:[...], events:[...]} (DESIGN.md section 5)
      --stats       only per-file counts and parse speed (add --json for JSON)
      --year Y      year for year-less lines (journalctl short, klog); default: this year
      --utc-offset MIN   the node's offset from UTC in minutes for zone-less lines; default 0
      --captured-at ISO  when the output was taken (e.g. 2025-11-26T10:00:00Z): turns
                    crictl's "2 hours ago" into a time range; default: unknown (relative)
      --limit N     events listed per file in the human summary (0 = all); default 50
  timeline [--json] [--year Y] [--utc-offset MIN|+HH:MM] [--captured-at ISO] [--limit N] FILE...
      Put the files on one timeline: clocks aligned (year, zone, dmesg boot offsets), events
      in time order with their time quality, and the entities (containers, pods, processes).
      --json        machine output: {sources:[{file, id, segments, ..., alignment}],
                    events:[...], entities:[{key, kind, id, label, aliases, related, eventIds}]}
      --year Y, --utc-offset, --captured-at   as for parse, but taken as your decision over
                    what the sources say (--utc-offset also takes +05:30)
      --limit N     events and entities listed in the human summary (0 = all); default 50
  analyze [--json] [--year Y] [--utc-offset MIN|+HH:MM] [--captured-at ISO] FILE...
      Why did it die? Read the files as timeline does, then weigh the cause hypotheses:
      symptoms, the verdict, the tree (best first, evidence for and against with file:line),
      what to collect next (gaps, with commands), verification and remediation steps.
      --json        machine output: {symptoms, findings, hypotheses, verdict, gaps, steps,
                    coverage, focus} (DESIGN.md section 5); times ISO-8601 or null
      --year Y, --utc-offset, --captured-at   as for timeline
  report --template ID [--format md|html|json|obsidian|notion|confluence] [--redact [--pod-names]]
         [--out FILE] [--title T] [--incident ID] [--generated-at ISO] [--templates DIR]
         [--year Y] [--utc-offset MIN|+HH:MM] [--captured-at ISO] FILE...
      A document from a template, filled from the analysis of the files (read as analyze
      does): the verdict, the hypothesis tree, steps, sources and the cited log lines as
      footnotes (file:line and the excerpt). No pinned key events (those live in the app).
      --template ID one of templates/ (rca templates lists them)
      --format F    md (default; GFM with front matter), obsidian, notion, confluence
                    (storage-format XHTML), html (one file, no scripts; diagrams as their
                    Mermaid source, since there is no browser to draw SVGs), json
      --redact      replace host names, addresses, e-mails, tokens, secrets and user names
                    with consistent pseudonyms; --pod-names also pods and namespaces
      --out FILE    write there instead of stdout
      --title T, --incident ID   the document's title; the incident id (default: the first
                    file's name without its extension)
      --generated-at ISO   the time written as generated (default now): reproducible output
      --templates DIR   read the templates from DIR instead of templates/
      --year Y, --utc-offset, --captured-at   as for timeline
      exit 1 also when the template has a problem (file:line on stderr)
  templates [--json] [--templates DIR]
      Every template (id, kind, title, description) and each template's problems with file
      and line; exit 1 when any template has a problem.
  formats [--json]
      Every format id with its title and one sample line.
  bundle info [--json] FILE
      What an incident bundle (.rca.zip, .json.gz) holds: title, tags, generator, export time,
      verdict, the counts of pins, decisions and drafts, each source with its size and SHA-256.
      exit 1 with the reason when the file is not a bundle, is damaged or is from a newer app
  bundle create --title T [--tag X]... --out FILE.rca.zip FILE...
      A bundle of log files with the default analyst state, to import in the app's incidents
      list; the files are read as the app reads them (ids, content hashes, the signature).
  generate --out DIR [--mb N] [--seed S] [--hours H] [--big-tables] [--only FILE|FORMAT,...]
      Write a synthetic node's logs in every supported format, plus truth.json.
      --mb N        size of each log file in MB (default 10); --big-tables grows the crictl files too
      --only LIST   write only these files (names or format ids, comma-separated)
  generate --sample DIR
      Write the bundled sample incident (public/sample).
  generate --scenario ID|all --out DIR [--seed S]
      Write a training scenario (logs and manifest.json); all: every one, plus index.json and
      scenario.schema.json, the JSON Schema each manifest.json names in its "$schema" (an
      editor checks a manifest with it; the app checks the same rules and the line references)
  --help
      This text.

exit status: 0 success, 1 unreadable input (or a template problem), 2 usage error`;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new UsageError('no command given (try --help)');
    if (command === '--help' || command === '-h' || command === 'help') {
      await io.write(`${USAGE}\n`);
      return 0;
    }
    if (rest.includes('--help')) {
      await io.write(`${USAGE}\n`);
      return 0;
    }
    if (command === 'parse') {
      const args = parseArgs(rest, PARSE_OPTIONS);
      if (args.positional.length === 0) throw new UsageError('parse needs at least one FILE');
      return await parseCommand(args, io);
    }
    if (command === 'timeline') {
      const args = parseArgs(rest, TIMELINE_OPTIONS);
      if (args.positional.length === 0) throw new UsageError('timeline needs at least one FILE');
      return await timelineCommand(args, io);
    }
    if (command === 'analyze') {
      const args = parseArgs(rest, ANALYZE_OPTIONS);
      if (args.positional.length === 0) throw new UsageError('analyze needs at least one FILE');
      return await analyzeCommand(args, io);
    }
    if (command === 'report') return await reportCommand(parseArgs(rest, REPORT_OPTIONS), io);
    if (command === 'templates') return await templatesCommand(parseArgs(rest, TEMPLATES_OPTIONS), io);
    if (command === 'formats') return await formatsCommand(parseArgs(rest, FORMATS_OPTIONS), io);
    if (command === 'generate') return await generateCommand(parseArgs(rest, GENERATE_OPTIONS), io);
    if (command === 'bundle') return await bundleCommand(rest, io);
    throw new UsageError(`unknown command "${command}" (try --help)`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.error(`rca: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.error(`rca: ${oneLine(e.message)}`);
      return 1;
    }
    throw e;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
