// Entity joins for the hypotheses (issue 5: "the killed PID is the shim of the container that
// exited; the memcg is that pod's"), answered from the cross-source entity links of
// src/core/timeline (docs/entities.md): the same links the Entities panel shows, so what the
// analysis claims about a pid is what the user can click through.
import type { EntityLinks } from '../timeline/link.ts';
import { sameContainer } from './symptoms.ts';

export type PidRole = 'shim' | 'init' | 'member';

export interface PidOwner {
  /** Container or sandbox id (the full id when any input gave it). */
  id: string;
  kind: 'container' | 'sandbox';
  role: PidRole;
}

export interface Joins {
  /** The full id of a container or sandbox named by a prefix or cgroup scope (itself when unknown). */
  resolve(id: string): string;
  kindOf(id: string): 'container' | 'sandbox' | undefined;
  /** The sandbox a container runs in. */
  sandboxOf(container: string): string | undefined;
  /** The containers of a sandbox. */
  containersOf(sandbox: string): string[];
  /** The pod of a container or sandbox: `namespace/name` and UID where known. */
  podOf(id: string): { name?: string; uid?: string } | undefined;
  /** The containers / sandboxes a pid is the shim or init of, or runs in the cgroup of. */
  ownersOfPid(pid: number | string): PidOwner[];
  /** Display name of a container (`checkout`), when an input names it. */
  nameOf(id: string): string | undefined;
}

const UID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Joins over no links: ids stand for themselves (a lone kernel log). */
export const NO_JOINS: Joins = {
  resolve: (id) => id,
  kindOf: () => undefined,
  sandboxOf: () => undefined,
  containersOf: () => [],
  podOf: () => undefined,
  ownersOfPid: () => [],
  nameOf: () => undefined,
};

export function joinsFrom(links: EntityLinks): Joins {
  const ents = links.entities;
  const tasks: number[] = [];
  const byPid = new Map<string, number[]>();
  ents.forEach((e, x) => {
    if (e.kind === 'container' || e.kind === 'sandbox') tasks.push(x);
    else if (e.kind === 'process') {
      const pid = String(e.facts.pid ?? e.id.slice(e.id.lastIndexOf('/') + 1));
      const list = byPid.get(pid);
      if (list) list.push(x);
      else byPid.set(pid, [x]);
    }
  });
  const taskCache = new Map<string, number>();
  const taskOf = (id: string): number => {
    const hit = taskCache.get(id);
    if (hit !== undefined) return hit;
    let found = -1;
    for (const x of tasks) {
      const e = ents[x];
      if (sameContainer(e.id, id) || e.aliases.some((a) => sameContainer(a, id))) {
        found = x;
        break;
      }
    }
    taskCache.set(id, found);
    return found;
  };
  const podOfEntity = (x: number): { name?: string; uid?: string } | undefined => {
    const pods = links.linked(x, 'pod', 'out').map((p) => ents[p]);
    if (pods.length === 0) return undefined;
    const out: { name?: string; uid?: string } = {};
    for (const p of pods) for (const v of [p.id, ...p.aliases, String(p.facts.uid ?? '')]) podParts(v, out);
    return out.name || out.uid ? out : undefined;
  };
  return {
    resolve(id) {
      const x = taskOf(id);
      return x < 0 ? id : ents[x].id;
    },
    kindOf(id) {
      const x = taskOf(id);
      return x < 0 ? undefined : (ents[x].kind as 'container' | 'sandbox');
    },
    sandboxOf(container) {
      const x = taskOf(container);
      if (x < 0) return undefined;
      const sb = links.linked(x, 'sandbox', 'out')[0];
      return sb === undefined ? undefined : ents[sb].id;
    },
    containersOf(sandbox) {
      const x = taskOf(sandbox);
      if (x < 0) return [];
      return links.linked(x, 'sandbox', 'in').map((c) => ents[c].id);
    },
    podOf(id) {
      const x = taskOf(id);
      if (x < 0) return undefined;
      const own = podOfEntity(x);
      if (own) return own;
      const sb = links.linked(x, 'sandbox', 'out')[0];
      return sb === undefined ? undefined : podOfEntity(sb);
    },
    ownersOfPid(pid) {
      const out: PidOwner[] = [];
      for (const p of byPid.get(String(pid)) ?? []) {
        for (const role of ['shim', 'init', 'member'] as const) {
          for (const t of links.linked(p, role, 'out')) {
            const e = ents[t];
            if (e.kind === 'container' || e.kind === 'sandbox') push(out, { id: e.id, kind: e.kind, role });
            else if (e.kind === 'cgroup') {
              // A process in a container's cgroup (the kernel's task_memcg) belongs to it.
              for (const c of links.linked(t, 'cgroup', 'out')) {
                const ce = ents[c];
                if (ce.kind === 'container' || ce.kind === 'sandbox')
                  push(out, { id: ce.id, kind: ce.kind, role: 'member' });
              }
            }
          }
        }
      }
      return out;
    },
    nameOf(id) {
      const x = taskOf(id);
      const n = x < 0 ? undefined : ents[x].facts.name;
      return typeof n === 'string' ? n : undefined;
    },
  };
}

function push(out: PidOwner[], o: PidOwner): void {
  if (!out.some((p) => p.id === o.id && p.role === o.role)) out.push(o);
}

function podParts(v: string, out: { name?: string; uid?: string }): void {
  if (!v) return;
  if (UID_RE.test(v)) out.uid ??= v;
  else if (v.includes('/')) out.name ??= v;
}
