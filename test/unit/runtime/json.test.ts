import { describe, expect, it } from 'vitest';
import { collectTransferables, toPlainJson } from '../../../src/analysis/core/json';

describe('plain JSON conversion', () => {
  it('turns typed arrays into arrays and non-finite numbers into null', () => {
    const v = {
      a: new Float64Array([1, NaN, Infinity]),
      b: [new Int32Array([2]), -Infinity],
      c: { d: 3, e: undefined },
    };
    expect(toPlainJson(v)).toEqual({ a: [1, null, null], b: [[2], null], c: { d: 3 } });
    expect(JSON.stringify(toPlainJson(v))).not.toMatch(/NaN|Infinity/);
  });
  it('collects each underlying buffer once for transfer', () => {
    const x = new Float64Array(4);
    const bufs = collectTransferables({ x, y: x.subarray(1), z: [new Float32Array(2)] });
    expect(bufs.length).toBe(2);
  });
});
