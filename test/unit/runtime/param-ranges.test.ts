import { describe, expect, it } from 'vitest';
import { analyses } from '../../../src/analysis/registry';
import { resolveParams } from '../../../src/analysis/core/params';

describe('parameter ranges', () => {
  it('every numeric parameter of every analysis has a documented finite range', () => {
    const missing: string[] = [];
    for (const a of analyses)
      for (const [k, s] of Object.entries(a.params))
        if ((s.type === 'number' || s.type === 'number-list') && !(Number.isFinite(s.min) && Number.isFinite(s.max)))
          missing.push(`${a.id} --${k}`);
    expect(missing).toEqual([]);
  });

  it('values outside the range are usage errors naming the flag and the bound', () => {
    const koopman = analyses.find((a) => a.id === 'koopman')!;
    expect(() => resolveParams(koopman.params, { forecast: '1e10' })).toThrow(/--forecast must be <= 1000000000/);
    expect(() => resolveParams(koopman.params, { forecast: 'Infinity' })).toThrow(/--forecast must be finite/);
    const fp = analyses.find((a) => a.id === 'fixed-points')!;
    expect(() => resolveParams(fp.params, { seeds: '0' })).toThrow(/--seeds must be >= 1/);
  });
});
