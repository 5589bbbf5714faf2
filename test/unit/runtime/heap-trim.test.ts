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
});
