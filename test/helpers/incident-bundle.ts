// An incident as the app exports it (an IncidentBundle) and the line lookup the app gives
// scenarioFromIncident, for the tests that make a training scenario from an incident
// (src/core/training/scenario-from-incident.test.ts, test/scenario-schema.test.ts).
import type { Workbench } from '../../src/core/engine/workbench.ts';
import type { IncidentBundle } from '../../src/core/persist/model.ts';
import { defaultIncidentState } from '../../src/core/persist/state.ts';
import type { IncidentLine } from '../../src/core/training/scenario-from-incident.ts';

/** When the test bundles were exported. */
const EXPORTED_AT = '2026-01-02T03:04:05.000Z';

/** A bundle of `files` (name -> text or bytes, in that order) with `state` over the defaults. */
export function bundleOf(
  files: Record<string, string | Uint8Array>,
  state: Partial<IncidentBundle['state']> = {},
  title = 'checkout Unknown on k8s-worker-21',
): IncidentBundle {
  return {
    generator: 'rca-workbench@test',
    exportedAt: EXPORTED_AT,
    incident: { title, tags: [], createdAt: 1, signature: null },
    state: { ...defaultIncidentState(), ...state },
    sources: Object.entries(files).map(([name, t], order) => {
      const data = typeof t === 'string' ? new TextEncoder().encode(t) : t;
      return {
        sourceId: name,
        name,
        kind: 'file' as const,
        bytes: data.length,
        contentHash: '',
        order,
        addedAt: 1,
        data,
      };
    }),
  };
}

/** Where an event id is in its source file, as the app's Workbench says (scenarioFromIncident's `locate`). */
export const locatorOf =
  (wb: Workbench) =>
  (id: string): IncidentLine | null => {
    const r = wb.eventRows([id])[0];
    return r ? { file: r.sourceId, line: r.line, lineEnd: r.lineEnd } : null;
  };
