import { describe, expect, it } from 'vitest';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { compileModel } from '../../../src/analysis/stability/ode/compile';
import { gridIndices, gridPoint, linspace, parseAxis, parseGrid } from '../../../src/analysis/stability/sweep/grid';
import {
  ATTRACTOR_CODES,
  measurePoint,
  modelAt,
  sweepDefaults,
  type SweepOptions,
} from '../../../src/analysis/stability/sweep/measure';
import { smallestRepeat } from '../../../src/analysis/stability/sweep/period';
import type { SweepMeasure } from '../../../src/protocol/results/sweep';
import { testContext } from './context';

function setup(text: string) {
  const model = parseOde(text, 'model.ode');
  return { model, compiled: compileModel(model) };
}

function options(
  kind: 'flow' | 'map',
  n: number,
  measure: SweepMeasure,
  extra: Partial<SweepOptions> = {},
): SweepOptions {
  return {
    measure,
    ...sweepDefaults(kind, n, measure),
    method: 'dopri5',
    dt: 0.01,
    rtol: 1e-8,
    atol: 1e-10,
    bound: 1e6,
    maxPeriod: 16,
    periodTol: 1e-4,
    seeds: 40,
    seed: 1,
    ...extra,
  };
}

function at(text: string, measure: SweepMeasure, values: Record<string, number>, extra: Partial<SweepOptions> = {}) {
  const { model, compiled } = setup(text);
  const m = modelAt(model, Object.keys(values), Object.values(values));
  return measurePoint(m, compiled, values, options(model.kind, compiled.n, measure, extra), testContext());
}

const LOGISTIC = 'x(t+1) = r*x*(1-x)\npar r=3.5\ninit x=0.3\ndone\n';

describe('parameter grids', () => {
  it('reads start:stop:count as linspace and lists as given', () => {
    expect(parseAxis('a=0:2:5').values).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(parseAxis('b=0.1,0.5,2').values).toEqual([0.1, 0.5, 2]);
    expect(linspace(0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(linspace(0, 0.3, 4)[3]).toBe(0.3);
    expect(linspace(2, 2, 1)).toEqual([2]);
    expect(() => parseAxis('a=0:1')).toThrow(/start:stop:count/);
    expect(() => parseAxis('a=0:1:0')).toThrow(/positive integer/);
    expect(() => parseAxis('a=0:x:3')).toThrow(/not a finite number/);
    expect(() => parseAxis('0:1:3')).toThrow(/name=/);
  });
  it('numbers 2-D points row-major, first axis slowest, and checks names against the model', () => {
    const g = parseGrid(['a=0:1:3', 'b=10,20'], ['a', 'b', 'c']);
    expect(g.size).toBe(6);
    expect(gridIndices(g, 3)).toEqual([1, 1]);
    expect(gridPoint(g, 5)).toEqual([1, 20]);
    expect(() => parseGrid(['z=0:1:3'], ['a'], 'm.ode')).toThrow(
      /no parameter of that name in m\.ode \(parameters: a\)/,
    );
    expect(() => parseGrid(['a=0:1:3', 'a=1,2'], ['a'])).toThrow(/twice/);
    expect(() => parseGrid([], ['a'])).toThrow(/at least one --param/);
    expect(() => parseGrid(['a=1', 'b=1', 'c=1'], ['a', 'b', 'c'])).toThrow(/one or two/);
  });
  it('finds the smallest repeat of a sequence', () => {
    const seq = (xs: number[]) => xs.map((x) => Float64Array.of(x));
    expect(smallestRepeat(seq([1, 2, 3, 1, 2, 3, 1, 2, 3, 1]), 5, 1e-9)).toBe(3);
    expect(smallestRepeat(seq([5, 5, 5, 5]), 5, 1e-9)).toBe(1);
    expect(smallestRepeat(seq([1, 2, 3, 4, 5, 6, 7, 8]), 2, 1e-9)).toBe(0);
  });
});

describe('sweep measures with known answers', () => {
  it('logistic map: the Lyapunov exponent ln|r(1-2x*)| at the fixed point, ln 2 at r = 4, and its sign over r', () => {
    // fixed point x* = 1 - 1/r, multiplier 2 - r (May 1976)
    const r25 = at(LOGISTIC, 'lyapunov', { r: 2.5 });
    expect(r25.values[0]).toBeCloseTo(Math.log(0.5), 6);
    expect(r25.attractor).toBe('fixed point');
    const r4 = at(LOGISTIC, 'lyapunov', { r: 4 }, { duration: 100_000 });
    expect(r4.values[0]).toBeCloseTo(Math.log(2), 2);
    expect(r4.attractor).toBe('chaotic');
    // sign: negative in the period-doubling cascade and the period-3 window, positive in the chaotic bands
    const sign = (r: number) => Math.sign(at(LOGISTIC, 'lyapunov', { r }).values[0]);
    expect([2.8, 3.2, 3.5, 3.56, 3.83].map(sign)).toEqual([-1, -1, -1, -1, -1]);
    expect([3.6, 3.7, 3.9, 3.99].map(sign)).toEqual([1, 1, 1, 1]);
  });

  it('logistic map attractors: fixed point, period 2, 4, 3, chaos', () => {
    const kind = (r: number) => {
      const p = at(LOGISTIC, 'attractor', { r });
      return [p.attractor, p.period];
    };
    expect(kind(2.8)).toEqual(['fixed point', 1]);
    expect(kind(3.2)).toEqual(['periodic', 2]);
    expect(kind(3.5)).toEqual(['periodic', 4]);
    expect(kind(3.83)).toEqual(['periodic', 3]);
    expect(kind(3.9)[0]).toBe('chaotic');
    const p = at(LOGISTIC, 'attractor', { r: 3.2 });
    expect(p.values[0]).toBe(ATTRACTOR_CODES.indexOf('periodic'));
  });

  it('a divergent map is divergent', () => {
    const p = at('x(t+1) = a*x\npar a=2\ninit x=1\ndone\n', 'attractor', { a: 2 }, { bound: 1e6 });
    expect(p.attractor).toBe('divergent');
  });

  it("van der Pol: a stable focus for mu < 0 and a limit cycle of period 6.6633 at mu = 1 (the period's known value)", () => {
    const vdp = "x' = y\ny' = mu*(1-x^2)*y - x\npar mu=1\ninit x=0.5, y=0\ndone\n";
    const cycle = at(vdp, 'attractor', { mu: 1 });
    expect(cycle.attractor).toBe('periodic');
    expect(cycle.period).toBeCloseTo(6.6633, 3);
    expect(cycle.values[2]).toBe(1); // one crossing of the section per period
    expect(Math.abs(cycle.values[3])).toBeLessThan(0.02); // lambda_1 ~ 0 along the cycle
    expect(cycle.values[4]).toBeLessThan(-0.5);
    const rest = at(vdp, 'attractor', { mu: -0.5 });
    expect(rest.attractor).toBe('fixed point');
    expect(rest.values[3]).toBeCloseTo(-0.25, 2); // Re of the eigenvalues mu/2 +- i sqrt(1 - mu^2/4)
  });

  it('two oscillators: quasi-periodic for an irrational frequency ratio, periodic (period 2 pi) for ratio 2', () => {
    const osc = "x1' = -y1\ny1' = x1\nx2' = -w*y2\ny2' = w*x2\npar w=1.41421356\ninit x1=1, y1=0, x2=0.5, y2=0\ndone\n";
    const q = at(osc, 'attractor', { w: Math.SQRT2 });
    expect(q.attractor).toBe('quasi-periodic');
    const p = at(osc, 'attractor', { w: 2 });
    expect(p.attractor).toBe('periodic');
    expect(p.period).toBeCloseTo(2 * Math.PI, 6);
  });

  it('Lorenz at rho = 28 is chaotic with lambda_1 near 0.906; at rho = 10 it rests at a fixed point', () => {
    const lorenz =
      "x' = sigma*(y - x)\ny' = x*(rho - z) - y\nz' = x*y - beta*z\npar sigma=10, rho=28, beta=8/3\ninit x=1, y=1, z=1\ndone\n";
    const c = at(lorenz, 'lyapunov', { rho: 28 }, { duration: 300 });
    expect(c.attractor).toBe('chaotic');
    expect(c.values[0]).toBeGreaterThan(0.8);
    expect(c.values[0]).toBeLessThan(1.0);
    expect(at(lorenz, 'attractor', { rho: 10 }).attractor).toBe('fixed point');
  });

  it("fixed points of a linear system: one, stable iff a < 0; of the pitchfork x' = a x - x^3: 1 then 3", () => {
    const linear = "x' = a*x + y\ny' = -y\npar a=-1\ninit x=1, y=1\ndone\n";
    for (const [a, stable] of [
      [-1, 1],
      [-0.1, 1],
      [0.2, 0],
      [1, 0],
    ]) {
      const p = at(linear, 'fixed-points', { a });
      expect(p.values.slice(0, 2)).toEqual([1, stable]);
      expect(p.fixedPoints![0].state).toEqual([0, 0]);
    }
    const pitchfork = "x' = a*x - x^3\ny' = -y\npar a=-1\ninit x=0.3, y=1\ndone\n";
    const below = at(pitchfork, 'fixed-points', { a: -1 });
    expect(below.values).toEqual([1, 1, 0, 0]);
    const above = at(pitchfork, 'fixed-points', { a: 1 });
    expect(above.values).toEqual([3, 2, 1, 1]); // +-1 stable nodes, the origin a saddle
  });
});
