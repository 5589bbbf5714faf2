import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DynLensError } from '../../../src/analysis/core/errors';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'data');

export function fixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, ...parts)));
}

export function fixtureJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES, ...parts), 'utf8')) as T;
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Runs fn and returns the DynLensError it throws (failing the test if it throws anything else or nothing). */
export async function dynLensErrorOf(fn: () => unknown): Promise<DynLensError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return e as DynLensError;
  }
  throw new Error('expected a DynLensError, nothing was thrown');
}

/** Number("NaN"), Number("Infinity") read the fixtures' encodings of non-finite values. */
export function num(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}
