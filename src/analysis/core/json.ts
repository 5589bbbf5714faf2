/**
 * Converts a result to plain JSON: typed arrays -> arrays, non-finite numbers -> null (JSON has no NaN/Infinity;
 * an infinite death is null by the persistence convention). Maps and classes are not expected in results.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return null;
    const arr = value as unknown as ArrayLike<number | bigint>;
    const out = new Array<number | null>(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const x = Number(arr[i]);
      out[i] = Number.isFinite(x) ? x : null;
    }
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = toPlainJson(v);
  }
  return out;
}

/** Collects the ArrayBuffers of typed arrays inside a result, for transfer between threads (each buffer once). */
export function collectTransferables(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const x of Object.values(v as Record<string, unknown>)) walk(x);
  };
  walk(value);
  return [...out];
}
