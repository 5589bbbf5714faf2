import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BifurcationResult, SpecialPoint } from '../../../src/protocol/results/bifurcation';
import { eig } from '../../../src/analysis/linalg/eig';
import { odeInput, runAnalysis } from '../stability/context';

const bif = (text: string, params: Record<string, unknown>) =>
  runAnalysis<BifurcationResult>('bifurcation', odeInput(text), params);
const of = (r: BifurcationResult, type: SpecialPoint['type']) => r.specialPoints.filter((s) => s.type === type);

describe('bifurcation: equilibria of flows', () => {
  it("fold of x' = mu - x^2 at mu = 0, stable upper and unstable lower half", async () => {
    const r = await bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'mu', from: -1, to: 2 });
    const folds = of(r, 'fold');
    expect(folds).toHaveLength(1);
    expect(Math.abs(folds[0].parameters.mu)).toBeLessThan(1e-8);
    expect(Math.abs(folds[0].state[0])).toBeLessThan(1e-4);
    expect(folds[0].label).toBe('LP1');
    const pts = r.branches[0].points;
    for (const p of pts) if (Math.abs(p.state[0]) > 1e-3) expect(p.stable).toBe(p.state[0] > 0);
    expect(r.summary[0]).toMatch(/^fold at mu = /);
  });

  for (const s of [-1, 1]) {
    it(`Hopf normal form (sigma = ${s}): Hopf at mu = 0, l1 of sign ${s}`, async () => {
      const text = `x' = mu*x - y + s*x*(x^2+y^2)\ny' = x + mu*y + s*y*(x^2+y^2)\npar mu=-1, s=${s}\ninit x=0.01, y=0\ndone\n`;
      const r = await bif(text, { param: 'mu', from: -1, to: 1 });
      const h = of(r, 'hopf');
      expect(h).toHaveLength(1);
      expect(Math.abs(h[0].parameters.mu)).toBeLessThan(1e-8);
      expect(h[0].frequency).toBeCloseTo(1, 8);
      expect(Math.sign(h[0].firstLyapunovCoefficient!)).toBe(s);
      expect(h[0].criticality).toBe(s < 0 ? 'supercritical' : 'subcritical');
    });
  }

  it('Brusselator: Hopf at b = 1 + a^2, supercritical', async () => {
    const text = "x' = a - (b+1)*x + x^2*y\ny' = b*x - x^2*y\npar a=1.5, b=1\ninit x=1.5, y=0.6\ndone\n";
    const r = await bif(text, { param: 'b', from: 0, to: 5 });
    const h = of(r, 'hopf');
    expect(h).toHaveLength(1);
    expect(h[0].parameters.b).toBeCloseTo(1 + 1.5 ** 2, 8);
    expect(h[0].criticality).toBe('supercritical');
    expect(h[0].frequency).toBeCloseTo(1.5, 6); // omega = a at the Hopf point
  });

  it('Lorenz: pitchfork at rho = 1, switch onto C+-, subcritical Hopf at rho = sigma(sigma+beta+3)/(sigma-beta-1)', async () => {
    const text =
      "x' = sigma*(y - x)\ny' = x*(rho - z) - y\nz' = x*y - beta*z\npar sigma=10, rho=0.5, beta=8/3\ninit x=0, y=0, z=0\ndone\n";
    const r = await bif(text, { param: 'rho', from: 0, to: 30, cycles: false });
    const bp = of(r, 'branch-point');
    expect(bp.length).toBeGreaterThanOrEqual(1);
    expect(bp[0].parameters.rho).toBeCloseTo(1, 8);
    const hopf = of(r, 'hopf');
    const rhoH = (10 * (10 + 8 / 3 + 3)) / (10 - 8 / 3 - 1);
    expect(hopf.length).toBeGreaterThanOrEqual(1);
    for (const h of hopf) {
      expect(h.parameters.rho).toBeCloseTo(rhoH, 7);
      expect(h.criticality).toBe('subcritical');
      // on C+-: x = y = +-sqrt(beta (rho - 1)), z = rho - 1
      expect(Math.abs(h.state[0])).toBeCloseTo(Math.sqrt((8 / 3) * (rhoH - 1)), 6);
    }
    expect(r.branches.some((b) => b.origin.startsWith('switched at BP1'))).toBe(true);
  });

  it('fold and Hopf curves in two parameters: Bogdanov-Takens of the Bazykin-type predator-prey normal form', async () => {
    // Takens-Bogdanov normal form x' = y, y' = b1 + b2 x + x^2 + x y: fold curve b1 = b2^2/4, Hopf curve
    // b1 = 0, b2 < 0; they meet at the BT point (0, 0) (Kuznetsov 2004, section 8.4).
    const text = "x' = y\ny' = b1 + b2*x + x^2 + x*y\npar b1=-1, b2=-1\ninit x=1, y=0\ndone\n";
    const r = await bif(text, { param: 'b1', from: -2, to: 2, twoParam: ['b1', 'b2'], cycles: false });
    const folds = of(r, 'fold');
    expect(folds.length).toBeGreaterThanOrEqual(1);
    expect(folds[0].parameters.b1).toBeCloseTo(0.25, 7); // b2^2/4 at b2 = -1
    const fc = r.branches.find((b) => b.kind === 'fold-curve')!;
    expect(fc).toBeDefined();
    for (const p of fc.points) expect(p.parameters.b1).toBeCloseTo(p.parameters.b2 ** 2 / 4, 6);
    const bt = of(r, 'bogdanov-takens');
    expect(bt.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(bt[0].parameters.b1)).toBeLessThan(1e-6);
    expect(Math.abs(bt[0].parameters.b2)).toBeLessThan(1e-5);
  });
});

/** Period and max of x of the attracting cycle by RK4 (dt 1e-3) and upward crossings of x = level. */
function simulateCycle(f: (x: number[]) => number[], x0: number[], level: number, tEnd: number) {
  const dt = 1e-3;
  let x = x0.slice();
  const crossings: number[] = [];
  let xmax = -Infinity;
  for (let k = 0; k * dt < tEnd; k++) {
    const k1 = f(x);
    const k2 = f(x.map((v, i) => v + (dt / 2) * k1[i]));
    const k3 = f(x.map((v, i) => v + (dt / 2) * k2[i]));
    const k4 = f(x.map((v, i) => v + dt * k3[i]));
    const y = x.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    if (x[0] < level && y[0] >= level) crossings.push((k + (level - x[0]) / (y[0] - x[0])) * dt);
    if (k * dt > tEnd / 2) xmax = Math.max(xmax, y[0]);
    x = y;
  }
  const n = crossings.length;
  return { period: (crossings[n - 1] - crossings[n - 11]) / 10, xmax };
}

describe('bifurcation: periodic orbits by collocation', () => {
  it('Hopf normal form: the cycle of radius sqrt(mu), period 2 pi, stable (supercritical)', async () => {
    const text = "x' = mu*x - y - x*(x^2+y^2)\ny' = x + mu*y - y*(x^2+y^2)\npar mu=-1\ninit x=0.01, y=0\ndone\n";
    const r = await bif(text, { param: 'mu', from: -1, to: 1 });
    const per = r.branches.find((b) => b.kind === 'periodic')!;
    expect(per).toBeDefined();
    expect(per.origin).toBe('born at HB1');
    const far = per.points.filter((p) => p.parameters.mu > 0.05);
    expect(far.length).toBeGreaterThan(5);
    for (const p of far) {
      expect(p.period!).toBeCloseTo(2 * Math.PI, 8);
      expect(p.max![0]).toBeCloseTo(Math.sqrt(p.parameters.mu), 6);
      expect(p.stable).toBe(true);
    }
  });

  it('Brusselator: the period and amplitude of the cycle equal a long simulation to 1e-6', async () => {
    const text = "x' = a - (b+1)*x + x^2*y\ny' = b*x - x^2*y\npar a=1, b=1.5\ninit x=1, y=1.5\ndone\n";
    const r = await bif(text, { param: 'b', from: 1, to: 2.6, ntst: 40 });
    const per = r.branches.find((b) => b.kind === 'periodic')!;
    const p = per.points.reduce((best, q) =>
      Math.abs(q.parameters.b - 2.5) < Math.abs(best.parameters.b - 2.5) ? q : best,
    );
    const b = p.parameters.b;
    const sim = simulateCycle(
      (v) => [1 - (b + 1) * v[0] + v[0] ** 2 * v[1], b * v[0] - v[0] ** 2 * v[1]],
      [1, 1.5],
      1,
      400,
    );
    expect(Math.abs(p.period! - sim.period)).toBeLessThan(1e-6 * sim.period);
    expect(Math.abs(p.max![0] - sim.xmax)).toBeLessThan(1e-6 * Math.abs(sim.xmax));
    expect(p.stable).toBe(true);
  });
});

/** Monodromy matrix of x' = f(x) over [0, T] from x0 by RK4 on the orbit and its variational equation. */
function monodromyByIntegration(
  f: (x: number[]) => number[],
  jac: (x: number[]) => number[][],
  x0: number[],
  T: number,
) {
  const n = x0.length;
  const steps = 20000;
  const dt = T / steps;
  const rhs = (s: number[]) => {
    const x = s.slice(0, n);
    const J = jac(x);
    const out = f(x);
    for (let c = 0; c < n; c++)
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let k = 0; k < n; k++) v += J[i][k] * s[n + k * n + c];
        out.push(0);
        out[n + i * n + c] = v;
      }
    return out;
  };
  let s = [...x0, ...Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0))];
  for (let k = 0; k < steps; k++) {
    const k1 = rhs(s);
    const k2 = rhs(s.map((v, i) => v + (dt / 2) * k1[i]));
    const k3 = rhs(s.map((v, i) => v + (dt / 2) * k2[i]));
    const k4 = rhs(s.map((v, i) => v + dt * k3[i]));
    s = s.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  // column-major copy of the row-major Phi stored at s[n + i*n + c]
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < n; c++) col[i + c * n] = s[n + i * n + c];
  const e = eig(col, n, false);
  return Array.from(e.re).map((re, i) => [re, e.im[i]]);
}

describe('bifurcation: period doubling of cycles', () => {
  it('Rossler (a = b = 0.2): first period doubling at c = 2.8324, a multiplier -1 there by independent integration', async () => {
    const text =
      "x' = -y - z\ny' = x + a*y\nz' = b + z*(x - c)\npar a=0.2, b=0.2, c=1\ninit x=0.05, y=-0.25, z=0.25\ndone\n";
    const r = await bif(text, { param: 'c', from: 0.35, to: 3, ntst: 30, maxBranches: 3 });
    const pd = of(r, 'period-doubling');
    expect(pd.length).toBeGreaterThanOrEqual(1);
    const c = pd[0].parameters.c;
    expect(c).toBeCloseTo(2.8324, 3);
    const branch = r.branches[pd[0].branch];
    const T = branch.points[pd[0].index].period!;
    const f = (v: number[]) => [-v[1] - v[2], v[0] + 0.2 * v[1], 0.2 + v[2] * (v[0] - c)];
    const jac = (v: number[]) => [
      [0, -1, -1],
      [1, 0.2, 0],
      [v[2], 0, v[0] - c],
    ];
    const mult = monodromyByIntegration(f, jac, pd[0].state, T);
    expect(Math.min(...mult.map(([re, im]) => Math.hypot(re + 1, im)))).toBeLessThan(1e-4);
    expect(r.branches.some((b) => b.origin === 'period-doubled at PD1' && b.points.length > 3)).toBe(true);
  });
});

/*
 * AUTO-07p demo `ab` (the A -> B reaction): u1' = -u1 + D (1 - u1) e^u2, u2' = -u2 + D B (1 - u1) e^u2 - beta u2,
 * beta = 3, continued in D. Reference values: AUTO-07p's own test output for its demos (auto-07p repository,
 * test/hyper.all, demo ab), printed to 6 digits.
 */
describe('bifurcation: AUTO-07p demo ab', () => {
  const ab = (B: number) =>
    `u1' = -u1 + d*(1-u1)*exp(u2)\nu2' = -u2 + d*b*(1-u1)*exp(u2) - beta*u2\npar d=0, b=${B}, beta=3\ninit u1=0, u2=0\ndone\n`;

  it('B = 18: HB at D = 0.111153 and 0.183833, LP at 0.111565 and 0.0995741', async () => {
    const r = await bif(ab(18), { param: 'd', from: 0, to: 0.25, cycles: false });
    const at = (type: SpecialPoint['type']) =>
      of(r, type)
        .map((s) => s.parameters.d)
        .sort();
    // AUTO locates special points to its tolerance EPSS = 1e-5: agree to that, and check the defining conditions
    const close = (got: number[], want: number[]) =>
      want.forEach((w, i) => expect(Math.abs(got[i] - w) / w).toBeLessThan(2e-5));
    close(at('hopf'), [0.111153, 0.183833]);
    close(at('fold'), [0.0995741, 0.111565]);
    for (const h of of(r, 'hopf')) {
      // 2-D: a Hopf point has trace J = 0 (and det J > 0)
      const [u1, u2] = h.state;
      const d = h.parameters.d;
      const e = Math.exp(u2);
      expect(Math.abs(-1 - d * e + (-1 + d * 18 * (1 - u1) * e - 3))).toBeLessThan(1e-8);
    }
    const lp = of(r, 'fold').find((s) => Math.abs(s.parameters.d - 0.111565) < 1e-5)!;
    expect(lp.state[0]).toBeCloseTo(1 / 3, 6); // AUTO: U(1) = 3.33333E-01, U(2) = 1.50000E+00
    expect(lp.state[1]).toBeCloseTo(1.5, 5);
  });

  it('B = 14: HB at D = 0.165042; the cycle born there has period 2.22034 at D = 0.25', async () => {
    const r = await bif(ab(14), { param: 'd', from: 0, to: 0.25, ntst: 50 });
    const hb = of(r, 'hopf');
    expect(hb).toHaveLength(1);
    expect(Number(hb[0].parameters.d.toPrecision(6))).toBe(0.165042);
    expect(hb[0].state[0]).toBeCloseTo(0.405955, 6);
    const per = r.branches.find((b) => b.kind === 'periodic')!;
    const end = per.points[per.points.length - 1];
    expect(end.parameters.d).toBeCloseTo(0.25, 12);
    expect(Number(end.period!.toPrecision(6))).toBe(2.22034);
    expect(end.max![0]).toBeCloseTo(0.995387, 5);
    // AUTO prints the largest mesh value (6.87995); the maximum of the collocation polynomial lies a little above
    expect(Math.abs(end.max![1] - 6.87995) / 6.87995).toBeLessThan(2e-5);
  });
});

describe('bifurcation: maps', () => {
  it('logistic map: flips at r = 3 and r = 1 + sqrt(6) on the doubled branch', async () => {
    const text = 'x(t+1) = r*x*(1-x)\npar r=2.8\ninit x=0.6\ndone\n';
    const r = await bif(text, { param: 'r', from: 2.5, to: 3.5 });
    const flips = of(r, 'flip')
      .map((s) => s.parameters.r)
      .sort();
    expect(flips[0]).toBeCloseTo(3, 8);
    expect(flips.some((v) => Math.abs(v - (1 + Math.sqrt(6))) < 1e-7)).toBe(true);
    expect(r.branches.some((b) => b.kind === 'cycle' && b.cyclePeriod === 2)).toBe(true);
  });
});

describe('bifurcation: bad input', () => {
  it('names an unknown parameter and lists the known ones', async () => {
    await expect(bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'nu' })).rejects.toThrow(
      /nu.*parameters: mu/,
    );
  });
  it('continues in the first parameter when --param is not given, and says so', async () => {
    const r = await bif("x' = mu - x^2\npar mu=1, k=2\ninit x=1\ndone\n", {});
    expect(r.parameter).toBe('mu');
    expect(r.notes.join(' ')).toMatch(/first parameter.*--param/);
  });
  it('refuses a delay model clearly', async () => {
    await expect(bif("x' = -x + a*delay(x, 1)\npar a=0.5\ninit x=1\ndone\n", { param: 'a' })).rejects.toThrow(
      /Continuation needs an ordinary differential equation.*delay/,
    );
  });
  it('refuses a model without parameters', async () => {
    await expect(bif("x' = 1 - x^2\ninit x=1\ndone\n", {})).rejects.toThrow(/no parameters/);
  });
  it('keeps what was computed when the range ends', async () => {
    const r = await bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'mu', from: 0.5, to: 2 });
    expect(r.branches[0].points.length).toBeGreaterThan(5);
    expect(r.branches[0].ends.join(' ')).toMatch(/reached the end of the parameter range, mu = 2/);
  });
});

describe('bifurcation: starting from a simulated orbit', () => {
  it('Brusselator at b = 2.5: the attracting cycle is found, corrected and continued both ways to its Hopf point', async () => {
    const text = "x' = a - (b+1)*x + x^2*y\ny' = b*x - x^2*y\npar a=1, b=2.5\ninit x=1, y=1.5\n@ total=100\ndone\n";
    const r = await bif(text, { param: 'b', from: 1.9, to: 3, start: 'orbit', ntst: 40 });
    expect(r.branches).toHaveLength(1);
    const per = r.branches[0];
    expect(per.kind).toBe('periodic');
    expect(per.origin).toBe('simulated orbit');
    const bs = per.points.map((p) => p.parameters.b);
    expect(Math.max(...bs)).toBeCloseTo(3, 10);
    // towards b = 2 (the Hopf point b = 1 + a^2) the amplitude shrinks to zero and the period tends to 2 pi / omega = 2 pi
    const low = per.points.reduce((m, p) => (p.parameters.b < m.parameters.b ? p : m));
    expect(low.parameters.b).toBeLessThan(2.02);
    expect(low.max![0] - low.min![0]).toBeLessThan(0.6);
    expect(Math.abs(low.period! - 2 * Math.PI)).toBeLessThan(0.2);
  });

  it('refuses a chaotic attractor', async () => {
    const text = "x' = 10*(y - x)\ny' = x*(28 - z) - y\nz' = x*y - 8/3*z\npar rho=28\ninit x=1, y=1, z=1\ndone\n";
    await expect(bif(text, { param: 'rho', start: 'orbit' })).rejects.toThrow(/not periodic|settles without/);
  });
});

describe('bifurcation: brute-force orbit diagram', () => {
  it('logistic map: one value below r = 3, two to 1 + sqrt(6), four after, many in the chaotic band', async () => {
    const text = 'x(t+1) = r*x*(1-x)\npar r=2.8\ninit x=0.6\ndone\n';
    const r = await bif(text, { param: 'r', from: 2.8, to: 3.9, orbitDiagram: 12, maxBranches: 1 });
    const od = r.orbitDiagram!;
    expect(od.kind).toBe('iterates');
    const distinct = (k: number) => {
      const vals = od.points[0].value.filter((_, i) => od.points[0].parameterIndex[i] === k);
      return new Set(vals.map((v) => v.toFixed(6))).size;
    };
    const at = (rv: number) => od.values.findIndex((v) => Math.abs(v - rv) < 1e-9);
    expect(distinct(at(2.8))).toBe(1);
    expect(distinct(at(3.2))).toBe(2);
    expect(distinct(at(3.5))).toBe(4);
    expect(distinct(at(3.9))).toBeGreaterThan(50);
  });
});

describe('bifurcation: no special points where the numerics cannot support them', () => {
  it('Lorenz in sigma: Hopf at the two roots of rho = sigma (sigma + beta + 3)/(sigma - beta - 1), no false folds or period doublings', async () => {
    const text = readFileSync(join(__dirname, '../../../examples/lorenz.ode'), 'utf8');
    const r = await bif(text, { param: 'sigma' });
    // rho = 28, beta = 8/3: sigma^2 - (25 - beta) sigma + 28 (beta + 1) = 0
    const beta = 8 / 3;
    const b = 25 - beta;
    const c = 28 * (beta + 1);
    const roots = [(b - Math.sqrt(b * b - 4 * c)) / 2, (b + Math.sqrt(b * b - 4 * c)) / 2];
    const hopf = [...new Set(of(r, 'hopf').map((h) => h.parameters.sigma.toFixed(6)))]
      .map(Number)
      .sort((x, y) => x - y);
    expect(hopf.length).toBe(2);
    hopf.forEach((v, k) => expect(Math.abs(v - roots[k])).toBeLessThan(1e-5));
    // The equilibria do not depend on sigma (no fold); at sigma = 0 a whole curve of equilibria meets them (branch
    // points there, where the parameter tangent is zero up to rounding); the periodic orbits born at the Hopf points
    // run into homoclinic orbits, where the multipliers reach 1e9 and carry no bifurcation.
    expect(of(r, 'fold')).toEqual([]);
    expect(of(r, 'period-doubling')).toEqual([]);
    expect(of(r, 'fold-of-cycles')).toEqual([]);
  });
});
