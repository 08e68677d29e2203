// One entity per real thing, across sources (docs/entities.md): the per-source indexes
// (entity-index.ts) name the same container by its full id, a 12/13-character crictl prefix or a
// cgroup scope, the same pod by `ns/name` and by UID, the same process by a pid seen by several
// tools. Here those references are joined (union-find), each group becomes one entity, and the
// links the sources proved (this pid is that sandbox's shim...) become relations, from which the
// set of events an entity filters to (its "mask") is derived.
import type { EntityKind } from '../model/event.ts';
import { UnionFind } from '../util/union-find.ts';
import { type EntityIndex, parsePidKey, type Relation, refId, refKind } from './entity-index.ts';

export interface LinkedEntity {
  key: string;
  kind: EntityKind;
  id: string;
  aliases: string[];
  facts: Record<string, string | number>;
}

const HEX_RE = /^[0-9a-f]{12,64}$/;

type Category = 'container' | 'pod' | 'pid' | 'cgroup';

function categoryOf(key: string): Category {
  const k = refKind(key);
  return k === 'sandbox' ? 'container' : k;
}

const KIND_ORDER: Record<string, number> = { pod: 0, container: 1, sandbox: 2, process: 3, cgroup: 4 };

/**
 * Short hex ids joined to the one longer id they are a prefix of (`7fc23ca64dfcf` -> the full
 * 64-hex id), when that longer id is unique: every longer candidate must lie on one chain of
 * prefixes (a 12- and a 13-character prefix of the same full id).
 */
export function resolvePrefixes(ids: readonly string[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const out = new Map<string, string>();
  for (let k = 0; k < sorted.length; k++) {
    const s = sorted[k];
    if (s.length >= 64) continue;
    let longest: string | null = null;
    let chain = true;
    // Every id starting with `s` sorts right after it.
    for (let j = k + 1; j < sorted.length && sorted[j].startsWith(s); j++) {
      const t = sorted[j];
      if (longest === null || t.length > longest.length) {
        if (longest !== null && !t.startsWith(longest)) chain = false;
        longest = t;
      } else if (!longest.startsWith(t)) {
        chain = false;
      }
    }
    if (longest !== null && chain) out.set(s, longest);
  }
  return out;
}

export class EntityLinks {
  readonly entities: LinkedEntity[] = [];
  private readonly byKey = new Map<string, number>();
  /** Per index: its reference id -> entity (-1: not linked, e.g. an empty pod name). */
  private readonly refMaps = new Map<EntityIndex, Int32Array>();
  /** Relations between entities: out[e].get(rel) = targets, inn[e].get(rel) = sources. */
  private readonly out: Map<Relation, Set<number>>[] = [];
  private readonly inn: Map<Relation, Set<number>>[] = [];
  private masks: number[][] | null = null;
  /** Domain of the ids of pids whose sources name no boot or host. */
  private defaultDomain = 'node';
  private ownerLists: number[][] | null = null;

  constructor(readonly indexes: readonly EntityIndex[]) {
    // 1. One global table of reference keys.
    const gid = new Map<string, number>();
    const keys: string[] = [];
    const locals: Int32Array[] = [];
    for (const ix of indexes) {
      const m = new Int32Array(ix.keys.length);
      ix.keys.forEach((k, r) => {
        let g = gid.get(k);
        if (g === undefined) {
          g = keys.length;
          keys.push(k);
          gid.set(k, g);
        }
        m[r] = g;
      });
      locals.push(m);
    }
    const uf = new UnionFind(keys.length);

    // 2. Containers and sandboxes: one id whatever the kind a tool gave it, prefixes joined.
    const hexByKind = new Map<string, number[]>();
    const hexIds: string[] = [];
    keys.forEach((k, g) => {
      if (categoryOf(k) !== 'container') return;
      const id = refId(k);
      const list = hexByKind.get(id);
      if (list) list.push(g);
      else hexByKind.set(id, [g]);
      if (HEX_RE.test(id)) hexIds.push(id);
    });
    for (const list of hexByKind.values()) for (const g of list) uf.union(list[0], g);
    for (const [short, long] of resolvePrefixes(hexIds)) {
      const a = hexByKind.get(short);
      const b = hexByKind.get(long);
      if (a && b) uf.union(a[0], b[0]);
    }

    // 3. Pods: `ns/name` and UID named together by one record; a bare name joins its one `ns/name`.
    indexes.forEach((ix, s) => {
      for (const e of ix.edges) if (e.rel === 'alias') uf.union(locals[s][e.from], locals[s][e.to]);
    });
    const podNames = keys.filter((k) => categoryOf(k) === 'pod' && refId(k).includes('/'));
    keys.forEach((k, g) => {
      if (categoryOf(k) !== 'pod') return;
      const id = refId(k);
      if (id.includes('/') || /^[0-9a-f]{8}-/.test(id)) return;
      const full = podNames.filter((n) => n.endsWith(`/${id}`));
      if (full.length === 1) uf.union(g, gid.get(full[0]) ?? g);
    });

    // 4. Processes: one pid within one boot. Sources that do not say which boot (dmesg -T,
    // crictl) join the pid of the one boot, and stay apart when several boots name it.
    const byPid = new Map<string, number[]>();
    keys.forEach((k, g) => {
      if (categoryOf(k) !== 'pid') return;
      const { pid } = parsePidKey(k);
      const list = byPid.get(pid);
      if (list) list.push(g);
      else byPid.set(pid, [g]);
    });
    // The one boot (or host) every pid is seen in, for the ids of pids from sources that do not say.
    const allBoots = new Set<string>();
    const allHosts = new Set<string>();
    for (const list of byPid.values()) {
      for (const g of list) {
        const p = parsePidKey(keys[g]);
        if (p.boot) allBoots.add(p.boot);
        if (p.host) allHosts.add(p.host);
      }
    }
    this.defaultDomain =
      allBoots.size === 1 ? [...allBoots][0] : allHosts.size === 1 ? [...allHosts][0] : 'node';
    for (const list of byPid.values()) {
      const parsed = list.map((g) => parsePidKey(keys[g]));
      const boots = new Set(parsed.map((p) => p.boot).filter(Boolean));
      const hosts = new Set(parsed.map((p) => p.host).filter(Boolean));
      const domain = (p: { boot: string; host: string }) =>
        boots.size > 1 ? p.boot || '?' : hosts.size > 1 ? p.host || '?' : '*';
      const first = new Map<string, number>();
      list.forEach((g, k) => {
        const d = domain(parsed[k]);
        const f = first.get(d);
        if (f === undefined) first.set(d, g);
        else uf.union(f, g);
      });
    }

    // 5. Groups -> entities.
    const members = new Map<number, number[]>();
    for (let g = 0; g < keys.length; g++) {
      const r = uf.find(g);
      const list = members.get(r);
      if (list) list.push(g);
      else members.set(r, [g]);
    }
    const entityOf = new Int32Array(keys.length).fill(-1);
    const spellings = new Map<number, Set<string>>();
    indexes.forEach((ix, s) => {
      for (const [r, set] of ix.spellings) {
        const g = locals[s][r];
        const cur = spellings.get(g) ?? new Set<string>();
        for (const v of set) cur.add(v);
        spellings.set(g, cur);
      }
    });
    for (const list of members.values()) {
      const e = this.makeEntity(list.map((g) => keys[g]));
      if (!e) continue;
      for (const g of list)
        for (const v of spellings.get(g) ?? []) if (!e.aliases.includes(v)) e.aliases.push(v);
      let key = e.key;
      for (let n = 2; this.byKey.has(key); n++) key = `${e.key}#${n}`;
      e.key = key;
      const idx = this.entities.length;
      this.entities.push(e);
      this.byKey.set(key, idx);
      this.out.push(new Map());
      this.inn.push(new Map());
      for (const g of list) entityOf[g] = idx;
    }
    indexes.forEach((ix, s) => {
      const m = new Int32Array(ix.keys.length);
      for (let r = 0; r < m.length; r++) m[r] = entityOf[locals[s][r]];
      this.refMaps.set(ix, m);
    });

    // 6. Relations and facts.
    indexes.forEach((ix) => {
      const m = this.refMap(ix);
      for (const e of ix.edges) {
        if (e.rel === 'alias') continue;
        const a = m[e.from];
        const b = m[e.to];
        if (a < 0 || b < 0 || a === b) continue;
        this.relate(e.rel, a, b);
      }
      for (const [r, f] of ix.facts) {
        const x = m[r];
        if (x >= 0) Object.assign(this.entities[x].facts, f);
      }
    });
    // A container whose sandbox is known belongs to the sandbox's pod.
    this.entities.forEach((_, x) => {
      for (const s of this.targets(x, 'sandbox'))
        for (const p of this.targets(s, 'pod')) this.relate('pod', x, p);
    });
    for (const e of this.entities) this.finishFacts(e);
  }

  private relate(rel: Relation, a: number, b: number): void {
    const add = (maps: Map<Relation, Set<number>>[], x: number, y: number) => {
      let set = maps[x].get(rel);
      if (!set) {
        set = new Set();
        maps[x].set(rel, set);
      }
      set.add(y);
    };
    add(this.out, a, b);
    add(this.inn, b, a);
  }

  private targets(x: number, rel: Relation): Set<number> {
    return this.out[x].get(rel) ?? EMPTY;
  }

  private sources(x: number, rel: Relation): Set<number> {
    return this.inn[x].get(rel) ?? EMPTY;
  }

  /** The entity of one group of reference keys (all of one category). */
  private makeEntity(list: string[]): LinkedEntity | null {
    const cat = categoryOf(list[0]);
    const ids = list.map(refId);
    if (cat === 'container') {
      const kind: EntityKind = list.some((k) => refKind(k) === 'sandbox') ? 'sandbox' : 'container';
      const uniq = [...new Set(ids)];
      const id = uniq.reduce((a, b) => (b.length > a.length || (b.length === a.length && b < a) ? b : a));
      return { key: `${kind}:${id}`, kind, id, aliases: uniq.filter((v) => v !== id).sort(), facts: {} };
    }
    if (cat === 'pod') {
      const uniq = [...new Set(ids)].filter((v) => v.length > 0);
      if (uniq.length === 0) return null;
      const names = uniq.filter((v) => v.includes('/')).sort();
      const bare = uniq.filter((v) => !v.includes('/') && !/^[0-9a-f]{8}-/.test(v)).sort();
      const id = names[0] ?? bare[0] ?? uniq.sort()[0];
      return { key: `pod:${id}`, kind: 'pod', id, aliases: uniq.filter((v) => v !== id).sort(), facts: {} };
    }
    if (cat === 'pid') {
      const parsed = list.map(parsePidKey);
      const boot = parsed.find((p) => p.boot)?.boot;
      const host = parsed.find((p) => p.host)?.host;
      const pid = parsed[0].pid;
      const id = `${boot || host || this.defaultDomain}/${pid}`;
      return { key: `process:${id}`, kind: 'process', id, aliases: [], facts: { pid: Number(pid) } };
    }
    const id = ids[0];
    return { key: `cgroup:${id}`, kind: 'cgroup', id, aliases: [], facts: {} };
  }

  /** Facts every entity of a kind gets (a pod's namespace and UID, a sandbox's pod). */
  private finishFacts(e: LinkedEntity): void {
    if (e.kind === 'pod') {
      const name = [e.id, ...e.aliases].find((v) => v.includes('/'));
      if (name) {
        const slash = name.indexOf('/');
        e.facts.namespace = name.slice(0, slash);
        e.facts.name = name.slice(slash + 1);
      }
      const uid = [e.id, ...e.aliases].find((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v));
      if (uid) e.facts.uid = uid;
    }
  }

  key(x: number): string {
    return this.entities[x].key;
  }

  indexOfKey(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  /** Reference id -> entity, for one of the indexes this was built from (null for another). */
  refMap(ix: EntityIndex): Int32Array {
    const m = this.refMaps.get(ix);
    if (!m) throw new Error('EntityLinks: index not linked');
    return m;
  }

  has(ix: EntityIndex): boolean {
    return this.refMaps.has(ix);
  }

  /** Processes that are a container's or sandbox's shim, init, or run in its cgroup. */
  private processesOf(x: number): Set<number> {
    const out = new Set<number>();
    for (const rel of ['shim', 'init', 'member'] as const) for (const p of this.sources(x, rel)) out.add(p);
    return out;
  }

  /**
   * The entities whose events an entity filters to (ViewQuery.entity):
   * - a process: itself;
   * - a cgroup: itself and the processes seen in it;
   * - a container or sandbox: itself, its processes (init, shim, in its cgroup), its cgroups,
   *   and for a container the shim of its sandbox (one shim serves the whole pod);
   * - a pod: itself, its pod-level cgroups and everything of its containers and sandboxes.
   */
  maskOf(x: number): number[] {
    if (!this.masks) this.masks = new Array(this.entities.length);
    const hit = this.masks[x];
    if (hit) return hit;
    const set = new Set<number>([x]);
    const e = this.entities[x];
    const cgroupMask = (g: number) => {
      set.add(g);
      for (const p of this.sources(g, 'member')) set.add(p);
    };
    const taskMask = (t: number) => {
      set.add(t);
      for (const p of this.processesOf(t)) set.add(p);
      for (const g of this.sources(t, 'cgroup')) cgroupMask(g);
    };
    if (e.kind === 'cgroup') cgroupMask(x);
    else if (e.kind === 'container' || e.kind === 'sandbox') {
      taskMask(x);
      if (e.kind === 'container')
        for (const s of this.targets(x, 'sandbox')) for (const p of this.sources(s, 'shim')) set.add(p);
    } else if (e.kind === 'pod') {
      for (const y of this.sources(x, 'pod')) {
        const k = this.entities[y].kind;
        if (k === 'cgroup') cgroupMask(y);
        else if (k === 'container' || k === 'sandbox') {
          taskMask(y);
          for (const c of this.sources(y, 'sandbox')) taskMask(c);
        }
      }
    }
    const list = [...set].sort((a, b) => a - b);
    this.masks[x] = list;
    return list;
  }

  /** For each entity, the entities whose mask holds it (the inverse of maskOf). */
  owners(): number[][] {
    if (this.ownerLists) return this.ownerLists;
    const lists: number[][] = this.entities.map(() => []);
    for (let x = 0; x < this.entities.length; x++) for (const y of this.maskOf(x)) lists[y].push(x);
    this.ownerLists = lists;
    return lists;
  }

  /** Keys of linked entities, both ways (a container's pod, sandbox, processes, cgroups), by kind. */
  related(x: number, max = 64): string[] {
    const set = new Set<number>();
    for (const m of [this.out[x], this.inn[x]]) for (const s of m.values()) for (const y of s) set.add(y);
    // A process in a container's cgroup is that container's.
    if (this.entities[x].kind === 'process') {
      for (const g of this.targets(x, 'member')) for (const c of this.targets(g, 'cgroup')) set.add(c);
    }
    set.delete(x);
    return [...set]
      .sort(
        (a, b) =>
          (KIND_ORDER[this.entities[a].kind] ?? 9) - (KIND_ORDER[this.entities[b].kind] ?? 9) ||
          this.entities[a].key.localeCompare(this.entities[b].key),
      )
      .slice(0, max)
      .map((y) => this.entities[y].key);
  }

  /** Entities (by index) of one relation from `x`: e.g. a container's sandboxes. */
  linked(x: number, rel: Relation, dir: 'out' | 'in'): number[] {
    return [...(dir === 'out' ? this.targets(x, rel) : this.sources(x, rel))];
  }
}

const EMPTY: Set<number> = new Set();
