import { describe, expect, it } from 'vitest';
import { resultTransferables, TRANSFER_MIN_BYTES } from '../../../src/runtime/transfer-policy';

describe('result transfer policy', () => {
  it('copies results below the threshold (no buffer of the worker is detached)', () => {
    const features = { names: ['a'], values: new Float64Array(5000) };
    expect(resultTransferables({ features })).toEqual([]);
    expect(resultTransferables({ a: new Float64Array(10), b: [new Int32Array(10)] }, 161)).toEqual([]);
  });

  it('transfers every buffer once the total reaches the threshold', () => {
    const a = new Float64Array(10);
    const b = new Int32Array(10);
    const bufs = resultTransferables({ a, b: [b, b.subarray(2)] }, 120);
    expect(bufs).toHaveLength(2);
    expect(bufs).toContain(a.buffer);
    expect(bufs).toContain(b.buffer);
  });

  it('counts whole buffers, not views: a small view of a large buffer moves by transfer', () => {
    const big = new Uint8Array(TRANSFER_MIN_BYTES);
    expect(resultTransferables({ head: big.subarray(0, 4) })).toEqual([big.buffer]);
  });
});
