import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Dataset, InputSelection } from '../../../src/analysis/core/input';
import { DynLensError } from '../../../src/analysis/core/errors';
import { readInput } from '../../../src/analysis/data/load';

export const FORMATS = join(__dirname, '..', '..', 'fixtures', 'formats');

export interface Stats {
  n: number;
  sum: number;
  first: number;
  last: number;
}

/** Expected values written by the producers' script (scripts/fixtures/formats/make_scientific.py). */
export const expected = JSON.parse(readFileSync(join(FORMATS, 'expected.json'), 'utf8')) as Record<
  string,
  Stats | Stats[]
>;

export async function load(file: string, selection?: InputSelection, maxBytes?: number): Promise<Dataset> {
  const r = await readInput(join(FORMATS, file), { selection, maxBytes });
  if (r.input.kind !== 'table') throw new Error('not a table');
  return r.input.dataset;
}

export function expectColumn(col: Float64Array, s: Stats, digits = 9): void {
  expect(col.length).toBe(s.n);
  expect(col[0]).toBeCloseTo(s.first, digits);
  expect(col[col.length - 1]).toBeCloseTo(s.last, digits);
  expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(s.sum, digits - 3);
}

/** The DynLensError a load throws (fails the test otherwise). */
export async function loadError(file: string, selection?: InputSelection, maxBytes?: number): Promise<DynLensError> {
  try {
    await load(file, selection, maxBytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return e as DynLensError;
  }
  throw new Error(`expected ${file} to fail`);
}
