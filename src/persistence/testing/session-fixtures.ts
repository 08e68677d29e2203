// What the incident-session tests (session.test.ts, session-handover.test.ts) feed a session and
// how they wait for it: a small kubelet journal, a source input as the app's file picker gives
// it, and a poll for what the session does in the background (autosave, a follower's reload).
import type { AddSourceInput } from '../../core/engine/client-api.ts';

/** Four kubelet/containerd lines of a node: enough for an incident with events to pin. */
export const JOURNAL = [
  'Nov 24 07:48:10 node-1 kubelet[812]: starting the sync loop',
  'Nov 24 07:48:12 node-1 containerd[700]: shim disconnected id=7fc23ca64dfc',
  'Nov 24 07:48:14 node-1 kubelet[812]: container 7fc23ca64dfc exited with 137',
  'Nov 24 07:48:16 node-1 kubelet[812]: restarting checkout',
].join('\n');

/** The clock the journal's year-less times are read with. */
const CLOCK = { year: 2025, utcOffsetMinutes: 0 };

/** A source of `text` named `name`, as the file picker (or a paste, by `kind`) adds it. */
export const input = (name: string, text: string, kind: AddSourceInput['kind'] = 'file'): AddSourceInput => ({
  name,
  kind,
  blob: new Blob([text]),
  clock: CLOCK,
});

/** Resolves once `check` holds, polling every 5 ms; throws after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
