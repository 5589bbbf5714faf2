import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { evalExpr } from '../../../src/analysis/stability/ode/evaluate';
import { exprSize } from '../../../src/analysis/stability/ode/expr';
import { compileModel } from '../../../src/analysis/stability/ode/compile';
import { filesNextTo } from '../../../src/analysis/stability/model-input';
import { DynLensError } from '../../../src/analysis/core/errors';
import type { SimulateResult } from '../../../src/protocol/results/stability';
import { odeInput, runAnalysis } from './context';

const FIX = 'scripts/fixtures/stability/xppaut';

function parseError(text: string, path = 'bad.ode'): DynLensError {
  try {
    parseOde(text, path, filesNextTo(path));
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return e as DynLensError;
  }
  throw new Error('expected a parse error');
}

/**
 * Each small model (one feature) against XPPAUT 6.11's own output, committed with the script that made it
 * (scripts/fixtures/stability/xppaut/make_fixtures.sh): every state within 2% of its range at every printed time.
 */
describe('.ode language against XPPAUT 6.11 output', () => {
  const cases: [string, number, string?][] = [
    ['arrays', 0.005],
    ['table', 0.005],
    ['events', 0.02],
    ['delay', 0.02],
    ['volterra', 0.005],
    ['dae', 0.005],
    ['derived', 0.001],
    ['specials', 0.005],
    ['events_dae', 0.005],
    ['sets', 0.001, 'fast'],
    ['sets', 0.001, 'slow'],
  ];
  for (const [name, tol, set] of cases) {
    it(`${name}.ode${set ? ` with --set ${set}` : ''} agrees with XPPAUT`, async () => {
      const path = join(FIX, `${name}.ode`);
      const text = readFileSync(path, 'utf8');
      const xpp = readFileSync(join(FIX, set ? `${name}_${set}.dat` : `${name}.dat`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/).map(Number));
      const tEnd = xpp[xpp.length - 1][0];
      // XPPAUT integrates with fixed-step RK4 when the file names no method
      const method = /meth/.test(text) ? {} : { method: 'rk4' };
      const r = await runAnalysis<SimulateResult>('simulate', odeInput(text, path), {
        tEnd: Number(tEnd.toPrecision(6)),
        ...method,
        ...(set ? { set: [set] } : {}),
      });
      expect(r.t.length).toBe(xpp.length);
      // the rule of bench/stability/xppaut-compare.mjs: the first quarter of the run
      const quarter = Math.floor((xpp.length - 1) / 4);
      let worst = 0;
      r.states.forEach((col, c) => {
        const ref = xpp.map((row) => row[c + 1]);
        const range = Math.max(...ref) - Math.min(...ref) || 1;
        // integral-equation variables: XPPAUT prints their initial data at t0, then solves x(t0) = F(t0)
        for (let k = name === 'volterra' ? 1 : 0; k <= quarter; k++) {
          // an event located within one output step by the two programs: the samples next to a reset are skipped
          const jump = (a: number, b: number): boolean => Math.abs(ref[b] - ref[a]) > 0.5 * range;
          if (name.startsWith('events') && ((k > 0 && jump(k - 1, k)) || (k < quarter && jump(k, k + 1)))) continue;
          worst = Math.max(worst, Math.abs(col[k] - ref[k]) / range);
        }
      });
      expect(worst).toBeLessThan(tol);
    });
  }
});

describe('.ode expressions are DAGs: sized, compiled and evaluated once per shared node', () => {
  it('60 fixed quantities each the previous plus itself parse and compile at once', () => {
    const lines = ['a0 = x'];
    for (let k = 1; k <= 60; k++) lines.push(`a${k} = a${k - 1} + a${k - 1}`);
    const t0 = performance.now();
    const m = parseOde(`${lines.join('\n')}\nx' = -a60 * 1e-18\ninit x=1`);
    const compiled = compileModel(m);
    const out = new Float64Array(1);
    compiled.rhs(0, Float64Array.of(1), m.paramValues, out);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(exprSize(m.rhs[0])).toBeLessThan(200);
    expect(out[0]).toBeCloseTo(-(2 ** 60) * 1e-18, 12);
    expect(evalExpr(m.rhs[0], 0, [1], m.paramValues)).toBeCloseTo(-(2 ** 60) * 1e-18, 12);
  });

  it('functions that double 60 times are inlined once per level', () => {
    const lines = ['f0(u) = u'];
    for (let k = 1; k <= 60; k++) lines.push(`f${k}(u) = f${k - 1}(u) + f${k - 1}(u)`);
    const t0 = performance.now();
    const m = parseOde(`${lines.join('\n')}\nx' = f60(x) * 1e-18\ninit x=1`);
    const c = compileModel(m);
    expect(c.jacobianExprs.length).toBe(1);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(evalExpr(m.rhs[0], 0, [2], m.paramValues)).toBeCloseTo(2 ** 61 * 1e-18, 12);
    expect(evalExpr(c.jacobianExprs[0], 0, [2], m.paramValues)).toBeCloseTo(2 ** 60 * 1e-18, 12);
  });

  it('5,000 nested parentheses and a 20 KB line are refused with the line and "nested too deeply"', () => {
    const deep = `${'('.repeat(5000)}x${')'.repeat(5000)}`;
    const e = parseError(`par a=1\nx' = ${deep}`);
    expect(e.message).toMatch(/line 2.*nested too deeply/);
    expect(e.row).toBe(2);
    const long = `x' = ${Array.from({ length: 5000 }, () => 'x').join('+')}`;
    expect(long.length).toBeGreaterThan(9000);
    const e2 = parseError(`# long\n${long}${'+x'.repeat(5000)}`);
    expect(e2.message).toMatch(/line 2.*nested too deeply/);
  });

  it('constant folding is IEEE 754: 0/0, 0*(1/0) and 0*ln(-1) are NaN, and a NaN parameter or initial value is refused with its line', () => {
    const m = parseOde("x' = 1\naux a = 0/0\naux b = 0*(1/0)\naux c = 0*ln(-1)\naux d = 0*x");
    for (const a of m.aux.slice(0, 3)) expect(evalExpr(a.expr, 0, [1], m.paramValues)).toBeNaN();
    expect(evalExpr(m.aux[3].expr, 0, [Infinity], m.paramValues)).toBeNaN();
    expect(parseError("x' = 1\npar a=0/0").message).toMatch(/line 2.*parameter "a".*NaN/);
    expect(parseError("x' = 1\n\ninit x=0*(1/0)").message).toMatch(/line 3.*initial value of "x".*NaN/);
    expect(parseError("x' = 1\npar b=1/0").message).toMatch(/line 2.*Infinity/);
  });
});

describe('.ode bad input names the model line', () => {
  it('an array index out of range', () => {
    const e = parseError("x[1..3]' = -x[j] + x[j+1]\ndone");
    expect(e.message).toMatch(/line 1.*array index out of range: x\[j\+1\] with j = 3 is x4/);
  });

  it('an #include loop and a missing include', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ode-inc-'));
    writeFileSync(join(dir, 'a.inc'), 'par a=1\n#include b.inc\n');
    writeFileSync(join(dir, 'b.inc'), '#include a.inc\n');
    const main = join(dir, 'main.ode');
    const e = parseError("x' = -a*x\n#include a.inc\ndone", main);
    expect(e.message).toMatch(/#include loop: .*a\.inc includes .*b\.inc includes .*a\.inc/);
    expect(parseError("x' = 1\n#include nothere.inc", main).message).toMatch(
      /line 2: #include nothere\.inc: no such file/,
    );
    writeFileSync(join(dir, 'ok.inc'), 'par a=3\n');
    const m = parseOde("x' = -a*x\n#include ok.inc\ndone", main, filesNextTo(main));
    expect(Array.from(m.paramValues)).toEqual([3]);
  });

  it('NaN in a table file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ode-tab-'));
    writeFileSync(join(dir, 'w.tab'), '3\n0\n1\n0.5\nnan\n1\n');
    const e = parseError("x' = w(x)\n\ntable w w.tab", join(dir, 'm.ode'));
    expect(e.message).toMatch(/line 3.*value 5 of table file w\.tab is "nan"/);
  });

  it('a Volterra kernel that diverges', async () => {
    const text = "x' = -x + int{1/t#x}\ninit x=1\n@ total=1";
    await expect(runAnalysis('simulate', odeInput(text))).rejects.toThrow(
      /line 1: the Volterra kernel is Infinity at lag 0/,
    );
  });

  it('statements DynLens cannot run are refused with the line and the feature', () => {
    expect(parseError("x' = 1\n\nexport {x} {y}").message).toMatch(
      /line 3.*export to a dynamically loaded \(compiled C\) library is not supported/,
    );
  });
});

describe('.ode language pieces', () => {
  it('reads XPPAUT abbreviations, case-insensitive names, %[..] blocks, options of every kind', () => {
    const m = parseOde(`p A=1
%[1..2]
x[j]' = -a*x[j] + y[j]
y[j]' = -Y[j]
%
i x1=1, x2=2
n k=3
a s = x1 + k
wiener w
@ meth=modeuler, dt=.01, total=2, njmp=5, seed=7, ntst=40, dsmax=.1, xp=x1, yp=x2, nout=2
d`);
    expect(m.stateNames).toEqual(['x1', 'y1', 'x2', 'y2']);
    expect(m.options).toMatchObject({ method: 'modeuler', dt: 0.01, total: 2, njmp: 2, seed: 7 });
    expect(m.options.auto).toEqual({ ntst: 40, dsmax: 0.1 });
    expect(m.notes.join(' ')).toMatch(/plotting options kept as notes: xp=x1, yp=x2/);
    expect(m.wienerNames).toEqual(['w']);
  });

  it('wiener noise is Euler-Maruyama with a stated, reproducible seed', async () => {
    const text = "x' = -x + s*w\nwiener w\npar s=1\n@ total=200, dt=.01, seed=3";
    const a = await runAnalysis<SimulateResult>('simulate', odeInput(text));
    const b = await runAnalysis<SimulateResult>('simulate', odeInput(text));
    expect(Array.from(a.states[0])).toEqual(Array.from(b.states[0]));
    expect(a.notes.join(' ')).toMatch(/seed 3/);
    expect(a.method).toBe('euler');
    // Ornstein-Uhlenbeck dx = -x dt + dW: stationary variance 1/2
    const xs = Array.from(a.states[0].subarray(1000));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(variance).toBeGreaterThan(0.35);
    expect(variance).toBeLessThan(0.65);
  });
});

describe('global events with integral and algebraic equations', () => {
  it('a Volterra memory term keeps its history across a reset: same as its equivalent ODE with the same event', async () => {
    // x' = 1 - 0.2 int_0^t e^{-(t-s)} x(s) ds equals x' = 1 - 0.2 m, m' = x - m, m(0) = 0 (m is the integral)
    const volterra = "x'=1-0.2*int{exp(-t)#x}\nglobal 1 x-1 {x=0}\ninit x=0\n@ total=6,dt=0.005\n";
    const ode = "x'=1-0.2*m\nm'=x-m\nglobal 1 x-1 {x=0}\ninit x=0,m=0\n@ total=6,dt=0.005\n";
    const v = await runAnalysis<SimulateResult>('simulate', odeInput(volterra), {});
    const o = await runAnalysis<SimulateResult>('simulate', odeInput(ode), {});
    expect(v.t.length).toBe(o.t.length);
    let resets = 0;
    let worst = 0;
    for (let k = 1; k < v.t.length; k++) {
      if (o.states[0][k] < o.states[0][k - 1] - 0.5) resets++;
      // samples within one step of a reset: the grid solver resets at the grid point after the crossing
      const near = Math.abs(o.states[0][k] - v.states[0][k]) > 0.5;
      if (!near) worst = Math.max(worst, Math.abs(o.states[0][k] - v.states[0][k]));
    }
    expect(resets).toBeGreaterThanOrEqual(4);
    expect(worst).toBeLessThan(0.002);
  });

  it('a DAE reset by an event solves its algebraic variable again at the event', async () => {
    const text = "x'=1.2-y\n0=y-x*x/(1+x*x)-0.1\nsolv y=0.1\nglobal 1 x-1 {x=0}\ninit x=0\n@ total=3,dt=0.05\n";
    const r = await runAnalysis<SimulateResult>('simulate', odeInput(text), {});
    const y = r.aux[r.auxNames.indexOf('y')];
    for (let k = 0; k < r.t.length; k++) {
      const x = r.states[0][k];
      expect(y[k]).toBeCloseTo((x * x) / (1 + x * x) + 0.1, 9);
    }
    expect(Math.min(...r.states[0].subarray(30))).toBeLessThan(0.2);
  });
});

describe('set blocks', () => {
  const text = "x'=-a*x\npar a=1\ninit x=1\nset fast {a=3,x=2,total=4,xlo=0}\nset other {a=0.5}\n@ total=5\n";
  it('--set NAME applies parameters, initial data and options; without it the sets are listed in a note', async () => {
    const r = await runAnalysis<SimulateResult>('simulate', odeInput(text), { set: ['fast'] });
    expect(r.params.find((p) => p.name === 'a')!.value).toBe(3);
    expect(r.states[0][0]).toBe(2);
    expect(r.tEnd).toBe(4);
    expect(r.notes.join(' ')).toMatch(/set fast applied/);
    const both = await runAnalysis<SimulateResult>('simulate', odeInput(text), { set: ['fast', 'a=2'] });
    expect(both.params[0].value).toBe(2);
    const plain = await runAnalysis<SimulateResult>('simulate', odeInput(text), {});
    expect(plain.params[0].value).toBe(1);
    expect(plain.notes.join(' ')).toMatch(/parameter sets in the file: fast, other/);
  });
  it('an unknown set name is refused with the sets of the file', async () => {
    await expect(runAnalysis('simulate', odeInput(text), { set: ['slow'] })).rejects.toThrow(
      /--set slow: no set of that name.*sets: fast, other/,
    );
    expect(parseError("x'=-x\nset s {a=1\n").message).toMatch(/expected "set name \{name=value/);
  });
});
