import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { heapTrimmer } from '../../../src/runtime/heap-trim';

describe('heapTrimmer', () => {
  it('collects once the heap has grown by the slack, and not before', () => {
    const slack = 4 * 1024 * 1024;
    const trim = heapTrimmer(slack);
    let junk: { i: number; s: string }[] | null = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
    const held = getHeapStatistics().used_heap_size;
    expect(junk.length).toBe(300_000);
    junk = null;
    trim();
    const after = getHeapStatistics().used_heap_size;
    // ~20 MB of unreachable objects: a collection frees most of them
    expect(held - after).toBeGreaterThan(slack);
    // right after a collection the heap is under the new limit: the next check is a counter read
    trim();
    expect(Math.abs(getHeapStatistics().used_heap_size - after)).toBeLessThan(slack);
  });

  it('doubles the slack of a thread collected again within a few checks, up to the bound; keeps it otherwise', () => {
    const mb = 1024 * 1024;
    // garbage well past any slack tried here, unreachable by the time of the check
    const litter = () => {
      let junk: number[][] | null = Array.from({ length: 200_000 }, (_, i) => [i, i + 1]);
      expect(junk.length).toBe(200_000);
      junk = null;
    };
    const trim = heapTrimmer(mb, 4 * mb);
    expect(trim.slack()).toBe(mb);
    litter();
    trim(); // collected at the first check: too soon, the slack doubles
    expect(trim.slack()).toBe(2 * mb);
    litter();
    trim();
    expect(trim.slack()).toBe(4 * mb);
    litter();
    trim();
    expect(trim.slack()).toBe(4 * mb); // the bound

    const calm = heapTrimmer(mb, 4 * mb);
    for (let k = 0; k < 8; k++) calm(); // checks without garbage: no collection
    litter();
    calm(); // collected after 9 checks: the slack stays
    expect(calm.slack()).toBe(mb);
  });
});
