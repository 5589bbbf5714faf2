import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { besselI, besselJ, besselY, erf, erfc } from '../../../src/analysis/core/special-functions';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { compileModel } from '../../../src/analysis/stability/ode/compile';
import { evalExpr } from '../../../src/analysis/stability/ode/evaluate';
import { DynLensError } from '../../../src/analysis/core/errors';

/** scipy.special values (scripts/fixtures/stability/make_ode_oracles.py). */
const REF = JSON.parse(readFileSync('test/fixtures/stability/special_functions.json', 'utf8')) as {
  x: number[];
  xPositive: number[];
  orders: number[];
  erf: number[];
  erfc: number[];
  besselj: number[][];
  bessely: number[][];
  besseli: number[][];
};

/** Relative error, or absolute error near a zero of the function (|value| < 1e-3). */
const err = (got: number, want: number): number => Math.abs(got - want) / Math.max(Math.abs(want), 1e-3);

describe('special functions against scipy.special', () => {
  it('erf and erfc to 1e-14 (erfc relative, down to 1e-88)', () => {
    REF.x.forEach((x, i) => {
      expect(err(erf(x), REF.erf[i])).toBeLessThan(1e-14);
      expect(Math.abs(erfc(x) - REF.erfc[i])).toBeLessThanOrEqual(1e-13 * REF.erfc[i]);
    });
    expect(erf(Infinity)).toBe(1);
    expect(erfc(-Infinity)).toBe(2);
    expect(erf(NaN)).toBeNaN();
  });

  it('besselj, bessely, besseli of integer orders 0..30 to 1e-12', () => {
    REF.orders.forEach((n, o) => {
      REF.x.forEach((x, i) => expect(err(besselJ(n, x), REF.besselj[o][i])).toBeLessThan(1e-12));
      REF.xPositive.forEach((x, i) => expect(err(besselY(n, x), REF.bessely[o][i])).toBeLessThan(1e-12));
      REF.x.forEach((x, i) =>
        expect(
          Math.abs(besselI(n, x) - REF.besseli[o][i]) / Math.max(Math.abs(REF.besseli[o][i]), 1e-300),
        ).toBeLessThan(1e-12),
      );
    });
  });

  it('the order is truncated as XPPAUT does, and the identities for negative order and argument hold', () => {
    expect(besselJ(2.7, 3)).toBe(besselJ(2, 3));
    expect(besselJ(-3, 2)).toBeCloseTo(-besselJ(3, 2), 15);
    expect(besselJ(3, -2)).toBeCloseTo(-besselJ(3, 2), 15);
    expect(besselY(1, 0)).toBe(-Infinity);
    expect(besselY(1, -1)).toBeNaN();
    expect(besselI(-2, 1.5)).toBe(besselI(2, 1.5));
  });

  it('compiled models and the symbolic Jacobian use them (derivatives by A&S 7.1.19, 9.1.27, 9.6.26)', () => {
    const m = parseOde("x'=erf(x)+besselj(2,y)\ny'=besseli(1,x)-bessely(0,y)+erfc(y)\ninit x=0.3,y=1.7");
    const c = compileModel(m);
    const y = Float64Array.from([0.3, 1.7]);
    const f = new Float64Array(2);
    c.rhs(0, y, m.paramValues, f);
    expect(f[0]).toBeCloseTo(erf(0.3) + besselJ(2, 1.7), 14);
    expect(f[1]).toBeCloseTo(besselI(1, 0.3) - besselY(0, 1.7) + erfc(1.7), 14);
    const J = new Float64Array(4);
    c.jac(0, y, m.paramValues, J);
    const h = 1e-6;
    for (let j = 0; j < 2; j++) {
      const yp = Float64Array.from(y);
      const ym = Float64Array.from(y);
      yp[j] += h;
      ym[j] -= h;
      const fp = new Float64Array(2);
      const fm = new Float64Array(2);
      c.rhs(0, yp, m.paramValues, fp);
      c.rhs(0, ym, m.paramValues, fm);
      for (let i = 0; i < 2; i++) expect(J[i * 2 + j]).toBeCloseTo((fp[i] - fm[i]) / (2 * h), 7);
    }
    expect(evalExpr(m.rhs[0], 0, y, m.paramValues)).toBeCloseTo(f[0], 14);
  });
});

const parseError = (text: string): string => {
  try {
    parseOde(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return (e as Error).message;
  }
  throw new Error('expected a parse error');
};

describe('special array operators of XPPAUT 8 (findext, delmmult, delsparse, interp, fftcon)', () => {
  const y = Float64Array.from([0.5, 2, -1, 2, 0.7, -3]);
  const value = (text: string, aux: string): number => {
    const m = parseOde(`${text}\nx[0..5]'=0\naux z=${aux}\n`);
    return evalExpr(m.aux[0].expr, 0, y, m.paramValues);
  };

  it('findext: max, its first index, min, its index, over every skip-th element', () => {
    const sp = 'special e=findext(0,6,1,x0)';
    expect([0, 1, 2, 3].map((j) => value(sp, `e(${j})`))).toEqual([2, 1, -3, 5]);
    const skip2 = 'special e=findext(0,6,2,x0)';
    expect([0, 1, 2, 3].map((j) => value(skip2, `e(${j})`))).toEqual([0.7, 4, -1, 2]);
    const maxOnly = 'special e=findext(1,6,1,x0)';
    expect([2, 3].map((j) => value(maxOnly, `e(${j})`))).toEqual([0.5, 0]);
  });

  it('interp: linear between the integer points, 0 outside, truncation toward zero as XPPAUT', () => {
    const sp = 'special g=interp(0,6,x0)';
    expect(value(sp, 'g(1.25)')).toBeCloseTo(2 + 0.25 * (-1 - 2), 15);
    expect(value(sp, 'g(3)')).toBe(2);
    expect(value(sp, 'g(-0.5)')).toBeCloseTo(0.5 - 0.5 * 1.5, 15);
    expect(value(sp, 'g(-1)')).toBe(0);
    expect(value(sp, 'g(6)')).toBe(0);
    expect(value(sp, 'g(5.5)')).toBe(-3);
  });

  it('delmmult and delsparse: weighted sums of delayed states (negative indices skipped)', () => {
    const tables = 'table w % 12 0 11 t+1\ntable tau % 12 0 11 0.1*t\ntable c % 12 0 11 if(t==1)then(-1)else(mod(t,6))';
    const m = parseOde(
      `${tables}\nspecial d=delmmult(6,2,w,tau,x0)\nspecial s=delsparse(2,6,w,c,tau,x0)\nx[0..5]'=0\naux a=d(1)\naux b=s(0)\n`,
    );
    const delays: string[] = [];
    const calls = (e: unknown): void => {
      const x = e as { k: string; i?: number; tau?: { v: number }; a?: unknown; b?: unknown };
      if (x.k === 'delay') delays.push(`${x.i}@${x.tau!.v.toFixed(1)}`);
      if (x.a) calls(x.a);
      if (x.b) calls(x.b);
    };
    calls(m.aux[0].expr);
    // row 1 of a 2 x 6 matrix: weights 7..12 on x0..x5 delayed by 0.6..1.1
    expect(delays.sort()).toEqual(['0@0.6', '1@0.7', '2@0.8', '3@0.9', '4@1.0', '5@1.1']);
    expect(m.features.delay).toBe(true);
    const c = compileModel(m);
    c.runtime.delay = (i, s) => (i + 1) * 10 + s; // a history that names its state and time
    const out = new Float64Array(2);
    c.aux(2, y, m.paramValues, out);
    let want = 0;
    for (let i = 0; i < 6; i++) want += (6 + i + 1) * ((i + 1) * 10 + 2 - 0.1 * (6 + i));
    expect(out[0]).toBeCloseTo(want, 10);
    let sparse = 0;
    for (let i = 0; i < 6; i++) if (i !== 1) sparse += (i + 1) * (((i % 6) + 1) * 10 + 2 - 0.1 * i);
    expect(out[1]).toBeCloseTo(sparse, 10);
  });

  it('refuses bad uses with the line', () => {
    expect(parseError("x[0..3]'=0\nspecial e=findext(2,4,1,x0)\naux z=e(0)\n")).toMatch(/line 2.*findext needs type/);
    expect(parseError("x[0..3]'=0\ntable w % 3 0 2 t\nspecial k=fftcon(even,4,w,x0)\naux z=k(0)\n")).toMatch(
      /fftcon type must be 0 or periodic/,
    );
    expect(parseError("x[0..3]'=0\nz=1\nspecial k=delmmult(1,1,w,w,z)\ntable w % 2 0 1 1\naux q=k(0)\n")).toMatch(
      /delays act on states only/,
    );
    expect(parseError("x'=-x\naux z=del_shft(x,1,0.5)\n")).toMatch(/outside the 1 state variables/);
  });
});
