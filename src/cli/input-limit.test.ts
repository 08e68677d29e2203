// The CLI reads files from disk in a process of its own: the tab's input limit (512 MiB, see
// src/core/engine/input-limit.test.ts) is not its. Its Workbench has none, so `rca analyze` on a
// multi-GB journal is cut only by decode's own 2 GiB refusal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAB_INPUT_LIMIT, Workbench } from '../core/engine/workbench.ts';
import { scratchDir } from './test-io.ts';
import { load } from './timeline-command.ts';

const tmp = scratchDir('rca-limit-');

describe('the CLI and the input limit', () => {
  it('reads with no limit, where the app has 512 MiB', async () => {
    const file = join(tmp(), 'journal.log');
    writeFileSync(file, 'Nov 26 10:00:01 node-1 kernel: eth0: link up\n');
    const { wb, ids } = await load([file], { year: 2025, utcOffsetMinutes: 0, capturedAt: undefined });
    expect(ids).toEqual(['journal.log']);
    expect(wb.maxInputBytes).toBe(Number.POSITIVE_INFINITY);
    expect(new Workbench().maxInputBytes).toBe(TAB_INPUT_LIMIT);
  });
});
