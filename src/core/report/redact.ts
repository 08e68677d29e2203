// Redaction before export (issue 6, part 4): find what identifies a site or a person in a
// rendered document (host names, addresses, e-mails, credentials, user names, optionally pod and
// namespace names), give each distinct value one pseudonym for the whole document (its Markdown,
// its Mermaid sources, its footnote excerpts), and replace the ones the analyst left ticked.
// Pure: the texts in, items and new strings out; the stored incident is never touched.
//
// How it works: detectors (one regex each, a real input next to it) propose values; the values
// are then matched back into every text with a trie, so an occurrence counts wherever it stands
// (a host found in a journal line is also replaced in a heading or a diagram label), counts are
// what `applyRedactions` would replace, and pseudonyms are numbered in order of first appearance.
//
// The rendered Markdown escapes syntax characters (`k8s\-worker\-21`, `a\&b`, liquid.ts
// escapeMarkdown) and Mermaid labels write `:` as `∶` (mermaid.ts mermaidText): detection reads
// the unescaped text and matching tolerates a backslash before ASCII punctuation and `∶` for `:`.
// What matching cannot see: a value cut by a line break or by mermaid.ts `breakLongWords`
// (`registry. example.com` in a timeline box). Redact the field values before rendering as well
// when a document carries such diagrams.

export const REDACTION_KINDS = [
  'token',
  'secret',
  'email',
  'ipv6',
  'mac',
  'ipv4',
  'hostname',
  'pod',
  'namespace',
  'user',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export interface RedactionItem {
  /** Stable: `kind:value`. */
  id: string;
  kind: RedactionKind;
  /** The text as it reads (Markdown escapes removed). A short secret carries its key: `password=abc`. */
  value: string;
  replacement: string;
  /** Occurrences across all texts (what applyRedactions replaces when every item is enabled). */
  count: number;
  enabled: boolean;
}

export interface RedactionOptions {
  /** Also pod and namespace names (off by default: they are often what the reader needs). */
  podNames?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Text views

// A Markdown backslash escape of ASCII punctuation. Input: "k8s\\-worker\\-21", "a\\&b".
const MD_ESCAPE = /\\([!-/:-@[-`{-~])/g;
// Mermaid's stand-in for a colon in labels (mermaid.ts REPLACEMENTS). Input: "07∶48∶16".
const RATIO = /\u2236/g;

/** The text as a reader sees it: escapes removed, Mermaid's ratio back to `:`. */
function readable(text: string): string {
  return text.replace(MD_ESCAPE, '$1').replace(RATIO, ':');
}

function isAsciiPunct(c: string): boolean {
  const x = c.charCodeAt(0);
  return (x >= 33 && x <= 47) || (x >= 58 && x <= 64) || (x >= 91 && x <= 96) || (x >= 123 && x <= 126);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
function isAlnum(c: string | undefined): boolean {
  if (c === undefined || c === '') return false;
  const x = c.charCodeAt(0);
  if (x < 128) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
  return LETTER_OR_DIGIT.test(c);
}

// Names (hosts, users, pods, namespaces) are hyphenated words: `node` must not match inside
// `node-exporter`, but `k8s-worker-21_default(...)` (kubelet's pod key) is still the host.
// Values made of base64 or digits (tokens, addresses) stop at `_` like a regex `\b`.
const NAME_KINDS: ReadonlySet<RedactionKind> = new Set(['hostname', 'user', 'pod', 'namespace']);

function blocks(kind: RedactionKind, c: string | undefined): boolean {
  if (c === undefined) return false;
  if (isAlnum(c)) return true;
  return NAME_KINDS.has(kind) ? c === '-' : c === '_';
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

// Top-level domains that name hosts in infrastructure logs. File extensions that are also
// country codes (.sh .md .rs .py .pl .so .cc .mk .in .am .ps) and words that end dotted code
// names (.info in `logger.info`, .service, .slice, .scope) are left out on purpose.
const TLDS = new Set(
  (
    'com net org io dev app cloud local internal lan corp home intranet private localdomain site online ' +
    'tech edu gov mil int biz xyz ibm aws gcp azure uk de fr nl ru cn jp us ca au br eu ch se no fi dk at ' +
    'be es it cz kr tw co me tv ly gg ie nz sg hk za pt ro hu gr il tr ua ar mx cl'
  ).split(' '),
);

// Public project domains a log quotes (Go import paths in stack traces, registries, the kernel
// banner's `debian-kernel@lists.debian.org`): not the site's, so not flagged.
const PUBLIC_DOMAINS = [
  'k8s.io',
  'kubernetes.io',
  'docker.io',
  'docker.com',
  'github.com',
  'githubusercontent.com',
  'gitlab.com',
  'gcr.io',
  'ghcr.io',
  'quay.io',
  'golang.org',
  'go.dev',
  'gopkg.in',
  'google.golang.org',
  'go.uber.org',
  'etcd.io',
  'containerd.io',
  'opencontainers.org',
  'kernel.org',
  'debian.org',
  'ubuntu.com',
  'redhat.com',
  'fedoraproject.org',
  'systemd.io',
  'freedesktop.org',
  'mozilla.org',
  'w3.org',
];

function isPublicDomain(host: string): boolean {
  const h = host.toLowerCase();
  return PUBLIC_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

// Accounts every machine has: not a person.
const SYSTEM_USERS = new Set(
  (
    'root nobody daemon bin sys sync games man lp mail news uucp proxy www-data backup list irc gnats ' +
    'syslog messagebus sshd polkitd dbus system systemd-network systemd-resolve systemd-timesync ' +
    'systemd-journal admin user users git invalid unknown none null'
  ).split(' '),
);

// Namespaces every cluster (or containerd) has: not the site's.
const COMMON_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'moby',
  'k8s',
]);

// Host-ish words that are not a host.
// Log levels stand where a host would in "2025-11-24T07:48:16Z INFO main: started".
const NOT_HOSTS = new Set(
  (
    'localhost localhost.localdomain none unknown null true false ' +
    'trace debug info warn warning error err fatal crit critical notice panic level'
  ).split(' '),
);

// Values that are placeholders, not secrets: `token=true`, `password=***`, `secret=${SECRET}`.
// Inputs: "true", "<none>", "********", "${DB_PASSWORD}", "[REDACTED-SECRET-1]".
const PLACEHOLDER =
  /^(?:true|false|null|nil|none|yes|no|empty|redacted|x+|\*+|<[^>]*>|\$.*|%[sv]|\{\{.*|\[?REDACTED.*)$/i;

// ---------------------------------------------------------------------------------------------
// Detectors

interface Candidate {
  kind: RedactionKind;
  /** What is matched back into the texts. */
  value: string;
  /** What the pseudonym numbers: the value, or for a short secret the secret inside it. */
  core: string;
  /** Around `core` in `value`, kept in the replacement (`password=`, `@`). */
  prefix: string;
  suffix: string;
  /** Position in the readable text (first appearance orders the pseudonyms). */
  index: number;
}

/** `core` and `coreAt` (its offset in `value`) only for a secret matched with its context. */
type Emit = (kind: RedactionKind, value: string, index: number, core?: string, coreAt?: number) => void;

interface Detector {
  re: RegExp;
  /** Reads one match; `opts.podNames` detectors are skipped without it. */
  read: (m: RegExpExecArray, emit: Emit, text: string) => void;
  pods?: boolean;
}

// A host name as logs print it: letters, digits, dots and hyphens, starting with an alnum.
const HOST = '[A-Za-z0-9][A-Za-z0-9._-]{0,252}';
// An identifier starts with a letter: in "07:48:16.000Z to 2025-11-24T07:48:16.5Z" the word
// between two times must not read as a host before an ident `2025-11-24T07:`.
const IDENT = '[A-Za-z_][^\\s:\\[\\]]{0,63}(?:\\[\\d{1,10}\\])?';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const CLOCK = '\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?';
const ISO_TIME = `\\d{4}-\\d\\d-\\d\\dT${CLOCK}(?:Z|[+-]\\d\\d:?\\d\\d)?`;
// busybox syslogd writes facility.level between host and ident: `OpenWrt kern.notice kernel:`.
const FACILITY = '(?:[a-z]{2,8}\\.[a-z]{3,7} )?';

function hostValue(raw: string): string | null {
  const h = raw.replace(/\.+$/, '');
  if (!/[A-Za-z]/.test(h) || NOT_HOSTS.has(h.toLowerCase()) || h.startsWith('-')) return null;
  return h;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

function ipv4Value(ip: string): string | null {
  // 0.0.0.0 (any), loopback and masks identify nothing.
  if (ip === '0.0.0.0' || ip.startsWith('127.') || ip.startsWith('255.')) return null;
  return ip;
}

/** Is `s` an IPv6 address (hex groups, at most one `::`), and one worth flagging? */
function ipv6Value(s: string): string | null {
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const groups = parts.flatMap((p) => (p === '' ? [] : p.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return null;
  if (parts.length === 1 ? groups.length !== 8 : groups.length > 7 || groups.length < 2) return null;
  // `12::30` reads as a clock or a range more likely than an address.
  if (parts.length === 2 && groups.length < 3 && groups.every((g) => /^\d+$/.test(g))) return null;
  return s;
}

function macValue(s: string): string | null {
  const hex = s.replace(/[:-]/g, '').toLowerCase();
  return hex === '000000000000' || hex === 'ffffffffffff' ? null : s;
}

/** A dotted run that is a host: every label valid, a known TLD, not a public project domain. */
function fqdnValue(run: string): string | null {
  const labels = run.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-')))
    return null;
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (!TLDS.has(tld)) return null;
  if (isPublicDomain(run)) return null;
  return run;
}

// The start of a URL up to its userinfo's password. Input: "https://deploy:".
const URL_USERINFO_BEFORE = /[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/@]*$/i;

function emailValue(local: string, domain: string): string | null {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1]!;
  if (!/^[A-Za-z]{2,24}$/.test(tld) || tld.toLowerCase() === 'invalid') return null;
  // `pkg@v1.2.3-rc.beta` is a version, not a domain.
  if (/^v?\d+\.\d+/.test(domain)) return null;
  if (isPublicDomain(domain)) return null;
  return `${local}@${domain}`;
}

function userValue(name: string): string | null {
  if (!/^[A-Za-z_]/.test(name) || SYSTEM_USERS.has(name.toLowerCase()) || name.startsWith('systemd-'))
    return null;
  return name;
}

// Generated names that are not pods: the service-account token volume every pod mounts
// ("kube-api-access-t49jk", "4e6988f1-63e6-4d27-9e8d-ba45452fbf7a-kube-api-access-t49jk").
const NOT_POD = /kube-api-access-|^[0-9a-f]{8}-[0-9a-f]{4}-/;

function podValue(name: string): string | null {
  return looksLikeName(name) && !NOT_POD.test(name) ? name : null;
}

function namespaceValue(ns: string): string | null {
  return COMMON_NAMESPACES.has(ns) ? null : ns;
}

// A name a person would pick: a digit, a hyphen or a dot in it (so "node: see below" is prose).
function looksLikeName(s: string): boolean {
  return /[\d.-]/.test(s) && /[A-Za-z]/.test(s);
}

// The alphabet Kubernetes draws generated name suffixes from (k8s.io/apimachinery rand.String):
// no vowels, no 0 1 3, so English words and hex ids rarely look like one.
const K8S_RAND = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_BASE = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

// Secrets shorter than this (or starting with punctuation) are matched with their key
// (`password=abc`): replacing every "abc" of the document would break it.
const SHORT_SECRET = 6;

// Key names that hold a credential; the keyword must end the key (`token_file=` is a path).
const SECRET_KEYWORD =
  '(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)';
// A credential's value: up to 512 characters, and a longer run is not one (a certificate, a blob:
// the private-key detector reads key blocks). The bound keeps matching linear in practice.
const SECRET_CHAR = '[^\\s"\'`,;&<>(){}\\[\\]]';
const SECRET_VALUE = `${SECRET_CHAR}{1,512}(?!${SECRET_CHAR})`;

/** Does the keyword start a part of the key (`db_password`, `dbPassword`, `X-Auth-Token`), not mid-word (`bypass`)? */
function keywordStartsPart(key: string, keyword: string): boolean {
  const before = key.slice(0, key.length - keyword.length);
  if (before === '') return true;
  const last = before[before.length - 1]!;
  if (/[_.-]/.test(last)) return true;
  return /[a-z0-9]/.test(last) && /[A-Z]/.test(keyword[0]!);
}

function emitSecret(
  emit: Emit,
  kind: 'token' | 'secret',
  secret: string,
  secretIndex: number,
  context: string,
  contextIndex: number,
): void {
  if (PLACEHOLDER.test(secret)) return;
  if (secret.length < SHORT_SECRET || !isAlnum(secret[0]))
    emit(kind, context, contextIndex, secret, secretIndex - contextIndex);
  else emit(kind, secret, secretIndex);
}

const DETECTORS: Detector[] = [
  // --- hosts -------------------------------------------------------------------------------
  {
    // journalctl short / syslog: "Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory",
    // "Jan  1 00:00:17 OpenWrt daemon.info dnsmasq[1234]: started".
    re: new RegExp(`(?<![\\p{L}\\p{N}])${MONTH} [ \\d]?\\d ${CLOCK} (${HOST}) ${FACILITY}${IDENT}:`, 'gu'),
    read: (m, emit) => emitHost(emit, m[1]!, m.index + m[0].indexOf(m[1]!, 7)),
  },
  {
    // short-iso / RFC 3339 syslog: "2023-09-08T17:20:30+0200 srv01 r710_fan_controller.sh[20911]: ...".
    re: new RegExp(`(?<![\\p{L}\\p{N}])${ISO_TIME} (${HOST}) ${IDENT}:`, 'gu'),
    read: (m, emit) => emitHost(emit, m[1]!, m.index + m[0].indexOf(` ${m[1]!} `) + 1),
  },
  {
    // short-full: "Wed 2025-11-26 09:00:01 UTC node-1 kernel: oom_reaper: reaped process 41235".
    re: new RegExp(`\\d{4}-\\d\\d-\\d\\d ${CLOCK} [A-Z]{2,5} (${HOST}) ${IDENT}:`, 'gu'),
    read: (m, emit) => emitHost(emit, m[1]!, m.index + m[0].indexOf(` ${m[1]!} `) + 1),
  },
  {
    // short-monotonic: "[ 1123.120810] homeworkstation01-System-Product-Name dockerd[1471]: time=...".
    // The ident needs its pid (or is `kernel`): "[    0.000013] Command line: ..." is dmesg.
    re: new RegExp(
      `\\[ *\\d{1,10}\\.\\d{6}\\] (${HOST}) (?:[^\\s:\\[\\]]{1,64}\\[\\d{1,10}\\]|kernel):`,
      'gu',
    ),
    read: (m, emit) => emitHost(emit, m[1]!, m.index + m[0].indexOf(`] ${m[1]!}`) + 2),
  },
  {
    // RFC 5424: "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed".
    re: new RegExp(`<\\d{1,3}>1 \\S{1,40} (${HOST}) `, 'gu'),
    read: (m, emit) => emitHost(emit, m[1]!, m.index + m[0].lastIndexOf(m[1]!)),
  },
  {
    // kubectl and kubelet: "Node:\t\t\t\tkubernetes-minion-w3jc/10.175.109.53", `node="k8s-worker-21"`,
    // "nodeName: k8s-worker-21", "hostname=web-01", "kubernetes.io/hostname=k8s-worker-21".
    re: new RegExp(
      `(?<![\\p{L}\\p{N}_.-])(?:node(?:[_-]?name)?|host(?:[_-]?name)?|kubernetes\\.io/hostname)["']?[ \\t]*[:=][ \\t]*["']?(${HOST})`,
      'giu',
    ),
    read: (m, emit) => {
      if (looksLikeName(m[1]!)) emitHost(emit, m[1]!, m.index + m[0].length - m[1]!.length);
    },
  },
  {
    // The API server's name for a kubelet: "system:node:k8s-worker-21", "node/k8s-worker-21 cordoned".
    re: new RegExp(`(?:system:node:|(?<![\\p{L}\\p{N}_-])nodes?/)(${HOST})`, 'gu'),
    read: (m, emit) => {
      if (looksLikeName(m[1]!)) emitHost(emit, m[1]!, m.index + m[0].length - m[1]!.length);
    },
  },
  {
    // A shell prompt: "root@stage-dal10-cr91092b63f5762d6cf5be2f3c8f467550-w1:~# kubectl get pods".
    re: /(?<![\p{L}\p{N}_.-])([a-z_][a-z0-9_-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]{0,252}):(?=[~/])/gu,
    read: (m, emit) => {
      emitUser(emit, m[1]!, m.index);
      emitHost(emit, m[2]!, m.index + m[1]!.length + 1);
    },
  },
  {
    // A dotted name with a known TLD: "registry.example.com/payments/checkout:1.14.7",
    // "dev-dal10-cr07...-w2.cloud.ibm". Not "dmesg.txt", "container.go", "kubepods.slice",
    // "io.containerd.grpc.v1.cri" (the whole run is judged: its last label is no TLD).
    re: /(?<![\p{L}\p{N}_.-])[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,20}(?![\p{L}\p{N}_-]|\.[A-Za-z0-9-])/gu,
    read: (m, emit) => {
      const host = fqdnValue(m[0]);
      if (host !== null) emit('hostname', host, m.index);
    },
  },
  // --- addresses -----------------------------------------------------------------------------
  {
    // "output=\"Get \\\"http://10.244.2.176:8080/ready\\\"", "Failed password for root from 10.0.0.1 port 22".
    // Not "1.7.24", "v1.2.3.4", "10.0.19041.1" (a fifth part makes it a version).
    re: new RegExp(`(?<![\\p{L}\\p{N}_.])(?:${OCTET}\\.){3}${OCTET}(?![\\p{L}\\p{N}_]|\\.\\d)`, 'gu'),
    read: (m, emit) => {
      const ip = ipv4Value(m[0]);
      if (ip !== null) emit('ipv4', ip, m.index);
    },
  },
  {
    // "fe80::a00:27ff:fe4e:66a1%eth0", "2001:db8:85a3:0:0:8a2e:370:7334", "[fd12:3456::1]:8080".
    // Not "07:48:16" (three groups, no `::`) nor "02:42:ac:11:00:02" (a MAC: six groups).
    re: /(?<![\p{L}\p{N}_:.])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\p{L}\p{N}_:.])/gu,
    read: (m, emit) => {
      const ip = ipv6Value(m[0]);
      if (ip !== null) emit('ipv6', ip, m.index);
    },
  },
  {
    // "link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff", "MAC 52-54-00-12-34-56".
    re: /(?<![\p{L}\p{N}_:.-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\p{L}\p{N}_:-])/gu,
    read: (m, emit) => {
      const mac = macValue(m[0]);
      if (mac !== null) emit('mac', mac, m.index);
    },
  },
  {
    // "Reported-by: Alice Example <alice.example@corp.example.com>". Not "checkout@sha256:6e98..."
    // (no dot), "golang.org/x/net@v0.17.0" (a version), "debian-kernel@lists.debian.org" (public).
    re: /(?<![\p{L}\p{N}_.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,20})(?![\p{L}\p{N}_-]|\.[A-Za-z0-9-])/gu,
    read: (m, emit, text) => {
      // "https://deploy:s3cr3t@registry.example.com" is a URL's user and password, not an e-mail.
      if (URL_USERINFO_BEFORE.test(text.slice(Math.max(0, m.index - 160), m.index))) return;
      const email = emailValue(m[1]!, m[2]!);
      if (email !== null) emit('email', email, m.index);
    },
  },
  // --- credentials ---------------------------------------------------------------------------
  {
    // AWS access key ids: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE".
    re: /(?<![\p{L}\p{N}_])(?:AKIA|ASIA)[0-9A-Z]{16}(?![\p{L}\p{N}_])/gu,
    read: (m, emit) => emit('token', m[0], m.index),
  },
  {
    // GitHub tokens: "ghp_1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXYZab", "github_pat_11ABCDEFG0123456789_abcdef...".
    re: /(?<![\p{L}\p{N}_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![\p{L}\p{N}_])/gu,
    read: (m, emit) => emit('token', m[0], m.index),
  },
  {
    // Slack tokens: "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx".
    re: /(?<![\p{L}\p{N}_])xox[abposr]-[A-Za-z0-9-]{10,250}(?![\p{L}\p{N}_])/gu,
    read: (m, emit) => emit('token', m[0], m.index),
  },
  {
    // JWTs (header and payload are base64 JSON, so both start "eyJ"):
    // "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".
    re: /(?<![\p{L}\p{N}_-])eyJ[A-Za-z0-9_-]{4,2048}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,2048}/gu,
    read: (m, emit) => emit('token', m[0], m.index),
  },
  {
    // "Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543", "authorization: Basic YWxpY2U6czNjcjN0".
    // Not "Bearer authentication" (no digit, short): a token has a digit or is long.
    re: /(?<![\p{L}\p{N}_])(?:(?:authorization["']?[ \t]*[:=][ \t]*["']?)(?:(?:bearer|basic|token|digest)[ \t]+)?|(?:bearer|basic)[ \t]+)([A-Za-z0-9._~+/=-]{6,4096})/giu,
    read: (m, emit) => {
      const token = m[1]!;
      if (!/\d/.test(token) && token.length < 24) return;
      if (/^(?:bearer|basic|token|digest)$/i.test(token)) return;
      emitSecret(emit, 'token', token, m.index + m[0].length - token.length, m[0], m.index);
    },
  },
  {
    // Key-value credentials: "PASSWORD=hunter2", "--token=abc123def", `"api_key": "AIza..."`,
    // "X-Auth-Token: 6f1ed002ab5595859014ebf0951522d9", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG".
    // Not "token_file=/var/run/..." (the keyword must end the key), "bypass=1" (mid-word).
    re: new RegExp(
      `(?<![\\p{L}\\p{N}_.-])([A-Za-z0-9_.-]{0,40}?${SECRET_KEYWORD})(["']?)[ \\t]*[:=][ \\t]*(["']?)(${SECRET_VALUE})`,
      'giu',
    ),
    read: (m, emit) => {
      const key = m[1]!;
      const keyword = key.match(new RegExp(`${SECRET_KEYWORD}$`, 'i'))?.[0] ?? key;
      if (!keywordStartsPart(key, keyword)) return;
      const secret = m[4]!;
      const kind = /token/i.test(keyword) ? 'token' : 'secret';
      emitSecret(emit, kind, secret, m.index + m[0].length - secret.length, m[0], m.index);
    },
  },
  {
    // Credentials in a URL: "https://deploy:s3cr3t-Passw0rd@registry.example.com/v2/".
    re: /(?<![\p{L}\p{N}_])[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:@/?#"'<>]{1,128})(?::([^\s@/?#"'<>]{1,256}))?@/giu,
    read: (m, emit) => {
      const start = m[0].indexOf('//') + 2;
      emitUser(emit, m[1]!, m.index + start);
      const pass = m[2];
      if (pass !== undefined) {
        // A short one is matched as `pass@` (the user before it is an item of its own).
        const passIndex = m.index + start + m[1]!.length + 1;
        emitSecret(emit, 'secret', pass, passIndex, `${pass}@`, passIndex);
      }
    },
  },
  {
    // "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----": the body.
    re: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----\s{0,4}([A-Za-z0-9+/=\s]{16,16384}?)\s{0,4}-----END/gu,
    read: (m, emit) => {
      const body = m[1]!.trim();
      if (isAlnum(body[0])) emit('secret', body, m.index + m[0].indexOf(body));
    },
  },
  // --- users ---------------------------------------------------------------------------------
  {
    // "uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)".
    re: /(?<![\p{L}\p{N}_])e?uid=\d{1,10}\(([A-Za-z_][A-Za-z0-9_.-]{0,31})\)/gu,
    read: (m, emit) => emitUser(emit, m[1]!, m.index + m[0].indexOf('(') + 1),
  },
  {
    // "/home/devusr/go/src/github.com/containerd/containerd/cmd/containerd-shim/main_unix.go:147".
    re: /(?:\/home\/|\/Users\/|\\Users\\)([A-Za-z_][A-Za-z0-9_.-]{0,31})(?![\p{L}\p{N}_-])/gu,
    read: (m, emit) => emitUser(emit, m[1]!, m.index + m[0].length - m[1]!.length),
  },
  {
    // "user=alice", "USER=alice", `"username": "alice"`, "login: alice".
    re: /(?<![\p{L}\p{N}_.-])(?:user(?:[_-]?name)?|login|logname)["']?[ \t]*[:=][ \t]*["']?([A-Za-z_][A-Za-z0-9_.-]{0,31})(?![\p{L}\p{N}_-])/giu,
    read: (m, emit) => emitUser(emit, m[1]!, m.index + m[0].length - m[1]!.length),
  },
  {
    // sshd and pam: "Accepted publickey for alice from 10.0.0.5", "Failed password for invalid user bob",
    // "session opened for user alice(uid=1000)".
    re: /(?<![\p{L}\p{N}_])(?:(?:Accepted|Failed) [a-z-]{1,20} for (?:invalid user )?|for (?:invalid )?user )([A-Za-z_][A-Za-z0-9_.-]{0,31})(?![\p{L}\p{N}_-])/gu,
    read: (m, emit) => emitUser(emit, m[1]!, m.index + m[0].length - m[1]!.length),
  },
  // --- pods and namespaces (opts.podNames) ----------------------------------------------------
  {
    // kubelet: `pod="payments/checkout-tkv49ntw2-qc86p"`, `pods=["shop/redis-vq9rh9fdm-wlg52"]`,
    // "podName=checkout-tkv49ntw2-qc86p".
    pods: true,
    re: new RegExp(
      `(?<![\\p{L}\\p{N}_.-])(?:pods?|pod[_-]?name)["']?[ \\t]*[:=][ \\t]*\\[?["']?(?:(${POD_BASE})/)?(${POD_BASE})(?![\\p{L}\\p{N}_.-])`,
      'giu',
    ),
    read: (m, emit) => {
      const name = podValue(m[2]!);
      if (name === null) return;
      const at = m.index + m[0].length - name.length;
      if (m[1] !== undefined) emitNamespace(emit, m[1], at - m[1].length - 1);
      emit('pod', name, at);
    },
  },
  {
    // A generated pod name: "checkout-tkv49ntw2-qc86p" (Deployment: template hash and suffix),
    // "node-exporter-66zsf" (DaemonSet: a suffix with a digit), alone or as "payments/checkout-...".
    pods: true,
    re: new RegExp(
      `(?<![\\p{L}\\p{N}_.-])(?:(${POD_BASE})/)?(${POD_BASE}-(?:${K8S_RAND}{6,10}-${K8S_RAND}{5}|${K8S_RAND}{5}))(?![\\p{L}\\p{N}_-])`,
      'gu',
    ),
    read: (m, emit) => {
      const name = m[2]!;
      const suffix = name.slice(name.lastIndexOf('-') + 1);
      const deployment = new RegExp(`-${K8S_RAND}{6,10}-${K8S_RAND}{5}$`).test(name);
      if ((!deployment && !/\d/.test(suffix)) || podValue(name) === null) return;
      const at = m.index + m[0].length - name.length;
      if (m[1] !== undefined) emitNamespace(emit, m[1], at - m[1].length - 1);
      emit('pod', name, at);
    },
  },
  {
    // kubelet's pod key: `Error syncing pod ed0d6029-... ("ssh-daemonset-fl94q_default(ed0d6029-1ae4-...)")`.
    pods: true,
    re: new RegExp(`"(${POD_BASE})_(${POD_BASE})\\([0-9a-f-]{36}\\)`, 'gu'),
    read: (m, emit) => {
      if (podValue(m[1]!) !== null) emit('pod', m[1]!, m.index + 1);
      emitNamespace(emit, m[2]!, m.index + 2 + m[1]!.length);
    },
  },
  {
    // "namespace=payments", "Namespace:\t\tpayments", `"podNamespace":"shop"`, "--namespace payments".
    // Not containerd's "namespace=k8s.io" (a dotted run is not a Kubernetes namespace), not "-n"
    // (`grep -n pattern` in a verification step).
    pods: true,
    re: new RegExp(
      `(?:(?<![\\p{L}\\p{N}_.-])(?:(?:pod[_-]?)?namespace)["']?[ \\t]*[:=][ \\t]*["']?|(?<![\\p{L}\\p{N}_])--namespace[= ])(${POD_BASE})(?![\\p{L}\\p{N}_.-])`,
      'giu',
    ),
    read: (m, emit) => emitNamespace(emit, m[1]!, m.index + m[0].length - m[1]!.length),
  },
];

function emitHost(emit: Emit, raw: string, index: number): void {
  const host = hostValue(raw);
  if (host === null) return;
  // A host field that is an address is the address's business.
  if (/^[\d.]+$/.test(host) || host.includes(':')) return;
  emit('hostname', host, index);
}

function emitUser(emit: Emit, raw: string, index: number): void {
  const user = userValue(raw);
  if (user !== null) emit('user', user, index);
}

function emitNamespace(emit: Emit, raw: string, index: number): void {
  const ns = namespaceValue(raw);
  if (ns !== null) emit('namespace', ns, index);
}

// ---------------------------------------------------------------------------------------------
// Matching values back into texts

interface AcNode {
  next: Map<string, AcNode>;
  fail: AcNode | null;
  /** The value ending here (index into the matcher's values), or -1. */
  end: number;
  /** The nearest node down the fail chain that ends a value (dictionary suffix link). */
  out: AcNode | null;
}

/** An occurrence, in the original text's offsets. */
interface Match {
  start: number;
  end: number;
  value: number;
}

/**
 * A text as matching reads it, with where each character came from: a Markdown escape (`\-`)
 * is its character at the backslash's offset, Mermaid's `∶` is `:`. `at[view.length]` is the end.
 */
function matchView(text: string): { view: string; at: Int32Array } {
  const at = new Int32Array(text.length + 1);
  const out: string[] = [];
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text[i]!;
    at[k] = i;
    if (c === '\\' && i + 1 < text.length && isAsciiPunct(text[i + 1]!)) c = text[++i]!;
    else if (c === '\u2236') c = ':';
    out.push(c);
    k++;
  }
  at[k] = text.length;
  return { view: out.join(''), at: at.subarray(0, k + 1) };
}

/** Aho-Corasick over the values: every bounded occurrence in one pass over the text. */
class Matcher {
  private readonly root: AcNode = { next: new Map(), fail: null, end: -1, out: null };
  private readonly lastAlnum: boolean[];

  constructor(
    private readonly values: readonly string[],
    private readonly kinds: readonly RedactionKind[],
  ) {
    this.lastAlnum = values.map((v) => isAlnum(v[v.length - 1]));
    values.forEach((v, i) => {
      let node = this.root;
      // Code units: a surrogate pair is two steps here and in `find`.
      for (let k = 0; k < v.length; k++) {
        const u = v[k]!;
        let child = node.next.get(u);
        if (child === undefined) {
          child = { next: new Map(), fail: null, end: -1, out: null };
          node.next.set(u, child);
        }
        node = child;
      }
      node.end = i;
    });
    // Fail links breadth first.
    const queue: AcNode[] = [];
    for (const child of this.root.next.values()) {
      child.fail = this.root;
      queue.push(child);
    }
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      for (const [c, child] of node.next) {
        let f = node.fail;
        while (f !== null && !f.next.has(c)) f = f.fail;
        child.fail = f === null ? this.root : f.next.get(c)!;
        child.out = child.fail.end >= 0 ? child.fail : child.fail.out;
        queue.push(child);
      }
    }
  }

  /** Every occurrence (overlapping ones too) whose both edges stand on a boundary. */
  find(text: string): Match[] {
    const { view, at } = matchView(text);
    const out: Match[] = [];
    let node = this.root;
    for (let j = 0; j < view.length; j++) {
      const c = view[j]!;
      while (node !== this.root && !node.next.has(c)) node = node.fail!;
      node = node.next.get(c) ?? this.root;
      for (let hit: AcNode | null = node.end >= 0 ? node : node.out; hit !== null; hit = hit.out) {
        const v = hit.end;
        const start = j + 1 - this.values[v]!.length;
        const kind = this.kinds[v]!;
        // Like `\b`: every value starts with a letter or digit; its end needs a boundary only
        // where it ends in one (`abc@` may touch the host after it).
        if (blocks(kind, start > 0 ? view[start - 1] : undefined)) continue;
        if (this.lastAlnum[v] && blocks(kind, view[j + 1])) continue;
        out.push({ start: at[start]!, end: at[j + 1]!, value: v });
      }
    }
    return out;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * The occurrences to replace: longest value first, never overlapping one already taken (so a
 * short value never lands inside a longer one, nor inside a replacement).
 */
function selectMatches(matches: Match[], textLength: number): Match[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(textLength);
  const chosen: Match[] = [];
  for (const m of sorted) {
    // Every interval taken before is at least as long as this one, so one that overlaps it
    // covers its first or its last character.
    if (taken[m.start] === 1 || taken[m.end - 1] === 1) continue;
    taken.fill(1, m.start, m.end);
    chosen.push(m);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Pseudonyms

/** 1 -> a, 26 -> z, 27 -> aa (bijective base 26). */
function letters(n: number): string {
  let s = '';
  let k = n;
  while (k > 0) {
    const r = (k - 1) % 26;
    s = String.fromCharCode(97 + r) + s;
    k = Math.floor((k - 1) / 26);
  }
  return s;
}

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

const PSEUDONYM: Record<RedactionKind, (n: number) => string> = {
  hostname: (n) => `node-${n}`,
  // 10.0.0.1 .. 10.0.0.254, then 10.0.1.1...: never a .0 or .255.
  ipv4: (n) => {
    const host = ((n - 1) % 254) + 1;
    const net = Math.floor((n - 1) / 254);
    return `10.${(net >> 8) & 0xff}.${net & 0xff}.${host}`;
  },
  ipv6: (n) => `fd00::${n.toString(16)}`,
  mac: (n) => `02:00:00:${hex2(n >> 16)}:${hex2(n >> 8)}:${hex2(n)}`,
  email: (n) => `user${n}@example.invalid`,
  token: (n) => `[REDACTED-TOKEN-${n}]`,
  secret: (n) => `[REDACTED-SECRET-${n}]`,
  user: (n) => `user-${n}`,
  pod: (n) => `pod-${letters(n)}`,
  namespace: (n) => `ns-${letters(n)}`,
};

// Strings of a pseudonym's shape already in the document: a pseudonym must not be one of them
// (a real host called node-1 in a fixture, a real 10.0.0.1), or two things would read as one.
const PSEUDONYM_SHAPES =
  /node-\d+|\d+\.\d+\.\d+\.\d+|fd00::[0-9a-f]+|02:00:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}|user\d+@example\.invalid|\[REDACTED-(?:TOKEN|SECRET)-\d+\]|user-\d+|pod-[a-z]+|ns-[a-z]+/g;

// A value found as two kinds is the more specific one: a pod's name is also its hostname
// (`"hostname": "checkout-tkv49ntw2-qc86p"` in crictl inspect), a user's name may be a host's.
const KIND_PRIORITY: readonly RedactionKind[] = [
  'token',
  'secret',
  'email',
  'ipv6',
  'mac',
  'ipv4',
  'pod',
  'namespace',
  'hostname',
  'user',
];

// ---------------------------------------------------------------------------------------------
// API

/**
 * What to redact in a document's texts (its Markdown, diagram sources, footnote excerpts), with
 * one pseudonym per distinct value across all of them. Items come grouped by kind, each kind in
 * order of first appearance, all enabled. Inputs are not changed.
 */
export function findRedactions(texts: readonly string[], opts: RedactionOptions = {}): RedactionItem[] {
  const views = texts.map(readable);

  // 1. Candidates, by value; a value seen as two kinds keeps the earlier kind of REDACTION_KINDS
  //    (a token before a host, a host before a user).
  const byValue = new Map<string, Candidate>();
  const rank = (k: RedactionKind) => KIND_PRIORITY.indexOf(k);
  views.forEach((view, t) => {
    const emit: Emit = (kind, value, index, core, coreAt = 0) => {
      if (value === '' || !isAlnum(value[0])) return;
      const known = byValue.get(value);
      const order = t * 1e9 + index;
      if (known !== undefined && rank(kind) >= rank(known.kind)) return;
      const c = core ?? value;
      byValue.set(value, {
        kind,
        value,
        core: c,
        prefix: value.slice(0, coreAt),
        suffix: value.slice(coreAt + c.length),
        index: Math.min(order, known?.index ?? order),
      });
    };
    for (const d of DETECTORS) {
      if (d.pods === true && opts.podNames !== true) continue;
      d.re.lastIndex = 0;
      for (let m = d.re.exec(view); m !== null; m = d.re.exec(view)) {
        d.read(m, emit, view);
        if (m[0] === '') d.re.lastIndex++;
      }
    }
  });
  const candidates = [...byValue.values()];
  if (candidates.length === 0) return [];

  // 2. Count what applyRedactions would replace (longest first, no overlap) in the original texts.
  const matcher = new Matcher(
    candidates.map((c) => c.value),
    candidates.map((c) => c.kind),
  );
  const counts = new Array<number>(matcher.size).fill(0);
  const firstSeen = new Array<number>(matcher.size).fill(Number.POSITIVE_INFINITY);
  texts.forEach((text, t) => {
    for (const m of selectMatches(matcher.find(text), text.length)) {
      counts[m.value]! += 1;
      firstSeen[m.value] = Math.min(firstSeen[m.value]!, t * 1e9 + m.start);
    }
  });

  // 3. Pseudonyms in order of first appearance, skipping any the document already holds.
  const order = (k: RedactionKind) => REDACTION_KINDS.indexOf(k);
  const used = new Set<string>();
  for (const view of views) for (const s of view.match(PSEUDONYM_SHAPES) ?? []) used.add(s);
  for (const text of texts) for (const s of text.match(PSEUDONYM_SHAPES) ?? []) used.add(s);
  const kept = candidates
    .map((c, i) => ({ c, count: counts[i]!, first: firstSeen[i]! }))
    .filter((x) => x.count > 0)
    .sort((a, b) => order(a.c.kind) - order(b.c.kind) || a.first - b.first);
  const next = new Map<RedactionKind, number>();
  const byCore = new Map<string, string>();
  const pseudonymFor = (kind: RedactionKind, core: string): string => {
    const key = `${kind}:${core}`;
    const known = byCore.get(key);
    if (known !== undefined) return known;
    let n = next.get(kind) ?? 1;
    let p = PSEUDONYM[kind](n);
    while (used.has(p)) p = PSEUDONYM[kind](++n);
    next.set(kind, n + 1);
    used.add(p);
    byCore.set(key, p);
    return p;
  };
  return kept.map(({ c, count }) => {
    const pseudonym = pseudonymFor(c.kind, c.core);
    // A short secret's value is `key=secret`: the key stays, the secret goes.
    const replacement = `${c.prefix}${pseudonym}${c.suffix}`;
    return { id: `${c.kind}:${c.value}`, kind: c.kind, value: c.value, replacement, count, enabled: true };
  });
}

/**
 * `text` with every enabled item's value replaced by its replacement: longest value first, never
 * inside another replacement, across Markdown escapes. A disabled item stays as it was.
 */
export function applyRedactions(text: string, items: readonly RedactionItem[]): string {
  const enabled = items.filter((i) => i.enabled && i.value !== '' && isAlnum(i.value[0]));
  if (enabled.length === 0) return text;
  const matcher = new Matcher(
    enabled.map((i) => i.value),
    enabled.map((i) => i.kind),
  );
  const chosen = selectMatches(matcher.find(text), text.length);
  if (chosen.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const m of chosen) {
    parts.push(text.slice(at, m.start), enabled[m.value]!.replacement);
    at = m.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
