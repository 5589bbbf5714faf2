/**
 * `--slice`: a numpy-like index into an N-D array, one comma-separated entry per dimension:
 *   `i`            one index (negative counts from the end); the dimension is dropped
 *   `start:stop`   a range (either end may be left out; negative ends count from the end)
 *   `start:stop:step`  every step-th element (step >= 1)
 *   `:`            the whole dimension; missing trailing entries mean `:`
 * e.g. `0,:,:` (the first 2-D plane of a 3-D cube), `:,5,:`, `::10,0`. What remains after dropping the indexed
 * dimensions must be 1-D (one column) or 2-D (rows x columns).
 */
import { usageError } from '../core/errors';

export interface DimSelection {
  offset: number;
  count: number;
  stride: number;
  /** False for a single index: the dimension is dropped from the result. */
  kept: boolean;
}

function parseIndex(text: string, size: number, what: string): number {
  if (!/^-?\d+$/.test(text)) throw usageError(`--slice: "${text}" is not an integer (${what})`);
  const v = Number(text);
  return v < 0 ? size + v : v;
}

function parseEntry(entry: string, size: number, dim: number): DimSelection {
  const e = entry.trim();
  const where = `dimension ${dim + 1} of size ${size}`;
  if (!e.includes(':')) {
    const i = parseIndex(e, size, where);
    if (i < 0 || i >= size) throw usageError(`--slice: index ${e} is out of range for ${where}`);
    return { offset: i, count: 1, stride: 1, kept: false };
  }
  const parts = e.split(':');
  if (parts.length > 3) throw usageError(`--slice: "${e}" has more than two colons`);
  const stride = parts[2] === undefined || parts[2].trim() === '' ? 1 : parseIndex(parts[2].trim(), size, where);
  if (!(stride >= 1)) throw usageError(`--slice: step must be a positive integer in "${e}"`);
  const clamp = (v: number) => Math.min(size, Math.max(0, v));
  const start = parts[0].trim() === '' ? 0 : clamp(parseIndex(parts[0].trim(), size, where));
  const stop = parts[1].trim() === '' ? size : clamp(parseIndex(parts[1].trim(), size, where));
  const count = stop > start ? Math.ceil((stop - start) / stride) : 0;
  if (count === 0) throw usageError(`--slice: "${e}" selects nothing from ${where}`);
  return { offset: start, count, stride, kept: true };
}

/** Parses a slice against a shape; no slice selects everything. */
export function parseSlice(spec: string | undefined, shape: readonly number[]): DimSelection[] {
  const entries = spec === undefined || spec.trim() === '' ? [] : spec.split(',');
  if (entries.length > shape.length)
    throw usageError(
      `--slice "${spec}" has ${entries.length} entries for a ${shape.length}-D array of shape ${shape.join(' x ')}`,
    );
  return shape.map((size, d) =>
    d < entries.length ? parseEntry(entries[d], size, d) : { offset: 0, count: size, stride: 1, kept: true },
  );
}

/** The shape of what a selection keeps. */
export function keptShape(sel: readonly DimSelection[]): number[] {
  return sel.filter((s) => s.kept).map((s) => s.count);
}

/** A selection written back as a slice, for notes and provenance (`0,:,:`). */
export function formatSlice(sel: readonly DimSelection[], shape: readonly number[]): string {
  return sel
    .map((s, d) => {
      if (!s.kept) return String(s.offset);
      if (s.offset === 0 && s.stride === 1 && s.count === shape[d]) return ':';
      const stop = s.offset + (s.count - 1) * s.stride + 1;
      return `${s.offset}:${stop}${s.stride > 1 ? ':' + s.stride : ''}`;
    })
    .join(',');
}
