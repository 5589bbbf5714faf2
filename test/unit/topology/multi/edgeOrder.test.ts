import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildEdgeOrder, NO_EDGE, radixSortNonNegative } from '../../../../src/analysis/topology/multi/edgeOrder';

/** The reference: a stable sort of (key, payload) pairs by key. */
function stableSorted(keys: number[], payload: number[]): { keys: number[]; payload: number[] } {
  const idx = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  return { keys: idx.map((i) => keys[i]), payload: idx.map((i) => payload[i]) };
}

const keyArb = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map((x) => x / 8), // many ties
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, Number.MIN_VALUE, 1e-310, 1, 1 + Number.EPSILON, 2 ** 52, 1e308),
);

describe('radixSortNonNegative', () => {
  it('sorts like a stable comparison sort and carries the payload', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 300 }), (ks) => {
        const keys = Float64Array.from(ks);
        const payload = Uint32Array.from(ks.map((_, i) => i));
        radixSortNonNegative(keys, payload);
        const want = stableSorted(ks, [...ks.keys()]);
        expect([...keys]).toEqual(want.keys);
        expect([...payload]).toEqual(want.payload);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts tens of thousands of keys of one scale (passes skipped) as the reference does', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 + 1;
    const ks = Array.from({ length: 40_000 }, rand);
    const keys = Float64Array.from(ks);
    const payload = Uint32Array.from(ks.map((_, i) => i));
    radixSortNonNegative(keys, payload);
    const want = stableSorted(ks, [...ks.keys()]);
    expect(Array.from(keys)).toEqual(want.keys);
    expect(Array.from(payload)).toEqual(want.payload);
  });

  it('sorts a subarray in place without touching its neighbours', () => {
    const all = Float64Array.from([9, 3, 2, 1, 9]);
    const pay = Uint32Array.from([7, 0, 1, 2, 7]);
    radixSortNonNegative(all.subarray(1, 4), pay.subarray(1, 4));
    expect([...all]).toEqual([9, 1, 2, 3, 9]);
    expect([...pay]).toEqual([7, 2, 1, 0, 7]);
  });
});

describe('buildEdgeOrder', () => {
  it('ranks edges by value, ties in colex order, and leaves out edges above the threshold', () => {
    const n = 5;
    const value = (u: number, v: number): number => [1, 2, 1, 3, 1, 2, 2, 0.5, 4, 1][(u * (u - 1)) / 2 + v];
    const order = buildEdgeOrder(n, value, 3);
    expect(order.count).toBe(9); // the edge of value 4 is above the threshold
    for (let r = 1; r < order.count; r++) {
      const a = order.value[r - 1];
      const b = order.value[r];
      expect(b).toBeGreaterThanOrEqual(a);
      if (a === b) {
        const colex = (k: number): number => (order.edgeA[k] * (order.edgeA[k] - 1)) / 2 + order.edgeB[k];
        expect(colex(r)).toBeGreaterThan(colex(r - 1));
      }
    }
    for (let r = 0; r < order.count; r++) {
      expect(order.rank[order.edgeA[r] * n + order.edgeB[r]]).toBe(r);
      expect(order.rank[order.edgeB[r] * n + order.edgeA[r]]).toBe(r);
    }
    expect(order.rank[4 * n + 2]).toBe(NO_EDGE); // {4, 2}: colex 8, value 4
  });
});
