/**
 * Exact-answer tests: systems whose Koopman eigenvalues (KoopmanEigenvalue, src/protocol/results/koopman.ts) are
 * known in closed form.
 */
import { describe, expect, it } from 'vitest';
import { rk4, rng, runKoopman, table, trajectoryTable } from './helpers';
import { matchEigenvaluePairs } from '../../support';
import type { KoopmanResult } from '../../../src/protocol/results/koopman';

/** Worst distance with each expected eigenvalue matched to a distinct computed one. */
function worstOf(got: [number, number][], want: [number, number][]): number {
  return matchEigenvaluePairs(got, want).worst;
}

function discrete(r: KoopmanResult): [number, number][] {
  return r.eigenvalues.map((e) => e.discrete);
}

describe('linear map x_{k+1} = A x_k, A = [[0.8, -0.05], [0, 0.7]]', () => {
  const R = rng(11);
  const trajs: number[][][] = [];
  for (let t = 0; t < 5; t++) {
    let x = [R() * 2 - 1, R() * 2 - 1];
    const tr = [x];
    for (let k = 1; k < 25; k++) {
      x = [0.8 * x[0] - 0.05 * x[1], 0.7 * x[1]];
      tr.push(x);
    }
    trajs.push(tr);
  }
  const input = trajectoryTable(trajs, ['x', 'y'], 0.1);

  it('DMD gives 0.8 and 0.7 to 1e-10, with residuals at rounding level and units from the time column', async () => {
    const r = await runKoopman(input, { method: 'dmd', trajectoryColumn: 'id' });
    expect(r.rank).toBe(2);
    expect(r.eigenvalues).toHaveLength(2);
    expect(
      worstOf(discrete(r), [
        [0.8, 0],
        [0.7, 0],
      ]),
    ).toBeLessThan(1e-10);
    for (const e of r.eigenvalues) expect(e.residual).toBeLessThan(1e-12);
    expect(r.dt).toBeCloseTo(0.1, 12);
    expect(r.dtSource).toBe('time-column');
    expect(r.eigenvalues[0].continuous[0]).toBeCloseTo(Math.log(0.8) / 0.1, 8);
    expect(r.pairs).toBe(5 * 24);
    expect(r.reconstructionError).toBeLessThan(1e-10);
  });

  it('fbdmd and tlsdmd agree on noise-free data', async () => {
    for (const method of ['fbdmd', 'tlsdmd']) {
      const r = await runKoopman(input, { method, trajectoryColumn: 'id' });
      expect(
        worstOf(discrete(r), [
          [0.8, 0],
          [0.7, 0],
        ]),
      ).toBeLessThan(1e-8);
    }
  });

  it('EDMD with monomials of degree 2 adds 1, 0.64, 0.56 and 0.49', async () => {
    const r = await runKoopman(input, { method: 'edmd', dictionary: 'poly:2', trajectoryColumn: 'id' });
    expect(r.dictionarySize).toBe(6);
    expect(
      worstOf(discrete(r), [
        [1, 0],
        [0.8, 0],
        [0.7, 0],
        [0.64, 0],
        [0.56, 0],
        [0.49, 0],
      ]),
    ).toBeLessThan(1e-10);
    for (const e of r.eigenvalues) expect(e.residual).toBeLessThan(1e-10);
  });

  it('without a time column or --dt, dt is 1 sample and the result says so', async () => {
    const cols = { x: trajs[0].map((s) => s[0]), y: trajs[0].map((s) => s[1]) };
    const r = await runKoopman(table(cols), { method: 'dmd' });
    expect(r.dt).toBe(1);
    expect(r.dtSource).toBe('assumed');
    expect(r.unitsNote).toContain('dt assumed 1 sample');
    expect(r.eigenvalues[0].continuous[0]).toBeCloseTo(Math.log(0.8), 9);
  });
});

describe("slow manifold x' = mu x, y' = lambda (y - x^2), mu = -0.05, lambda = -1", () => {
  it('EDMD on x^a y^b with a + 2b <= 4 gives {a mu + b lambda} to 1e-6 with residuals below 1e-6', async () => {
    const mu = -0.05,
      lam = -1;
    const f = (s: number[]): number[] => [mu * s[0], lam * (s[1] - s[0] * s[0])];
    const R = rng(5);
    const dt = 0.1;
    const trajs: number[][][] = [];
    for (let t = 0; t < 40; t++) trajs.push(rk4(f, [R() * 2 - 1, R() * 2 - 1], dt, 10, 10));
    const r = await runKoopman(trajectoryTable(trajs, ['x', 'y'], dt), {
      method: 'edmd',
      dictionary: 'poly:4:1,2',
      trajectoryColumn: 'id',
    });
    expect(r.dictionarySize).toBe(9);
    const want = [0, -0.05, -0.1, -0.15, -0.2, -1, -1.05, -1.1, -2];
    const got = r.eigenvalues.map((e) => e.continuous);
    expect(
      worstOf(
        got,
        want.map((w) => [w, 0]),
      ),
    ).toBeLessThan(1e-6);
    for (const e of r.eigenvalues) expect(e.residual).toBeLessThan(1e-6);
  });
});

describe('Van der Pol, mu = 1: limit-cycle frequency omega = 0.942956', () => {
  const f = (s: number[]): number[] => [s[1], (1 - s[0] * s[0]) * s[1] - s[0]];
  const dt = 0.05;
  const transient = rk4(f, [2, 0], 0.5, 200, 50);
  const tr = rk4(f, transient[transient.length - 1], dt, 4000, 5);
  const input = table({ t: tr.map((_, k) => k * dt), x: tr.map((s) => s[0]), y: tr.map((s) => s[1]) });
  const omega = 0.942956;
  const nearest = (r: KoopmanResult, k: number): number =>
    Math.min(...r.eigenvalues.map((e) => Math.hypot(e.continuous[0], e.continuous[1] - k * omega)));

  it('Hankel DMD of x alone finds i omega and i 3 omega to 1e-3 (x has only odd harmonics), with HAVOK forcing', async () => {
    const r = await runKoopman(input, { method: 'hankel', columns: 'x', delays: 140 });
    expect(r.rankRule).toContain('Gavish-Donoho');
    expect(nearest(r, 1)).toBeLessThan(1e-3);
    expect(nearest(r, 3)).toBeLessThan(1e-3);
    const lead = r.eigenvalues.find((e) => Math.abs(e.continuous[1] - omega) < 1e-3)!;
    expect(lead.period).toBeCloseTo(6.663287, 2);
    expect(lead.frequency).toBeCloseTo(omega / (2 * Math.PI), 4);
    expect(r.havokForcing!.values.length).toBe(4000 - 140 + 1);
    expect(r.reconstructionError).toBeLessThan(1e-3);
  });

  it('EDMD with monomials on (x, y) finds i k omega, k = 1, 2, 3, to 1e-3', async () => {
    const r = await runKoopman(input, { method: 'edmd', dictionary: 'poly:6' });
    for (const k of [1, 2, 3]) expect(nearest(r, k)).toBeLessThan(1e-3);
  });
});

describe("damped Duffing x'' = -0.5 x' + x - x^3", () => {
  const f = (s: number[]): number[] => [s[1], -0.5 * s[1] + s[0] - s[0] ** 3];
  const R = rng(9);
  const dt = 0.1;
  const trajs: number[][][] = [];
  for (let t = 0; t < 60; t++) {
    const a = 2 * Math.PI * R();
    const rad = 0.3 * Math.sqrt(R());
    trajs.push(rk4(f, [1 + rad * Math.cos(a), rad * Math.sin(a)], dt, 30, 10));
  }
  const input = trajectoryTable(trajs, ['x', 'v'], dt);

  it('the principal eigenvalue -0.25 +/- 1.391941 i to 1e-3 with a small residual', async () => {
    const r = await runKoopman(input, { method: 'edmd', dictionary: 'poly:5', trajectoryColumn: 'id' });
    const target: [number, number][] = [
      [-0.25, 1.391941],
      [-0.25, -1.391941],
    ];
    const got = r.eigenvalues.map((e) => e.continuous);
    expect(worstOf(got, target)).toBeLessThan(1e-3);
    const pr = r.eigenvalues.find((e) => Math.hypot(e.continuous[0] + 0.25, e.continuous[1] - 1.391941) < 1e-3)!;
    expect(pr.residual).toBeLessThan(1e-3);
  });

  it('a too-large RBF dictionary: spurious eigenvalues get large residuals, true ones small, --max-residual flags them', async () => {
    const r = await runKoopman(input, {
      method: 'edmd',
      dictionary: 'rbf:150',
      trajectoryColumn: 'id',
      maxResidual: 0.05,
      pseudospectrum: true,
      grid: '-1.2,1.2,-1.2,1.2,10,10',
    });
    // true spectrum near the stable focus: the lattice m lambda + n conj(lambda), lambda = -0.25 + 1.391941 i
    const lattice: [number, number][] = [];
    for (let a = 0; a <= 8; a++) for (let b = 0; b <= 8; b++) lattice.push([-0.25 * (a + b), 1.391941 * (a - b)]);
    const distToLattice = (c: [number, number]): number =>
      Math.min(...lattice.map((l) => Math.hypot(l[0] - c[0], l[1] - c[1])));
    const pr = r.eigenvalues.find((e) => Math.hypot(e.continuous[0] + 0.25, e.continuous[1] - 1.391941) < 0.05);
    expect(pr).toBeDefined();
    expect(pr!.residual).toBeLessThan(0.02);
    const large = r.eigenvalues.filter((e) => e.residual > 0.2);
    expect(large.length).toBeGreaterThan(10);
    // every eigenvalue with a large residual is far from the true spectrum: the residual exposes it
    for (const e of large) expect(distToLattice(e.continuous)).toBeGreaterThan(0.05);
    expect(r.spurious.filter(Boolean).length).toBe(r.eigenvalues.filter((e) => !(e.residual <= 0.05)).length);
    expect(r.spurious[r.eigenvalues.indexOf(pr!)]).toBe(false);
    // the pseudospectrum is a lower bound of the residual at each eigenvalue: tau(lambda) <= res(lambda)
    expect(r.pseudospectrum!.tau.length).toBe(100);
  });
});

describe('noise-robust variants: forward-backward and total-least-squares DMD remove the noise bias of DMD', () => {
  it('on a noisy rotation (|lambda| = 1), DMD shrinks |lambda| and fbdmd/tlsdmd stay closer to 1', async () => {
    const R = rng(21);
    const gauss = (): number => Math.sqrt(-2 * Math.log(R() + 1e-300)) * Math.cos(2 * Math.PI * R());
    const th = 0.2;
    const T = 400;
    const x: number[] = [],
      y: number[] = [];
    let s = [1, 0];
    for (let k = 0; k < T; k++) {
      x.push(s[0] + 0.15 * gauss());
      y.push(s[1] + 0.15 * gauss());
      s = [Math.cos(th) * s[0] - Math.sin(th) * s[1], Math.sin(th) * s[0] + Math.cos(th) * s[1]];
    }
    const input = table({ x, y });
    const modulus = async (method: string): Promise<number> => {
      const r = await runKoopman(input, { method, rank: '2' });
      return Math.hypot(...r.eigenvalues[0].discrete);
    };
    const dmd = await modulus('dmd');
    const fb = await modulus('fbdmd');
    const tls = await modulus('tlsdmd');
    // DMD's bias: E|lambda| ~ 1 / (1 + noise variance / signal variance) ~ 0.96 here
    expect(1 - dmd).toBeGreaterThan(0.02);
    expect(Math.abs(1 - fb)).toBeLessThan((1 - dmd) / 3);
    expect(Math.abs(1 - tls)).toBeLessThan((1 - dmd) / 3);
  });
});
