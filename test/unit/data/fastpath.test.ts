import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynLensError } from '../../../src/analysis/core/errors';
import type { Dataset } from '../../../src/analysis/core/input';
import { parseDecimalFast } from '../../../src/analysis/data/decimal';
import { parseDelimitedText } from '../../../src/analysis/data/delimited';

/** parseDecimalFast on the UTF-8 bytes of s, between character offsets (all test strings are ASCII). */
function fast(s: string, a = 0, b = s.length): number {
  return parseDecimalFast(new TextEncoder().encode(s), a, b);
}

describe('parseDecimalFast (Clinger fast path)', () => {
  const agrees = (s: string): void => {
    const v = fast(s);
    // NaN means "not decided here": the caller uses Number(). Otherwise it must be exactly Number()'s value.
    if (v === v) expect(Object.is(v, Number(s))).toBe(true);
  };

  it('agrees with Number() bit for bit on printed doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 17 }), (x, p) => {
        for (const s of [String(x), x.toPrecision(p), x.toExponential(Math.min(p, 16)), x.toFixed(Math.min(p, 12))])
          agrees(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Number() on arbitrary numeric-looking text', () => {
    const piece = fc.constantFrom('0', '1', '9', '5', '.', 'e', 'E', '-', '+', ' ', '00', '123456789', 'x', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => agrees(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('decides the common cases and leaves the rest to Number()', () => {
    expect(fast('0.1', 0, 3)).toBe(0.1);
    expect(fast(' -12.5e-3 ', 0, 10)).toBe(-0.0125);
    expect(Object.is(fast('-0', 0, 2), -0)).toBe(true);
    expect(fast('x,3.25,y', 2, 6)).toBe(3.25);
    expect(fast('1234567890123456', 0, 16)).toBeNaN(); // 16 digits: fallback
    expect(fast('1e300', 0, 5)).toBeNaN(); // exponent past 22: fallback
    expect(fast('nan', 0, 3)).toBeNaN();
    expect(fast('', 0, 0)).toBeNaN();
    expect(fast('1e', 0, 2)).toBeNaN();
    expect(fast('.', 0, 1)).toBeNaN();
  });
});

function outcome(f: () => Dataset): { ds?: Dataset; error?: string; row?: number } {
  try {
    return { ds: f() };
  } catch (e) {
    if (!(e instanceof DynLensError)) throw e;
    return { error: e.message, row: e.row };
  }
}

describe('quote-free scanner equals the papaparse road', () => {
  const cell = fc.oneof(
    fc.double().map(String),
    fc.double({ noNaN: true }).map((x) => x.toPrecision(10)),
    fc.constantFrom('', ' ', 'nan', '-inf', 'abc', '1e', '0x1F', ' 7 ', '#x', '1.5e-300', '-0'),
  );
  const grid = fc.record({
    sep: fc.constantFrom(',', '\t', ';', '|'),
    header: fc.boolean(),
    crlf: fc.boolean(),
    lines: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(cell, { minLength: 1, maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant([] as string[]) },
      ),
      { minLength: 1, maxLength: 25 },
    ),
  });

  it('gives the same Dataset or the same error on random grids', () => {
    fc.assert(
      fc.property(grid, ({ sep, header, crlf, lines }) => {
        const width = lines.find((l) => l.length > 0)?.length ?? 1;
        const body = lines.map((l) => l.join(sep));
        if (header) body.unshift(Array.from({ length: width }, (_, j) => `h${j}`).join(sep));
        const text = body.join(crlf ? '\r\n' : '\n');
        const fast = outcome(() => parseDelimitedText('g.csv', text));
        const lib = outcome(() => parseDelimitedText('g.csv', text, { papaparseOnly: true }));
        expect(fast.error).toEqual(lib.error);
        expect(fast.row).toEqual(lib.row);
        if (fast.ds && lib.ds) {
          expect(fast.ds.columns).toEqual(lib.ds.columns);
          expect(fast.ds.rows).toBe(lib.ds.rows);
          expect(fast.ds.notes).toEqual(lib.ds.notes);
          for (let j = 0; j < fast.ds.data.length; j++) expect([...fast.ds.data[j]]).toEqual([...lib.ds.data[j]]);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
