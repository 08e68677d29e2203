// Structural lines in a paste: what separates one tool's output from the next.
// They become `skipped` entries (kind prompt / fence / header) and start a new segment.

export interface StructuralLine {
  kind: 'prompt' | 'fence' | 'header';
  /** The command after a prompt (`crictl ps -a`), or the file name of a `==> f <==` header. */
  command?: string;
  fileName?: string;
  /** For fences: true for an opening fence with an info string or any fence (toggled by the segmenter). */
}

// Commands a bare `# ` prompt must start with, so a Markdown heading or a comment line
// (`# memory.max`) is not taken for a root prompt.
const KNOWN_COMMANDS = new Set([
  'sudo',
  'crictl',
  'ctr',
  'journalctl',
  'dmesg',
  'kubectl',
  'k',
  'docker',
  'nerdctl',
  'runc',
  'systemctl',
  'cat',
  'grep',
  'egrep',
  'zgrep',
  'tail',
  'head',
  'less',
  'ps',
  'ls',
  'ulimit',
  'free',
  'df',
  'du',
  'top',
  'talosctl',
  'minikube',
  'uname',
  'uptime',
  'find',
  'awk',
  'sed',
  'wc',
  'lsof',
  'sysctl',
  'mount',
  'crio',
  'containerd',
  'kubelet',
  'service',
  'date',
  'echo',
  'cd',
  'tree',
  'stat',
  'dockerd',
  'podman',
  'k3s',
  'rke2',
  'microk8s',
  'lsb_release',
  'hostnamectl',
  'timedatectl',
  'for',
  'while',
  'xargs',
  'jq',
  'curl',
]);

// `$ dmesg -T`, `# crictl ps -a` (root prompt), `$` alone.
const BARE_PROMPT = /^\s{0,4}([$#%])(?: +(.*))?$/;
// `root@node:~# crictl ps -a`, `user@host:/var/log$ journalctl -u kubelet`, `root@node # ls`,
// `[root@node-1 ~]# ctr t ls`, `[user@host dir]$ cmd`, `node-1:~ # cmd` (SUSE).
const USER_PROMPT =
  /^(?:\[[\w.-]+@[\w.-]+(?: [^\]]{0,200})?\]|[\w.-]+@[\w.-]+(?::[^\s$#]{0,200})?|[\w.-]+:[~/][^\s$#]{0,200} ?)\s?[$#%](?: +(.*))?$/;
// A command echoed without a prompt, as people paste it above its output:
// `crictl inspect 40e09c5d0328`, `sudo journalctl -u containerd --no-pager`, `dmesg -T`.
// Only the tools whose output we read, followed by a subcommand or a flag, so prose such as
// "crictl shows nothing" is not taken for a command.
const BARE_COMMAND =
  /^(?:sudo )?(?:crictl|ctr|journalctl|dmesg|kubectl|docker|nerdctl|runc|systemctl|talosctl)(?: (?:-{1,2}[\w-]+|ps|inspect|inspectp|pods|images|logs|tasks?|t|containers?|c|snapshots?|get|describe|status|list|info|ls|events)\b[^\n]{0,300})?$/;
// kubectl's common alias, echoed as typed: `k describe po POD` (corpus containerd-5708).
const K_ALIAS_COMMAND = /^k (?:get|describe|logs|events|top|exec)\b[^\n]{0,300}$/;
// A shell whose prompt starts with the time: `[12:54:41] $ ./cluster/kubectl.sh describe pod simmemleak-hra99`
// (corpus k8s-10861); what follows the time is a prompt by the same rules as without it.
// A dmesg line (`[   12.345678] ...`, `[Wed Dec  6 ...]`) has no `:` at 3 or 4.
const TIME_PREFIX = /^\[\d{1,2}:\d{2}(?::\d{2})?\] ?/;
/** The first three characters as one number (no string is made). */
function head3(text: string): number {
  return (text.charCodeAt(0) << 16) | (text.charCodeAt(1) << 8) | text.charCodeAt(2);
}
// How BARE_COMMAND's words start (`sudo ` included): most log messages that begin with a
// lowercase letter (`time=...`) fail this set lookup and skip the regex call.
const BARE_COMMAND_HEADS = new Set(
  [
    'sudo',
    'crictl',
    'ctr',
    'journalctl',
    'dmesg',
    'kubectl',
    'docker',
    'nerdctl',
    'runc',
    'systemctl',
    'talosctl',
  ].map(head3),
);
// Markdown code fences: ```, ```text, ~~~ (optionally indented up to 3 spaces, as in CommonMark).
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
// `==> /var/log/containerd.log <==` (tail -f / head on several files, and `minikube logs`).
const FILE_HEADER = /^==> (.{1,300}) <==\s*$/;

export function classifyStructural(text: string): StructuralLine | null {
  if (text.length === 0 || text.length > 600) return null;
  const c = text.charCodeAt(0);
  // Fast exits: most log lines start with a digit, a letter or '[' and contain no '@'.
  if (c === 96 /* ` */ || c === 126 /* ~ */ || c === 32) {
    // An indented line (JSON, YAML, a stack trace) has no fence character in its first four.
    if (hasCharIn(text, 4, 96, 126) && FENCE.test(text)) return { kind: 'fence' };
  }
  if (c === 61 /* = */) {
    const h = FILE_HEADER.exec(text);
    if (h) return { kind: 'header', fileName: h[1].trim() };
  }
  if (c === 36 /* $ */ || c === 35 /* # */ || c === 37 /* % */ || c === 32) {
    // BARE_PROMPT's sigil comes after at most four spaces: most indented lines skip the regex.
    const p = hasPromptSigil(text) ? BARE_PROMPT.exec(text) : null;
    if (p) {
      const cmd = (p[2] ?? '').trim();
      if (p[1] === '$' || p[1] === '%') return { kind: 'prompt', command: cmd };
      const word = cmd.split(/\s+/)[0];
      if (KNOWN_COMMANDS.has(word)) return { kind: 'prompt', command: cmd };
    }
    return null;
  }
  if (c >= 99 && c <= 116 /* c..t */ && BARE_COMMAND_HEADS.has(head3(text)) && BARE_COMMAND.test(text))
    return { kind: 'prompt', command: text.trim() };
  if (c === 107 /* k */ && text.charCodeAt(1) === 32 && K_ALIAS_COMMAND.test(text))
    return { kind: 'prompt', command: text.trim() };
  if (c === 91 /* [ */ && (text.charCodeAt(2) === 58 || text.charCodeAt(3) === 58)) {
    const t = TIME_PREFIX.exec(text);
    if (t) {
      const rest = classifyStructural(text.slice(t[0].length));
      return rest?.kind === 'prompt' ? rest : null;
    }
  }
  // USER_PROMPT starts with `[`? then [\w.-]+ and '@' (forms 1, 2) or ':~' / ':/' (form 3), so
  // a line whose first run of word characters is not followed by one of those cannot match.
  // This exact pre-check stops at the first space or bracket of a log line instead of
  // scanning it whole for '@', ':~' and ':/'.
  if (!userPromptStart(text, c)) return null;
  const at = text.indexOf('@');
  if (at > 0 && at < 80 && (c === 91 /* [ */ || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) {
    const p = USER_PROMPT.exec(text);
    if (p) return { kind: 'prompt', command: (p[1] ?? '').trim() };
  } else if (text.indexOf(':~') > 0 || text.indexOf(':/') > 0) {
    const p = USER_PROMPT.exec(text);
    if (p && /[$#%]( |$)/.test(text.slice(0, 220))) return { kind: 'prompt', command: (p[1] ?? '').trim() };
  }
  return null;
}

/** [A-Za-z0-9_.-], what `[\w.-]` matches. */
function isWordDotDash(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
  );
}

/**
 * A necessary condition for USER_PROMPT: an optional '[', at least one [\w.-] character, then
 * '@' or ':' followed by '~' or '/'. Reads only the line's first word.
 */
function userPromptStart(text: string, c: number): boolean {
  let i = c === 91 /* [ */ ? 1 : 0;
  const from = i;
  const n = text.length;
  while (i < n && isWordDotDash(text.charCodeAt(i))) i++;
  if (i === from || i >= n) return false;
  const d = text.charCodeAt(i);
  if (d === 64 /* @ */) return true;
  if (d !== 58 /* : */) return false;
  const e = text.charCodeAt(i + 1);
  return e === 126 /* ~ */ || e === 47 /* / */;
}

/** True when one of the first `n` characters is `a` or `b`. */
function hasCharIn(text: string, n: number, a: number, b: number): boolean {
  const m = Math.min(n, text.length);
  for (let i = 0; i < m; i++) {
    const ch = text.charCodeAt(i);
    if (ch === a || ch === b) return true;
  }
  return false;
}

/** One of the first five characters is `$`, `#` or `%` (BARE_PROMPT: `^\s{0,4}[$#%]`). */
function hasPromptSigil(text: string): boolean {
  const m = Math.min(5, text.length);
  for (let i = 0; i < m; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 36 || ch === 35 || ch === 37) return true;
  }
  return false;
}
