/**
 * The parameters of an .ode file with their values, from its `par` lines (the same line scan as the par lenses:
 * src/codelens/par-lens.ts), for the sweep dialog's parameter picker. Pure.
 */
import { parLenses } from '../codelens/par-lens';

export interface OdePar {
  name: string;
  /** The value written after `=`, NaN when it is not a plain number. */
  value: number;
}

export function odePars(text: string): OdePar[] {
  const lines = text.split('\n');
  return parLenses(text).map((p) => {
    const after = lines[p.line].slice(p.endColumn);
    const m = /^\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(after);
    return { name: p.name, value: m ? Number(m[1]) : NaN };
  });
}

/** A default range `start:stop:count` around a value (half to one and a half times it; 0 to 1 for zero). */
export function defaultRange(value: number, count: number): string {
  if (!Number.isFinite(value) || value === 0) return `0:1:${count}`;
  const a = value * 0.5;
  const b = value * 1.5;
  const fmt = (x: number) => String(Number(x.toPrecision(6)));
  return `${fmt(Math.min(a, b))}:${fmt(Math.max(a, b))}:${count}`;
}

/** A range as `dynlens sweep --param` takes it: start:stop:count (count >= 2) or a comma list of numbers. */
export function rangeProblem(text: string): string | undefined {
  const t = text.trim();
  const num = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  const parts = t.split(':');
  if (parts.length === 3) {
    if (!num(parts[0]) || !num(parts[1])) return 'start and stop must be numbers';
    const n = Number(parts[2]);
    if (!Number.isInteger(n) || n < 2 || n > 10_000) return 'count must be an integer from 2 to 10000';
    return undefined;
  }
  if (t.includes(',') && t.split(',').every(num)) return undefined;
  return 'write start:stop:count (e.g. 0:2:41) or a list v1,v2,...';
}
