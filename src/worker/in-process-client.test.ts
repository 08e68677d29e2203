// @vitest-environment jsdom
// Component tests run the in-process client under jsdom, whose Blob has no stream(): the
// client must still read it.
import { describe, expect, it } from 'vitest';
import { createInProcessClient } from './client.ts';

describe('in-process client under jsdom', () => {
  it("reads jsdom's Blob", async () => {
    const blob = new Blob(['2025-11-26T10:00:01+0000 node-1 kubelet[812]: hello\n']);
    const client = createInProcessClient();
    const s = await client.addSource({
      name: 'k.log',
      kind: 'paste',
      blob,
      clock: { year: 2025, utcOffsetMinutes: 0 },
    });
    expect(s.events).toBe(1);
    const v = await client.view({ sources: [], severities: [], search: '' });
    expect((await client.rows(v.viewId, 0, 1))[0].message).toBe('hello');
  });
});
