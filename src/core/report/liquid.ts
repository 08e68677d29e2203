// The Liquid engine of the documents (issue 6) and the Markdown escaping it applies to every
// output. Values come from logs (a pod can print anything) and from the analyst: an output must
// never become a link, an image, HTML, a heading, a list, a footnote, a Liquid tag for a later
// processor (Jekyll, Obsidian plugins) or a bidi trick. So every `{{ }}` is escaped unless its
// last filter is one of ours that builds Markdown from escaped parts (cite, code, fence, table,
// mermaid_label) or `raw` (the analyst's own Markdown fields).
//
// Templates are single files: `{% include %}`, `{% render %}` and `{% layout %}` are refused at
// parse time, and the engine gets a file system that reads nothing (defence in depth).
import { type FS, Liquid, type TagToken, type TopLevelToken } from 'liquidjs';
import { mermaidText } from './mermaid.ts';

// Controls that do not print and can make text read differently from what it is: C0/C1 controls
// (but \t, \n, \r, which callers turn into spaces), bidi embeddings, overrides and isolates
// (Trojan Source, CVE-2021-42574), zero-width marks, the BOM. Input: "ok\u202Egnp.exe".
const HIDDEN_CONTROLS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// Lone UTF-16 surrogates (a cut emoji) are not text. Input: "\uD83D" alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Every kind of line break. Input: "OOM\r\nkilled\u2028pid".
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** A hidden control shown as its code point, so a reader sees the trick: `⟨U+202E⟩`. */
function showControl(c: string): string {
  return `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Text without hidden controls or lone surrogates; line breaks stay (callers decide). */
export function visibleText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(HIDDEN_CONTROLS, showControl);
}

// ASCII punctuation that opens Markdown or GFM syntax anywhere in a line: emphasis (* _ ~),
// code (`), links and images ([ ] !), HTML and autolinks (< >), entities (&), table cells (|),
// math ($), headings and Obsidian tags (#), escapes (\), and Liquid / Jinja tags for any later
// processor ({ }). Input: "[x](javascript:alert(1)) <script> {{ 7*7 }} # h".
const INLINE_SPECIAL = /[\\`*_~[\]!<>&|$#{}]/g;
// An escaped underscore inside a word. Input: "Committed\\_AS".
const INTRAWORD_UNDERSCORE = /(?<=[\p{L}\p{N}])\\_(?=[\p{L}\p{N}])/gu;
// What GFM turns into a link by itself (autolink literals): a URL with a scheme, a `www.` name,
// an e-mail address. remark-gfm finds them in the parsed text, after escapes are resolved, so no
// backslash can stop it: they are printed as inline code instead (same characters, no link).
// Inputs: "see http://evil.example/x", "www.evil.example", "ops@example.com".
const AUTOLINKABLE =
  /[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*|(?<![\p{L}\p{N}])www\.\S*|[\p{L}\p{N}._+-]+@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;
// What is special only at the start of a line: a list bullet or thematic break (- + *), a
// setext underline (=), a blockquote (> is escaped anyway), an ordered list ("1." "1)").
// Inputs: "- item", "+ item", "=====", "2025. x", "1) x".
const LINE_START = /^(\s*)([-+=]|\d+(?=[.)]))/;

/**
 * Text as Markdown that reads as exactly that text: one line (breaks become spaces), every
 * syntax character backslash-escaped, URLs and e-mail addresses as inline code (never a link),
 * hidden controls shown as `⟨U+202E⟩`. Leading spaces are dropped (four would start a code
 * block). `cell`: for a GFM table cell, where a `|` ends the cell even inside code.
 */
export function escapeMarkdown(text: string, opts: { cell?: boolean } = {}): string {
  const s = visibleText(text).replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').trimStart();
  // Runs that touch are one code span: two spans side by side would read as one span with a
  // double backtick inside. Input: "a@b.io+a@b.io" matches as "a@b.io" and "+a@b.io".
  const runs: [number, number][] = [];
  for (const m of s.matchAll(AUTOLINKABLE)) {
    const last = runs.at(-1);
    if (last && last[1] === m.index) last[1] = m.index + m[0].length;
    else runs.push([m.index, m.index + m[0].length]);
  }
  let out = '';
  let at = 0;
  for (const [from, to] of runs) {
    out += escapePlain(s.slice(at, from));
    out += opts.cell ? cellCode(s.slice(from, to)) : inlineCode(s.slice(from, to));
    at = to;
  }
  out += escapePlain(s.slice(at));
  // A digit run cannot take a backslash (`\1` is not an escape): the `.` or `)` after it can.
  return out.replace(LINE_START, (_m, sp: string, lead: string) =>
    /^\d/.test(lead) ? `${sp}${lead}\\` : `${sp}\\${lead}`,
  );
}

function escapePlain(s: string): string {
  return (
    s
      .replace(INLINE_SPECIAL, (c) => `\\${c}`)
      // `_` between letters or digits can neither open nor close emphasis (CommonMark flanking
      // rules): left bare, paths and ids stay readable. Input: "kubepods-pod4e6988f1_63e6".
      .replace(INTRAWORD_UNDERSCORE, '_')
      // GitHub pings an @name. Input: "@oncall".
      .replace(/@/g, '\\@')
  );
}

/** Inline code showing `text` verbatim on one line, whatever backticks it holds. */
export function inlineCode(text: string): string {
  const s = visibleText(text).replace(LINE_BREAKS, ' ').replace(/\t/g, ' ');
  if (s === '') return '';
  // The fence is one backtick longer than the longest run inside. Input: "a ``b`` c" -> ```.
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // A leading or trailing backtick (or space) would merge with the fence or be stripped: pad.
  // (Content of spaces only is kept as it is by the parser: no pad.)
  const pad = s.trim() !== '' && /^[`\s]|[`\s]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * Inline code for a GFM table cell. A `|` ends the cell even inside a code span, and `\|` there
 * cannot be told from an escaped backslash before a cell break (`a\\|b` splits): so the text is
 * cut at each `|`, the pieces are code spans and the pipes escaped text between them.
 * Input: "grep -E \"a|b\" f" -> `grep -E "a`\|`b" f`.
 */
export function cellCode(text: string): string {
  return text
    .split('|')
    .map((piece) => inlineCode(piece))
    .join('\\|');
}

/** A fence language: letters, digits, `+ - _ .` only (the info string is otherwise free text). */
export function fenceLanguage(lang: string): string {
  return lang.replace(/[^A-Za-z0-9+_.-]/g, '').slice(0, 32);
}

/** A fenced code block holding `text` verbatim, whatever backtick runs it holds. */
export function fencedBlock(text: string, lang = ''): string {
  const body = visibleText(text).replace(LINE_BREAKS, '\n').replace(/\n+$/, '');
  // Longer than any backtick run inside, so no line of the body can close it.
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${fenceLanguage(lang)}\n${body}\n${fence}`;
}

/** A table cell: escaped text; `|` escaped inside code too. */
export function tableCell(text: string): string {
  return escapeMarkdown(text, { cell: true });
}

/**
 * A GFM table from rows (the first is the header). Rows are padded to the widest; `codeColumns`
 * (0-based) are shown as inline code (commands, ids). No rows: ''.
 */
export function markdownTable(
  rows: readonly (readonly string[])[],
  codeColumns: readonly number[] = [],
): string {
  if (rows.length === 0) return '';
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (r: readonly string[], header: boolean) =>
    `| ${Array.from({ length: width }, (_, i) => {
      const v = String(r[i] ?? '');
      return !header && codeColumns.includes(i) ? cellCode(v) : tableCell(v);
    }).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head, true), `|${' --- |'.repeat(width)}`, ...body.map((r) => line(r, false))].join('\n');
}

/** What verdict_badge prints for each verdict and decision state. */
export const VERDICT_BADGES: Record<string, string> = {
  supported: '✅ supported',
  likely: '🟢 likely',
  open: '⚪ open',
  unlikely: '🟠 unlikely',
  refuted: '❌ refuted',
  accepted: '✅ accepted',
  rejected: '❌ rejected',
  unknown: '❔ unknown',
};

/** Epoch µs as UTC ISO-8601, µs kept when there are any (`2025-11-24T07:48:16.539327Z`). */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = ((us % 1000) + 1000) % 1000;
  return micros === 0 ? iso : iso.replace(/Z$/, `${String(Math.floor(micros)).padStart(3, '0')}Z`);
}

/** What the filters need from a render: how to cite a line. */
export interface FilterHooks {
  /** The footnote reference for an event id or a line (an EventRef), `[^L1]`; '' when unknown. */
  cite(ref: string | { eventId: string }): string;
  /**
   * Whether `raw` may print this value as written: only the value of a markdown field (the
   * analyst's words, or a fill's Markdown built from escaped pieces). Anything else is escaped.
   */
  rawAllowed?(value: string): boolean;
}

/** A file system that has no files: an include that slipped through still reads nothing. */
const NO_FS: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (f) => {
    throw new Error(`templates cannot read files (${f})`);
  },
  readFileSync: (f) => {
    throw new Error(`templates cannot read files (${f})`);
  },
  resolve: (_dir, file) => file,
};

/** Tags that would read another template: refused when the template is parsed. */
const FILE_TAGS = ['include', 'render', 'layout'] as const;

/** Limits on a template's work (user templates are loaded in the app): ms, characters, bytes. */
const LIMITS = { renderLimit: 5_000, parseLimit: 1_000_000, memoryLimit: 64_000_000 };

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const asText = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'number'
        ? String(v)
        : String(v);

/**
 * The engine with the document filters. `hooks` is the render's footnote registry; parsing
 * (parseTemplate) passes none and `cite` prints nothing.
 */
export function createEngine(hooks?: FilterHooks): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    ownPropertyOnly: true,
    outputEscape: (v: unknown) => escapeMarkdown(asText(v)),
    fs: NO_FS,
    relativeReference: false,
    dynamicPartials: false,
    ...LIMITS,
  });
  for (const name of FILE_TAGS) {
    liquid.registerTag(name, {
      parse(token: TagToken, _remain: TopLevelToken[]) {
        throw new Error(
          `{% ${token.name} %} is not supported: a template is one file (put the text in this template)`,
        );
      },
      render() {
        return '';
      },
    });
  }
  // The analyst's own Markdown, printed as written (it is theirs; HTML exports sanitize it).
  liquid.registerFilter('raw', {
    raw: true,
    handler: (v: unknown) => {
      const text = asText(v);
      return !hooks?.rawAllowed || hooks.rawAllowed(text) ? text : escapeMarkdown(text);
    },
  });
  liquid.registerFilter('cite', {
    raw: true,
    handler: (v: unknown) =>
      asArray(v)
        .map((x) => {
          if (typeof x === 'string') return hooks?.cite(x) ?? '';
          // An evidence item of a HypothesisNode: its lines (`{{ h.for[0] | cite }}`).
          if (x && typeof x === 'object' && 'refs' in x && Array.isArray(x.refs))
            return x.refs.map((r: unknown) => (typeof r === 'string' ? (hooks?.cite(r) ?? '') : '')).join('');
          // An EventRef (an event-list item) is passed whole: it carries its own line.
          if (x && typeof x === 'object' && 'eventId' in x && typeof x.eventId === 'string')
            return hooks?.cite(x as { eventId: string }) ?? '';
          return '';
        })
        .join(''),
  });
  liquid.registerFilter('code', { raw: true, handler: (v: unknown) => inlineCode(asText(v)) });
  liquid.registerFilter('fence', {
    raw: true,
    handler: (v: unknown, lang?: unknown) => (asText(v) === '' ? '' : fencedBlock(asText(v), asText(lang))),
  });
  // For text inside a ```mermaid fence the template writes itself: Mermaid's escaping, not Markdown's.
  liquid.registerFilter('mermaid_label', { raw: true, handler: (v: unknown) => mermaidText(asText(v)) });
  liquid.registerFilter('table', {
    raw: true,
    handler: (v: unknown, ...codeColumns: unknown[]) => {
      const rows = asArray(v)
        .filter(Array.isArray)
        .map((r) => r.map(asText));
      return markdownTable(
        rows,
        codeColumns.filter((c): c is number => typeof c === 'number'),
      );
    },
  });
  liquid.registerFilter('verdict_badge', (v: unknown) => {
    const key =
      v && typeof v === 'object' && 'verdict' in v
        ? asText(v.verdict)
        : v && typeof v === 'object' && 'state' in v
          ? asText(v.state)
          : asText(v);
    return VERDICT_BADGES[key.toLowerCase()] ?? key;
  });
  // µs since the epoch (the engine's times) as UTC ISO; an ISO string passes; nothing is ''.
  liquid.registerFilter('date', (v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) return isoMicros(v);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return isoMicros(Number(v));
    return asText(v);
  });
  return liquid;
}
