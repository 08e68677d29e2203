// For the navigation tests: the real engine in this thread (year-less lines read as 2025, zone-less
// as UTC), with its view and navigation calls wrapped in vi.fn so a test can see what the UI asked.
import { vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import { Workbench } from '../../core/engine/workbench.ts';
import { createInProcessClient } from '../../worker/client.ts';

export function navClient(): WorkbenchClient {
  const inner = createInProcessClient(
    new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
  );
  return {
    ...inner,
    view: vi.fn(inner.view),
    histogram: vi.fn(inner.histogram),
    lanes: vi.fn(inner.lanes),
    indexAt: vi.fn(inner.indexAt),
    find: vi.fn(inner.find),
    context: vi.fn(inner.context),
    entities: vi.fn(inner.entities),
  };
}
