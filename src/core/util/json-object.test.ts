import { describe, expect, it } from 'vitest';
import { jsonObjectOrNull } from './json-object.ts';

describe('jsonObjectOrNull', () => {
  it('gives the object of JSON text that holds one', () => {
    expect(jsonObjectOrNull('{"v":1,"incidentId":"i1"}')).toEqual({ v: 1, incidentId: 'i1' });
    expect(jsonObjectOrNull('[1]')).toEqual([1]);
  });

  it('gives null for no text, broken JSON and JSON that is not an object', () => {
    for (const raw of [null, '', 'not json', '{"cut": ', 'null', '3', '"text"', 'true'])
      expect(jsonObjectOrNull(raw), String(raw)).toBeNull();
  });
});
