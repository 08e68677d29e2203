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
// Markdown code fences: ```, ```text, ~~~ (optionally indented up to 3 spaces, as in CommonMark).
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
// `==> /var/log/containerd.log <==` (tail -f / head on several files, and `minikube logs`).
const FILE_HEADER = /^==> (.{1,300}) <==\s*$/;

export function classifyStructural(text: string): StructuralLine | null {
  if (text.length === 0 || text.length > 600) return null;
  const c = text.charCodeAt(0);
  // Fast exits: most log lines start with a digit, a letter or '[' and contain no '@'.
  if (c === 96 /* ` */ || c === 126 /* ~ */ || c === 32) {
    if (FENCE.test(text)) return { kind: 'fence' };
  }
  if (c === 61 /* = */) {
    const h = FILE_HEADER.exec(text);
    if (h) return { kind: 'header', fileName: h[1].trim() };
  }
  if (c === 36 /* $ */ || c === 35 /* # */ || c === 37 /* % */ || c === 32) {
    const p = BARE_PROMPT.exec(text);
    if (p) {
      const cmd = (p[2] ?? '').trim();
      if (p[1] === '$' || p[1] === '%') return { kind: 'prompt', command: cmd };
      const word = cmd.split(/\s+/)[0];
      if (KNOWN_COMMANDS.has(word)) return { kind: 'prompt', command: cmd };
    }
    return null;
  }
  if (c >= 99 && c <= 116 /* c..t */ && BARE_COMMAND.test(text))
    return { kind: 'prompt', command: text.trim() };
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
