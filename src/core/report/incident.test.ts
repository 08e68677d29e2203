import { describe, expect, it } from 'vitest';
import { incidentIdOf } from './incident.ts';

describe('incidentIdOf', () => {
  it('names one set of files the same whatever their order, and another set differently', () => {
    const a = incidentIdOf(['3f2a', '9c1e']);
    expect(a).toMatch(/^inc-[0-9a-f]{8}$/);
    expect(incidentIdOf(['9c1e', '3f2a'])).toBe(a);
    expect(incidentIdOf(['3f2a'])).not.toBe(a);
    expect(incidentIdOf([])).toBe('inc-empty');
  });
});
