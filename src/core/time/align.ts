// Monotonic clocks to wall time, from evidence (DESIGN.md section 4, issue 4 part 1).
//
// Every source's seconds-since-boot split into boot domains (domains.ts). Domains of different
// sources that are the same boot are joined: the same journald boot id, or kernel lines matched
// by text whose monotonic times agree (to the µs for dmesg and the journal's own stamps; within
// journald's reception lag otherwise), which no two boots do by chance once the first seconds of
// boot are left out. Each joined boot gets one offset (wall µs = boot time + monotonic µs), fitted
// (fit.ts) from the strongest evidence it has:
//   (a) journal entries with both __REALTIME_TIMESTAMP and __MONOTONIC_TIMESTAMP (json, export,
//       verbose): exact pairs of the same boot  -> 'journal-monotonic';
//   (b) `journalctl -o short-monotonic` lines matched by text with a wall-clock form of the same
//       journal, or carrying a daemon's own zoned stamp                   -> 'short-monotonic';
//   (c) the same kernel record in a monotonic source (dmesg raw) and a wall-clock one (journal
//       kernel lines, dmesg -T / --time-format iso, syslog with imklog's uptime)  -> 'matched-text';
// then what the user decides: (d) a boot time typed per domain, (e) one line pinned to a wall time.
// Text is matched in two passes: first the texts each side holds once (one record, whatever the
// times), then, guided by that first fit, the texts that repeat (`guidedPairs`), and one refit.
// A boot with no evidence stays relative, except a source with a single domain when the other
// sources hold exactly one boot: it is assumed to be that boot, and the reason says so.
import type { BootAlignment, ClockDecision, ClockEvidence } from '../engine/engine-api.ts';
import { type FormatId, splitEventId } from '../model/event.ts';
import { lowerBound } from '../util/bounds.ts';
import { microsToIso } from '../util/time.ts';
import { UnionFind } from '../util/union-find.ts';
import { median } from './calendar.ts';
import { type ClockSource, eventId, formatOf, indexOfEventId } from './clock-source.ts';
import { type BootDomains, bootDomains, isGlobalBootId } from './domains.ts';
import { type Fit, fitOffset, pairInterval } from './fit.ts';
import { isJournalEntryFormat, STAMP_TRAITS } from './stamps.ts';
import { matchKeys, matchRepeated, type SharedTexts, swapShared } from './text-key.ts';

/** Two monotonic times of one kernel record in the same boot differ by less than this, seconds. */
export const LINK_TOLERANCE_S = 2;
/** Matches in the first seconds of a boot prove little (every boot prints the same lines then). */
export const EARLY_BOOT_S = 30;
/** Anchor pairs of one kind kept per domain (evenly spread): more only cost time. */
export const MAX_PAIRS_PER_DOMAIN = 20_000;
/** Lines matched by text read per pair of sources (evenly spread). */
export const MAX_MATCHES = 20_000;
/**
 * How long before its wall stamp a kernel record may have been printed when the stamp is the time
 * journald or rsyslog read it from the kernel (µs; the generator's lag is 41 µs, a loaded node's
 * can be ms: the fit takes the point most pairs share either way).
 */
export const RECEPTION_LAG_US = 1000;
/** How long after a daemon's own stamp journald may have received the line (its monotonic time), µs. */
export const DAEMON_LAG_US = 1000;
/** Anchor examples listed per domain. */
const EXAMPLES = 3;
/** The widest stamp that anchors (a whole second): bounds the search for a repeated text's copy, µs. */
const WIDEST_STAMP_US = Math.max(
  ...Object.values(STAMP_TRAITS)
    .filter((t) => t.anchor)
    .map((t) => t.precisionUs),
);

export interface SourceAlignment {
  domains: BootDomains;
  /** One per domain, in the order of `domains.domains`. */
  boots: BootAlignment[];
  /** Shift added to every wall time of the source (a pinned wall line or a typed shift), µs. */
  shiftUs: number;
  pinned?: { eventId: string; wallUs: number };
}

const KIND_EVIDENCE: ClockEvidence[] = ['journal-monotonic', 'short-monotonic', 'matched-text'];

/** Anchor pairs, column-wise. */
class Pairs {
  lo: number[] = [];
  hi: number[] = [];
  kind: number[] = [];
  monoSrc: number[] = [];
  monoIdx: number[] = [];
  wallSrc: number[] = [];
  wallIdx: number[] = [];
  monoUs: number[] = [];
  wallUs: number[] = [];
  /** Global domain of the monotonic side. */
  dom: number[] = [];
  add(
    kind: number,
    dom: number,
    ms: number,
    mi: number,
    monoUs: number,
    ws: number,
    wi: number,
    wallUs: number,
    precisionUs: number,
    earlyUs: number,
  ): void {
    const [lo, hi] = pairInterval(wallUs, precisionUs, monoUs, earlyUs);
    this.lo.push(lo);
    this.hi.push(hi);
    this.kind.push(kind);
    this.dom.push(dom);
    this.monoSrc.push(ms);
    this.monoIdx.push(mi);
    this.monoUs.push(monoUs);
    this.wallSrc.push(ws);
    this.wallIdx.push(wi);
    this.wallUs.push(wallUs);
  }
  get length(): number {
    return this.lo.length;
  }
}

/** Joined boot domains; a join that would put two boots in one is refused. */
class BootUnion extends UnionFind {
  /** Per root: the sources of its domains, and the journald boot id it has (if any). */
  private readonly sources: Set<number>[];
  private readonly bootId: (string | undefined)[];
  constructor(srcOf: Int32Array, names: string[]) {
    super(srcOf.length);
    this.sources = [];
    this.bootId = [];
    for (let i = 0; i < srcOf.length; i++) {
      this.sources.push(new Set([srcOf[i]]));
      this.bootId.push(isGlobalBootId(names[i]) ? names[i] : undefined);
    }
  }
  /** Joins the boots of a and b; false when they are one already or cannot be one. */
  override union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const ia = this.bootId[ra];
    const ib = this.bootId[rb];
    if (ia !== undefined && ib !== undefined && ia !== ib) return false;
    for (const s of this.sources[rb]) if (this.sources[ra].has(s)) return false;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    for (const s of this.sources[child]) this.sources[root].add(s);
    this.bootId[root] = ia ?? ib;
    return true;
  }
}

/** Kernel-line evidence that two domains (of different sources) are one boot. */
interface LinkStats {
  /** Matches past the first seconds of boot, and how many of them agree. */
  late: number;
  lateAgree: number;
  /** |Δ monotonic| of the agreeing pairs, µs. */
  deltas: number[];
}

const monoUsOf = (s: number): number => Math.round(s * 1_000_000);

interface Codes {
  exact: number;
  inferred: number;
}

function wallUsable(s: ClockSource, i: number, codes: Codes): boolean {
  const q = s.quality[i];
  if ((q !== codes.exact && q !== codes.inferred) || Number.isNaN(s.time[i])) return false;
  return STAMP_TRAITS[formatOf(s, i)].anchor;
}

/** Events with both clocks per domain, evenly spread (at most MAX_PAIRS_PER_DOMAIN each). */
const selfCache = new WeakMap<ClockSource, Map<number, number[]>>();

function selfPairsOf(s: ClockSource, d: BootDomains, codes: Codes): Map<number, number[]> {
  const hit = selfCache.get(s);
  if (hit) return hit;
  const of = d.of;
  const perDom = new Map<number, number[]>();
  for (let i = 0; i < s.count; i++) {
    if (of[i] < 0 || !wallUsable(s, i, codes)) continue;
    let list = perDom.get(of[i]);
    if (!list) {
      list = [];
      perDom.set(of[i], list);
    }
    list.push(i);
  }
  for (const [dom, list] of perDom) {
    const stride = Math.ceil(list.length / MAX_PAIRS_PER_DOMAIN);
    if (stride > 1)
      perDom.set(
        dom,
        list.filter((_, n) => n % stride === 0),
      );
  }
  selfCache.set(s, perDom);
  return perDom;
}

interface Roles {
  /** Some event has a monotonic time (it can prove a boot). */
  mono: boolean;
  /** Some event has only a monotonic time (it needs aligning). */
  relative: boolean;
  /** Some event has a wall time good enough to anchor. */
  wall: boolean;
}

const rolesCache = new WeakMap<ClockSource, Roles>();

/**
 * What a source can take part in: links need monotonic times on both sides, anchors a
 * monotonic-only line on one side and a dated one on the other.
 */
function rolesOf(s: ClockSource, codes: Codes): Roles {
  const hit = rolesCache.get(s);
  if (hit) return hit;
  const r: Roles = { mono: false, relative: false, wall: false };
  for (let i = 0; i < s.count; i++) {
    const m = !Number.isNaN(s.mono[i]);
    r.mono ||= m;
    if (m && Number.isNaN(s.time[i])) r.relative = true;
    else if (!r.wall && wallUsable(s, i, codes)) r.wall = true;
    if (r.mono && r.relative && r.wall) break;
  }
  rolesCache.set(s, r);
  return r;
}

/** Domains per source: its columns never change, and alignment runs after every decision. */
const domainCache = new WeakMap<ClockSource, BootDomains>();

function domainsOf(s: ClockSource): BootDomains {
  let d = domainCache.get(s);
  if (!d) {
    d = bootDomains(s.count, s.mono, s.boot, s.bootNames);
    domainCache.set(s, d);
  }
  return d;
}

/** A wall stamp taken when a logger read the record, next to the kernel's own monotonic time. */
function receivedLate(monoFormat: FormatId, wallFormat: FormatId): boolean {
  const logged = wallFormat.startsWith('journalctl-') || wallFormat.startsWith('syslog-');
  // journald's own monotonic time is its reading time too.
  const kernelClock = !monoFormat.startsWith('journalctl-');
  return logged && kernelClock;
}

function fmtUs(us: number): string {
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(a)} µs`;
  if (a < 1_000_000) return `${(a / 1000).toFixed(a < 10_000 ? 1 : 0)} ms`;
  return `${(a / 1_000_000).toFixed(a < 10_000_000 ? 2 : 0)} s`;
}

/**
 * Aligns every source's monotonic clock domains. `decisions[k]` is what the user set for source
 * k (boot times per domain, a pinned line, a shift).
 */
export function alignBoots(
  sources: readonly ClockSource[],
  decisions: readonly (ClockDecision | undefined)[],
  /** Ids of sources whose wall times rest on an assumed zone (nothing confirmed it): said in the reasons. */
  assumedZone: ReadonlySet<string> = new Set(),
  /**
   * Per source, the boots the user accepted as they were shown (by boot name), for a decision
   * with `accepted`: they stay as they were, whatever the evidence says now.
   */
  accepted: readonly (Readonly<Record<string, BootAlignment>> | undefined)[] = [],
): SourceAlignment[] {
  const codes = sources.map((s) => ({
    exact: s.qualities.indexOf('exact'),
    inferred: s.qualities.indexOf('inferred'),
  }));
  const doms = sources.map(domainsOf);
  // Global domain ids: base[k] + local index.
  const base: number[] = [];
  let total = 0;
  for (const d of doms) {
    base.push(total);
    total += d.domains.length;
  }
  const srcOf = new Int32Array(total);
  const names: string[] = [];
  doms.forEach((d, k) => {
    for (let j = 0; j < d.domains.length; j++) {
      srcOf[base[k] + j] = k;
      names.push(d.domains[j].name);
    }
  });
  const uf = new BootUnion(srcOf, names);
  // The same journald boot id in two sources is one boot.
  const byId = new Map<string, number>();
  doms.forEach((d, k) => {
    d.domains.forEach((dom, j) => {
      if (!isGlobalBootId(dom.name)) return;
      const g = base[k] + j;
      const other = byId.get(dom.name);
      if (other === undefined) byId.set(dom.name, g);
      else uf.union(other, g);
    });
  });

  const pairs = new Pairs();
  // (a) and the imklog lines of syslog: entries carrying both clocks.
  sources.forEach((s, k) => {
    for (const [d, list] of selfPairsOf(s, doms[k], codes[k])) {
      for (const i of list) {
        const f = formatOf(s, i);
        const kind = s.quality[i] === codes[k].exact && isJournalEntryFormat(f) ? 0 : 2;
        // A journal entry's two clocks are both journald's; imklog's uptime is the kernel's.
        const early = receivedLate(f, f) ? RECEPTION_LAG_US : 0;
        pairs.add(
          kind,
          base[k] + d,
          k,
          i,
          monoUsOf(s.mono[i]),
          k,
          i,
          s.time[i],
          STAMP_TRAITS[f].precisionUs,
          early,
        );
      }
    }
    // (b) a daemon's zoned stamp inside a line that only has a monotonic time.
    const emb = s.embedded;
    const of = doms[k].of;
    const step = Math.max(1, emb.index.length / MAX_PAIRS_PER_DOMAIN);
    for (let p = 0; p < emb.index.length; p += step) {
      const n = Math.floor(p);
      const i = emb.index[n];
      if (of[i] < 0 || !Number.isNaN(s.time[i])) continue;
      const kind = formatOf(s, i) === 'journalctl-short-monotonic' ? 1 : 2;
      pairs.add(kind, base[k] + of[i], k, i, monoUsOf(s.mono[i]), k, i, emb.wall[n], DAEMON_LAG_US, 0);
    }
  });

  // Lines matched by text between every two sources: links between boots, and anchors (b), (c).
  const links = new Map<number, LinkStats>();
  const roles = sources.map((s, k) => rolesOf(s, codes[k]));
  // A monotonic-only line next to a dated one.
  const addMatched = (ks: number, mIdx: number, kw: number, wIdx: number): void => {
    const ms = sources[ks];
    const ws = sources[kw];
    const d = doms[ks].of[mIdx];
    if (d < 0 || !Number.isNaN(ms.time[mIdx]) || !wallUsable(ws, wIdx, codes[kw])) return;
    const mf = formatOf(ms, mIdx);
    const wf = formatOf(ws, wIdx);
    pairs.add(
      mf === 'journalctl-short-monotonic' ? 1 : 2,
      base[ks] + d,
      ks,
      mIdx,
      monoUsOf(ms.mono[mIdx]),
      kw,
      wIdx,
      ws.time[wIdx],
      STAMP_TRAITS[wf].precisionUs,
      receivedLate(mf, wf) ? RECEPTION_LAG_US : 0,
    );
  };
  /** Pairs of sources one of which can anchor the other: the second pass looks at them again. */
  const anchoring: [number, number][] = [];
  for (let a = 0; a < sources.length; a++) {
    for (let b = a + 1; b < sources.length; b++) {
      const S = sources[a];
      const T = sources[b];
      const ra = roles[a];
      const rb = roles[b];
      if ((ra.relative && rb.wall) || (rb.relative && ra.wall)) anchoring.push([a, b]);
      if (S.keys.key.length === 0 || T.keys.key.length === 0) continue;
      if (!(ra.mono && rb.mono) && !(ra.relative && rb.wall) && !(rb.relative && ra.wall)) continue;
      const m = matchKeys(S.keys, T.keys);
      // Evenly spread, at most MAX_MATCHES: a fit or a proof of boot gains nothing from more.
      const step = Math.max(1, m.a.length / MAX_MATCHES);
      for (let p = 0; p < m.a.length; p += step) {
        const n = Math.floor(p);
        const i = m.a[n];
        const j = m.b[n];
        const mi = S.mono[i];
        const mj = T.mono[j];
        const di = doms[a].of[i];
        const dj = doms[b].of[j];
        if (!Number.isNaN(mi) && !Number.isNaN(mj) && di >= 0 && dj >= 0) {
          const key = (base[a] + di) * total + base[b] + dj;
          let st = links.get(key);
          if (!st) {
            st = { late: 0, lateAgree: 0, deltas: [] };
            links.set(key, st);
          }
          const delta = Math.abs(mi - mj);
          const ok = delta <= LINK_TOLERANCE_S;
          if (ok) st.deltas.push(delta * 1_000_000);
          if (Math.max(mi, mj) >= EARLY_BOOT_S) {
            st.late++;
            if (ok) st.lateAgree++;
          }
        }
        if (!Number.isNaN(mi)) addMatched(a, i, b, j);
        if (!Number.isNaN(mj)) addMatched(b, j, a, i);
      }
    }
  }

  // Join the boots the kernel lines prove, strongest proof first: most of the matches past the
  // first seconds of boot agree. Never into one boot: two domains of one source (they are
  // different boots by construction) or two different journald boot ids.
  const adj = new Map<number, { to: number; agree: number; delta: number }[]>();
  const candidates: { gi: number; gj: number; agree: number; delta: number }[] = [];
  for (const [key, st] of links) {
    if (st.lateAgree < 1 || st.lateAgree * 2 < st.late) continue;
    const gi = Math.floor(key / total);
    const gj = key - gi * total;
    candidates.push({ gi, gj, agree: st.lateAgree, delta: median(st.deltas) });
  }
  candidates.sort((x, y) => y.agree - x.agree || x.delta - y.delta);
  for (const c of candidates) {
    if (!uf.union(c.gi, c.gj)) continue;
    for (const [x, y] of [
      [c.gi, c.gj],
      [c.gj, c.gi],
    ]) {
      const list = adj.get(x) ?? [];
      list.push({ to: y, agree: c.agree, delta: c.delta });
      adj.set(x, list);
    }
  }
  /**
   * How a domain without anchors of its own is tied to the ones that have them: the smallest sum
   * of monotonic differences along the joins (µs), and the matches of the first join.
   */
  const linkTo = (g: number, owners: Set<number>): { delta: number; agree: number } | null => {
    const best = new Map<number, { delta: number; agree: number }>([[g, { delta: 0, agree: 0 }]]);
    const queue = [g];
    let found: { delta: number; agree: number } | null = null;
    while (queue.length > 0) {
      const x = queue.shift() as number;
      const here = best.get(x) as { delta: number; agree: number };
      for (const e of adj.get(x) ?? []) {
        const v = { delta: here.delta + e.delta, agree: x === g ? e.agree : here.agree };
        const seen = best.get(e.to);
        if (seen && seen.delta <= v.delta) continue;
        best.set(e.to, v);
        queue.push(e.to);
        if (owners.has(e.to) && (!found || v.delta < found.delta)) found = v;
      }
    }
    return found;
  };

  // One fit per joined boot.
  const members = new Map<number, number[]>();
  for (let k = 0; k < pairs.length; k++) {
    const root = uf.find(pairs.dom[k]);
    let list = members.get(root);
    if (!list) {
      list = [];
      members.set(root, list);
    }
    list.push(k);
  }
  /** Per joined boot: the fit, the pairs it agrees with, the strongest evidence among them, the pairs tried. */
  const fits = new Map<number, BootFit>();
  for (const [root, list] of members) {
    const f = fitPairs(pairs, list);
    if (f) fits.set(root, f);
  }
  // Second pass: repeated texts, paired where the first fit says they happened.
  const guided = guidedPairs(sources, doms, base, codes, anchoring, pairs, (g) => {
    const f = fits.get(uf.find(g));
    return f && f.evidence !== 'journal-monotonic' && f.fit.uncertainty > RECEPTION_LAG_US
      ? f.fit
      : undefined;
  });
  const gained = new Set<number>();
  for (const k of guided) {
    const root = uf.find(pairs.dom[k]);
    members.get(root)?.push(k);
    gained.add(root);
  }
  const isGuided = new Set(guided);
  for (const root of gained) {
    const first = fits.get(root);
    const f = fitPairs(pairs, members.get(root) ?? []);
    // The guided pairs were chosen inside the first fit's window: a refit outside it would rest
    // on wrong copies, and the first fit stands.
    if (
      !first ||
      !f ||
      Math.abs(f.fit.offset - first.fit.offset) > first.fit.uncertainty + first.fit.tolerance
    )
      continue;
    f.guided = f.used.filter((k) => isGuided.has(k)).length;
    fits.set(root, f);
  }

  const out: SourceAlignment[] = sources.map((_s, k) => {
    const d = doms[k];
    const boots = d.domains.map((dom, j): BootAlignment => {
      const g = base[k] + j;
      const f = fits.get(uf.find(g));
      if (!f) {
        return {
          boot: dom.name,
          events: dom.events,
          bootTimeUs: null,
          anchors: 0,
          residualUs: null,
          uncertaintyUs: null,
          evidence: 'none',
          anchorSources: [],
          examples: [],
          decidedBy: 'none',
          reason:
            'No evidence: none of its lines matches a dated source. Type its boot time or pin one of its lines to a wall time.',
        };
      }
      const own = f.used.filter((p) => pairs.dom[p] === g);
      const linked = own.length === 0 ? linkTo(g, new Set(f.used.map((p) => pairs.dom[p]))) : null;
      const uncertainty = f.fit.uncertainty + (linked ? Math.round(linked.delta) : 0);
      const wallSources = [...new Set(f.used.map((p) => pairs.wallSrc[p]))];
      const show = (own.length > 0 ? own : f.used).slice(0, EXAMPLES);
      const examples = show.map((p) => {
        const ms = sources[pairs.monoSrc[p]];
        const ws = sources[pairs.wallSrc[p]];
        return {
          monoEventId: eventId(ms, pairs.monoIdx[p]),
          wallEventId: eventId(ws, pairs.wallIdx[p]),
          deltaUs: pairs.wallUs[p] - (f.fit.offset + pairs.monoUs[p]),
        };
      });
      const from = wallSources.map((w) => sources[w].name).join(', ');
      let reason: string;
      const count = f.fit.used < f.of ? `${f.fit.used} of ${f.of}` : `${f.fit.used}`;
      if (f.evidence === 'journal-monotonic') {
        reason = `Fitted from ${count} journal entries that carry both clocks (${from})`;
      } else {
        // Pairs within one line (imklog's uptime, a daemon's own stamp) and pairs of two lines.
        const inLine = (p: number) =>
          pairs.monoSrc[p] === pairs.wallSrc[p] && pairs.monoIdx[p] === pairs.wallIdx[p];
        const within = f.used.filter(inLine);
        const across = f.used.filter((p) => !inLine(p));
        const parts: string[] = [];
        if (across.length)
          parts.push(
            `${across.length} lines matched by text with dated lines of ${[...new Set(across.map((p) => sources[pairs.wallSrc[p]].name))].join(', ')}${
              f.guided > 0
                ? ` (${f.guided} of them repeated texts, each paired with the one copy whose stamp fits the time a first fit of the once-only texts gave it)`
                : ''
            }`,
          );
        if (within.length)
          parts.push(
            `${within.length} lines of ${[...new Set(within.map((p) => sources[pairs.wallSrc[p]].name))].join(', ')} that carry a wall time of their own (an uptime next to a syslog stamp, a daemon's zoned stamp)`,
          );
        reason = `Fitted from ${count} pairs: ${parts.join(' and ')}`;
      }
      reason += ` (±${fmtUs(f.fit.uncertainty)}, residual ${fmtUs(f.fit.residual)}).`;
      const assumed = wallSources.filter((w) => assumedZone.has(sources[w].id)).map((w) => sources[w].name);
      if (assumed.length)
        reason += ` The zone of ${assumed.join(', ')} is assumed, not learned: a wrong one moves this boot by as much.`;
      if (linked)
        reason += ` ${linked.agree} of its kernel lines have the same monotonic time there (within ${fmtUs(linked.delta)}): the same boot.`;
      return {
        boot: dom.name,
        events: dom.events,
        bootTimeUs: f.fit.offset,
        anchors: own.length > 0 ? own.length : f.fit.used,
        residualUs: Math.round(f.fit.residual),
        uncertaintyUs: uncertainty,
        evidence: f.evidence,
        anchorSources: wallSources.map((w) => sources[w].id),
        examples,
        decidedBy: 'evidence',
        reason,
      };
    });
    return { domains: d, boots, shiftUs: 0 };
  });

  // A lone domain with no evidence, when the other sources hold exactly one boot: assumed to be it.
  const fitted = [...fits.keys()];
  if (fitted.length === 1) {
    const only = fits.get(fitted[0]);
    out.forEach((a, k) => {
      if (!only || a.boots.length !== 1 || a.boots[0].bootTimeUs !== null) return;
      const s = sources[k];
      const of = a.domains.of;
      let relative = false;
      for (let i = 0; i < s.count && !relative; i++) relative = of[i] >= 0 && Number.isNaN(s.time[i]);
      if (!relative) return;
      const names = [...new Set(only.used.map((p) => sources[pairs.wallSrc[p]].name))].join(', ');
      a.boots[0] = {
        ...a.boots[0],
        bootTimeUs: only.fit.offset,
        anchors: 0,
        residualUs: null,
        uncertaintyUs: only.fit.uncertainty,
        evidence: only.evidence,
        anchorSources: [...new Set(only.used.map((p) => sources[pairs.wallSrc[p]].id))],
        decidedBy: 'evidence',
        reason: `Assumed to be the one boot of ${names}: no kernel line matches to prove it (a different boot would be off by the time between the boots).`,
      };
    });
  }

  // The user's decisions.
  out.forEach((a, k) => {
    const dec = decisions[k];
    if (!dec) return;
    const s = sources[k];
    const residualAgainst = (g: number, bootTime: number): number | null => {
      const f = fits.get(uf.find(g));
      if (!f || f.used.length === 0) return null;
      let sq = 0;
      for (const p of f.used) {
        const off = bootTime;
        const dd = off < pairs.lo[p] ? pairs.lo[p] - off : off > pairs.hi[p] ? off - pairs.hi[p] : 0;
        sq += dd * dd;
      }
      return Math.round(Math.sqrt(sq / f.used.length));
    };
    const frozen = dec.accepted ? accepted[k] : undefined;
    if (frozen) {
      const present = new Set(sources.map((x) => x.id));
      a.boots.forEach((b, j) => {
        const f = frozen[b.boot];
        if (f && f.bootTimeUs !== null) a.boots[j] = acceptedAsShown(f, b.events, present);
      });
    }
    const typed = dec.bootTimes ?? {};
    a.boots.forEach((b, j) => {
      const v = typed[b.boot];
      if (v === undefined || !Number.isFinite(v)) return;
      a.boots[j] = {
        ...b,
        bootTimeUs: Math.round(v),
        residualUs: residualAgainst(base[k] + j, v),
        uncertaintyUs: null,
        evidence: 'user-boot-time',
        decidedBy: 'user',
        reason: `Boot time set by you: ${microsToIso(Math.round(v))}.`,
      };
    });
    if (dec.pin) {
      const i = indexOfEventId(s, dec.pin.eventId);
      if (i >= 0) {
        const d = a.domains.of[i];
        if (d >= 0 && Number.isNaN(s.time[i])) {
          const bootTime = Math.round(dec.pin.wallUs - monoUsOf(s.mono[i]));
          a.boots[d] = {
            ...a.boots[d],
            bootTimeUs: bootTime,
            residualUs: residualAgainst(base[k] + d, bootTime),
            uncertaintyUs: null,
            evidence: 'pinned-line',
            decidedBy: 'user',
            reason: `Line ${s.line[i]} pinned by you to ${microsToIso(dec.pin.wallUs)}.`,
          };
          a.pinned = { eventId: dec.pin.eventId, wallUs: dec.pin.wallUs };
        } else if (!Number.isNaN(s.time[i])) {
          a.shiftUs = Math.round(dec.pin.wallUs - s.time[i]);
          a.pinned = { eventId: dec.pin.eventId, wallUs: dec.pin.wallUs };
        }
      }
    }
    if (!a.pinned && dec.shiftUs !== undefined && Number.isFinite(dec.shiftUs))
      a.shiftUs = Math.round(dec.shiftUs);
  });
  return out;
}

/**
 * A boot the user accepted as it was shown: its evidence, anchors, residual and uncertainty as
 * they were then (a source they came from may be gone since), the reason saying so.
 */
function acceptedAsShown(b: BootAlignment, events: number, present: ReadonlySet<string>): BootAlignment {
  const here = (eventId: string) => present.has(splitEventId(eventId)?.sourceId ?? '');
  const gone = b.anchorSources.filter((id) => !present.has(id));
  const was = b.reason ? ` ${b.reason}` : '';
  return {
    ...b,
    events,
    examples: b.examples.filter((x) => here(x.monoEventId) && here(x.wallEventId)),
    reason: `Accepted by you as shown.${was}${gone.length > 0 ? ` (${gone.join(', ')} ${gone.length > 1 ? 'have' : 'has'} been removed since; the accepted boot time stays.)` : ''}`,
  };
}

/** A joined boot's fit: the pairs it agrees with, the strongest evidence among them, the pairs tried. */
interface BootFit {
  fit: Fit;
  used: number[];
  evidence: ClockEvidence;
  of: number;
  /** Of `used`, the pairs of repeated texts the second pass made. */
  guided: number;
}

/** The fit of one joined boot from its pairs: from the exact ones (kind 0) when it has any. */
function fitPairs(pairs: Pairs, list: number[]): BootFit | null {
  const exact = list.filter((k) => pairs.kind[k] === 0);
  const chosen = exact.length > 0 ? exact : list;
  const fit = fitOffset(
    chosen.map((k) => pairs.lo[k]),
    chosen.map((k) => pairs.hi[k]),
  );
  if (!fit) return null;
  const used = chosen.filter((_, n) => fit.inliers[n] === 1);
  const strongest = used.reduce((m, k) => Math.min(m, pairs.kind[k]), 2);
  return { fit, used, evidence: KIND_EVIDENCE[strongest], of: chosen.length, guided: 0 };
}

/** Some events of one shared text, ordered by a time (µs) each has, for window searches. */
interface ByTime {
  t: Float64Array;
  idx: Uint32Array;
}

/** Events `list[from..to)` by `time(i)` (NaN: left out); already in order in a log, else sorted. */
function byTime(list: Uint32Array, from: number, to: number, time: (i: number) => number): ByTime {
  const idx: number[] = [];
  const t: number[] = [];
  let ordered = true;
  for (let p = from; p < to; p++) {
    const x = time(list[p]);
    if (Number.isNaN(x)) continue;
    if (t.length > 0 && x < t[t.length - 1]) ordered = false;
    idx.push(list[p]);
    t.push(x);
  }
  if (ordered) return { t: Float64Array.from(t), idx: Uint32Array.from(idx) };
  const order = idx.map((_, k) => k).sort((x, y) => t[x] - t[y]);
  return { t: Float64Array.from(order, (k) => t[k]), idx: Uint32Array.from(order, (k) => idx[k]) };
}

/** Copies of a text looked at per side to judge whether both sources hold its records. */
const SHARED_SAMPLE = 64;

/**
 * The second pass of text matching (guided): the texts a source repeats. Matched once-only texts
 * may cluster in the first second of boot (later kernel messages repeat: link flaps, OOM kills,
 * call traces), where whole-second stamps barely narrow the offset. The first fit predicts each
 * repeated monotonic line's wall time; the one copy of the text in the dated source whose stamp
 * allows that time, give or take the first fit's uncertainty (its window), is its record, when
 * exactly one does and no other monotonic copy fits that stamp too. A text is used only when the
 * two sources hold the same records of it: most of its copies, on each side, within the span
 * both cover, find a copy on the other side. A text each file draws on its own (background
 * noise) pairs only by chance, and a chance pair inside the window would cut the fit wrongly.
 * At most MAX_MATCHES monotonic lines per pair of sources, evenly spread. Returns the indices of
 * the pairs added.
 */
function guidedPairs(
  sources: readonly ClockSource[],
  doms: readonly BootDomains[],
  base: readonly number[],
  codes: readonly Codes[],
  anchoring: readonly [number, number][],
  pairs: Pairs,
  /** The first fit a domain (global id) is to be guided by, or undefined: not guided. */
  guideOf: (g: number) => Fit | undefined,
): number[] {
  const added: number[] = [];
  // Per source, the guide of each of its domains; only sources with one are looked at (nothing
  // is matched for a boot fitted from the journal's own clocks or from µs stamps).
  const guides = sources.map((_, k) => doms[k].domains.map((_, d) => guideOf(base[k] + d)));
  const guided = guides.map((g) => g.some((f) => f !== undefined));
  /** The pairs of one direction (repeated lines of km, dated copies in kw), computed or cached. */
  const run = (km: number, kw: number, shared: () => SharedTexts): void => {
    const ms = sources[km];
    const ws = sources[kw];
    const sig = guides[km].map((f) => (f ? `${f.offset},${f.uncertainty},${f.tolerance}` : '-')).join(';');
    let byWall = guidedCache.get(ms);
    if (!byWall) {
      byWall = new WeakMap();
      guidedCache.set(ms, byWall);
    }
    let hit = byWall.get(ws);
    if (!hit || hit.sig !== sig) {
      hit = { sig, found: guidedDirection(ms, ws, codes[kw], doms[km].of, guides[km], shared()) };
      byWall.set(ws, hit);
    }
    const found = hit.found;
    for (let p = 0; p < found.length; p += 4) {
      const i = found[p];
      const j = found[p + 1];
      added.push(pairs.length);
      pairs.add(
        formatOf(ms, i) === 'journalctl-short-monotonic' ? 1 : 2,
        base[km] + doms[km].of[i],
        km,
        i,
        monoUsOf(ms.mono[i]),
        kw,
        j,
        ws.time[j],
        found[p + 2],
        found[p + 3],
      );
    }
  };
  for (const [a, b] of anchoring) {
    if (!guided[a] && !guided[b]) continue;
    const S = sources[a];
    const T = sources[b];
    const m = () =>
      matchRepeated({ unique: S.keys, repeated: S.repeated }, { unique: T.keys, repeated: T.repeated });
    if (guided[a]) run(a, b, m);
    if (guided[b]) run(b, a, () => swapShared(m()));
  }
  return added;
}

/**
 * The guided pairs of one direction, per monotonic source, dated source and guides (a decision
 * elsewhere re-runs alignment with the same first fits: nothing to redo).
 */
const guidedCache = new WeakMap<ClockSource, WeakMap<ClockSource, { sig: string; found: Float64Array }>>();

/**
 * `guidedPairs` for the repeated lines of `ms` and their dated copies in `ws`: [monotonic event,
 * dated event, stamp precision, early allowance] per pair, flat.
 */
function guidedDirection(
  ms: ClockSource,
  ws: ClockSource,
  wsCodes: Codes,
  of: Int32Array,
  guides: readonly (Fit | undefined)[],
  shared: SharedTexts,
): Float64Array {
  const out: number[] = [];
  /** The guide of a monotonic-only line, or undefined when it is not to be guided. */
  const guide = (i: number): Fit | undefined =>
    of[i] >= 0 && Number.isNaN(ms.time[i]) && !Number.isNaN(ms.mono[i]) ? guides[of[i]] : undefined;
  const predicted = (i: number): number => {
    const f = guide(i);
    return f ? f.offset + monoUsOf(ms.mono[i]) : Number.NaN;
  };
  const wallTime = (j: number): number => (wallUsable(ws, j, wsCodes) ? ws.time[j] : Number.NaN);
  // The span both sides cover (predicted wall time), the widest window, the lines to spread over.
  let eligible = 0;
  let widest = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < shared.aIdx.length; p++) {
    const i = shared.aIdx[p];
    const f = guide(i);
    if (!f) continue;
    eligible++;
    widest = Math.max(widest, f.uncertainty + f.tolerance);
    const t = f.offset + monoUsOf(ms.mono[i]);
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (eligible === 0) return new Float64Array(0);
  let wLo = Number.POSITIVE_INFINITY;
  let wHi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < shared.bIdx.length; p++) {
    const t = wallTime(shared.bIdx[p]);
    if (Number.isNaN(t)) continue;
    wLo = Math.min(wLo, t);
    wHi = Math.max(wHi, t);
  }
  lo = Math.max(lo, wLo);
  hi = Math.min(hi, wHi);
  if (lo > hi) return new Float64Array(0);

  /** Whether the pair (i, j) is possible: its interval, widened by i's window, holds i's guide. */
  const fits = (i: number, f: Fit, j: number): { precision: number; early: number } | null => {
    const wf = formatOf(ws, j);
    const precision = STAMP_TRAITS[wf].precisionUs;
    const early = receivedLate(formatOf(ms, i), wf) ? RECEPTION_LAG_US : 0;
    const [pLo, pHi] = pairInterval(ws.time[j], precision, monoUsOf(ms.mono[i]), early);
    const w = f.uncertainty + f.tolerance;
    return pLo - w <= f.offset && f.offset <= pHi + w ? { precision, early } : null;
  };
  /** The wall copies whose stamp allows monotonic copy i: how many (0, 1, 2 for several), and the one. */
  const wallsFor = (walls: ByTime, i: number, f: Fit) => {
    const pred = f.offset + monoUsOf(ms.mono[i]);
    const w = f.uncertainty + f.tolerance;
    let n = 0;
    let j = -1;
    let how: { precision: number; early: number } | null = null;
    // A stamp W of precision p holds `pred` when W is in [pred - w - p + 1, pred + w + early].
    for (let q = lowerBound(walls.t, pred - w - WIDEST_STAMP_US); q < walls.t.length && n < 2; q++) {
      if (walls.t[q] > pred + w + RECEPTION_LAG_US) break;
      const h = fits(i, f, walls.idx[q]);
      if (!h) continue;
      n++;
      j = walls.idx[q];
      how = h;
    }
    return { n, j, how };
  };
  /** How many monotonic copies (0, 1, 2 for several) wall copy j's stamp allows. */
  const monosFor = (monos: ByTime, j: number): number => {
    const wall = ws.time[j];
    let n = 0;
    for (let q = lowerBound(monos.t, wall - RECEPTION_LAG_US - widest); q < monos.t.length && n < 2; q++) {
      if (monos.t[q] > wall + WIDEST_STAMP_US + widest) break;
      const i = monos.idx[q];
      const f = guide(i);
      if (f && fits(i, f, j)) n++;
    }
    return n;
  };
  /** Copies of the text on one side, within the common span, that find none on the other: at most a quarter. */
  const mostFound = (copies: ByTime, found: (k: number) => boolean): boolean => {
    const from = lowerBound(copies.t, lo);
    const to = lowerBound(copies.t, hi + 1);
    const n = to - from;
    if (n <= 0) return true;
    const step = Math.max(1, n / SHARED_SAMPLE);
    let looked = 0;
    let missing = 0;
    for (let p = from; p < to; p += step) {
      looked++;
      if (!found(Math.floor(p))) missing++;
    }
    return missing * 4 <= looked;
  };

  const step = Math.max(1, eligible / MAX_MATCHES);
  let seen = 0;
  let next = 0;
  const picked: number[] = [];
  for (let s = 0; s + 1 < shared.aStart.length; s++) {
    const a0 = shared.aStart[s];
    const a1 = shared.aStart[s + 1];
    picked.length = 0;
    for (let p = a0; p < a1; p++) {
      const i = shared.aIdx[p];
      if (!guide(i) || seen++ < next) continue;
      next += step;
      picked.push(i);
    }
    if (picked.length === 0) continue;
    const walls = byTime(shared.bIdx, shared.bStart[s], shared.bStart[s + 1], wallTime);
    const monos = byTime(shared.aIdx, a0, a1, predicted);
    const held =
      mostFound(monos, (k) => {
        const i = monos.idx[k];
        const f = guide(i);
        return f !== undefined && wallsFor(walls, i, f).n > 0;
      }) && mostFound(walls, (k) => monosFor(monos, walls.idx[k]) > 0);
    if (!held) continue;
    for (const i of picked) {
      const f = guide(i);
      if (!f) continue;
      const { n, j, how } = wallsFor(walls, i, f);
      // One copy only, and no other monotonic copy fits its stamp (one record printed twice
      // in a second, the dated source holding only one of them).
      if (n !== 1 || !how || monosFor(monos, j) !== 1) continue;
      out.push(i, j, how.precision, how.early);
    }
  }
  return Float64Array.from(out);
}

export interface AlignedTimes {
  time: Float64Array;
  quality: Uint8Array;
  rangeLo: Float64Array | null;
  rangeHi: Float64Array | null;
}

/**
 * The time columns of `s` after alignment: monotonic-only events of an aligned domain get
 * `boot time + monotonic` (quality 'aligned', time range ± the uncertainty), a shifted source's
 * wall times move by the shift (quality 'aligned'). Null when nothing changes.
 */
export function alignedTimes(s: ClockSource, a: SourceAlignment): AlignedTimes | null {
  const aligned = s.qualities.indexOf('aligned');
  const boots = a.boots.map((b) => b.bootTimeUs);
  const unc = a.boots.map((b) => b.uncertaintyUs);
  const changes = a.shiftUs !== 0 || boots.some((b, d) => b !== null && hasRelative(s, a.domains.of, d));
  if (!changes || aligned < 0) return null;
  const time = copyF64(s.time);
  const quality = s.quality instanceof Uint8Array ? s.quality.slice() : Uint8Array.from(s.quality);
  let lo: Float64Array | null = s.rangeLo ? copyF64(s.rangeLo) : null;
  let hi: Float64Array | null = s.rangeHi ? copyF64(s.rangeHi) : null;
  const of = a.domains.of;
  for (let i = 0; i < s.count; i++) {
    const t = s.time[i];
    if (Number.isNaN(t)) {
      const d = of[i];
      const b = d >= 0 ? boots[d] : null;
      if (b === null || b === undefined) continue;
      const v = b + monoUsOf(s.mono[i]);
      time[i] = v;
      quality[i] = aligned;
      const u = unc[d];
      if (u !== null && u !== undefined) {
        if (!lo || !hi) {
          lo = new Float64Array(s.count).fill(Number.NaN);
          hi = new Float64Array(s.count).fill(Number.NaN);
        }
        lo[i] = v - u;
        hi[i] = v + u;
      } else if (lo && hi) {
        lo[i] = Number.NaN;
        hi[i] = Number.NaN;
      }
    } else if (a.shiftUs !== 0) {
      time[i] = t + a.shiftUs;
      quality[i] = aligned;
      if (lo && hi && !Number.isNaN(lo[i])) {
        lo[i] += a.shiftUs;
        hi[i] += a.shiftUs;
      }
    }
  }
  return { time, quality, rangeLo: lo, rangeHi: hi };
}

function copyF64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a.slice() : Float64Array.from(a);
}

function hasRelative(s: ClockSource, of: Int32Array, d: number): boolean {
  for (let i = 0; i < s.count; i++) if (of[i] === d && Number.isNaN(s.time[i])) return true;
  return false;
}

/** Events per time quality, from quality codes. */
export function qualityCounts(
  quality: ArrayLike<number>,
  qualities: ClockSource['qualities'],
  count: number,
): Partial<Record<ClockSource['qualities'][number], number>> {
  const n = new Array<number>(qualities.length).fill(0);
  for (let i = 0; i < count; i++) n[quality[i]]++;
  const out: Partial<Record<ClockSource['qualities'][number], number>> = {};
  qualities.forEach((q, c) => {
    if (n[c] > 0) out[q] = n[c];
  });
  return out;
}
