import { describe, expect, it } from 'vitest';
import type { BifurcationResult, PointOrbit } from '../../../src/protocol/results/bifurcation';
import { orbitIndices } from '../../../src/analysis/stability/continuation/point-orbits';
import { odeInput, runAnalysis } from '../stability/context';

const bif = (text: string, params: Record<string, unknown>) =>
  runAnalysis<BifurcationResult>('bifurcation', odeInput(text), params);

const BRUSSELATOR = "x' = a - (b+1)*x + x^2*y\ny' = b*x - x^2*y\npar a=1, b=1.5\ninit x=1, y=1.5\ndone\n";

/** RK4 of the Brusselator from x0 over [0, T]. */
function brusselatorFlow(b: number, x0: number[], T: number, steps = 20000): number[] {
  const f = (v: number[]) => [1 - (b + 1) * v[0] + v[0] ** 2 * v[1], b * v[0] - v[0] ** 2 * v[1]];
  const dt = T / steps;
  let s = x0.slice();
  for (let k = 0; k < steps; k++) {
    const k1 = f(s);
    const k2 = f(s.map((v, i) => v + (dt / 2) * k1[i]));
    const k3 = f(s.map((v, i) => v + (dt / 2) * k2[i]));
    const k4 = f(s.map((v, i) => v + dt * k3[i]));
    s = s.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return s;
}

const distance = (o: PointOrbit, run: number, k: number, x: number[]) =>
  Math.hypot(...x.map((xi, c) => o.runs[run].states[c][k] - xi));

describe('bifurcation: orbits of clickable points', () => {
  it('orbitIndices: the labelled points plus evenly spaced ones, sorted, bounded', () => {
    expect(orbitIndices(100, [37], 5)).toEqual([0, 25, 37, 50, 74, 99]);
    expect(orbitIndices(3, [], 8)).toEqual([0, 1, 2]);
    expect(orbitIndices(0, [], 8)).toEqual([]);
    expect(orbitIndices(1000, [], 8)).toHaveLength(8);
    // a pile of labelled points (folds of cycles near a homoclinic orbit) is thinned to as many as the spaced ones
    const pile = Array.from({ length: 150 }, (_, i) => 400 + i);
    const kept = orbitIndices(1000, pile, 8);
    expect(kept.filter((i) => i >= 400 && i < 550).length).toBeGreaterThanOrEqual(8);
    expect(kept).toContain(400);
    expect(kept).toContain(549);
    expect(kept.length).toBeLessThanOrEqual(16);
  });

  it('Brusselator: every labelled point has its orbit; runs approach a stable equilibrium and leave an unstable one', async () => {
    const r = await bif(BRUSSELATOR, { param: 'b', from: 1, to: 3 });
    for (const s of r.specialPoints)
      expect(r.orbits.some((o) => o.branch === s.branch && o.index === s.index)).toBe(true);
    for (const b of r.branches) {
      const mine = r.orbits.filter((o) => o.branch === b.id);
      const labelled = r.specialPoints.filter((s) => s.branch === b.id).length;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThanOrEqual(8 + labelled);
    }
    const hb = r.specialPoints.find((s) => s.type === 'hopf')!;
    const atHopf = r.orbits.find((o) => o.branch === hb.branch && o.index === hb.index)!;
    expect(atHopf.eigenvalues).toEqual(hb.eigenvalues);
    const eqb = r.branches[hb.branch];
    for (const o of r.orbits.filter((q) => q.branch === hb.branch && q.index !== hb.index)) {
      const p = eqb.points[o.index];
      expect(o.runs).toHaveLength(2);
      for (let k = 0; k < 2; k++) {
        const n = o.runs[k].time.length;
        expect(n).toBeGreaterThan(100);
        const d0 = distance(o, k, 0, p.state);
        const d1 = distance(o, k, n - 1, p.state);
        // about four e-foldings of the leading eigenvalue (the stable ones spiral in, the unstable ones out)
        if (p.stable) expect(d1).toBeLessThan(0.2 * d0);
        else expect(d1).toBeGreaterThan(5 * d0);
      }
    }
  });

  it('Brusselator: a periodic point stores its collocation profile, a closed orbit of the flow with the branch period', async () => {
    const r = await bif(BRUSSELATOR, { param: 'b', from: 1, to: 2.6, ntst: 40 });
    const per = r.branches.find((b) => b.kind === 'periodic')!;
    const stored = r.orbits.filter((o) => o.branch === per.id);
    expect(stored.length).toBeGreaterThanOrEqual(Math.min(8, per.points.length));
    const o = stored[stored.length - 2];
    const p = per.points[o.index];
    const run = o.runs[0];
    expect(o.period).toBe(p.period);
    expect(run.time[0]).toBe(0);
    expect(run.time[run.time.length - 1]).toBeCloseTo(p.period!, 6); // stored to 7 significant digits
    expect(run.states[0][0]).toBe(run.states[0][run.states[0].length - 1]);
    expect(Math.max(...run.states[0])).toBeLessThanOrEqual(p.max![0] + 1e-9);
    expect(Math.max(...run.states[0])).toBeGreaterThan(p.max![0] - 0.02 * (p.max![0] - p.min![0]));
    // the profile is an orbit of the flow: integrating from its first node for one period returns there, and from it
    // for a third of a period reaches the node at that time
    const x0 = [run.states[0][0], run.states[1][0]];
    const back = brusselatorFlow(p.parameters.b, x0, p.period!);
    expect(Math.hypot(back[0] - x0[0], back[1] - x0[1])).toBeLessThan(1e-6);
    const k = Math.floor(run.time.length / 3);
    // (the stored times have 7 significant digits: 5e-7 in t moves the state by up to |f| 5e-7)
    const mid = brusselatorFlow(p.parameters.b, x0, run.time[k]);
    expect(Math.hypot(mid[0] - run.states[0][k], mid[1] - run.states[1][k])).toBeLessThan(1e-5);
    expect(o.multipliers).toHaveLength(2);
  });

  it('Henon map: fixed points carry their multipliers and iterate runs of at most 400 iterations', async () => {
    const text = 'x(t+1) = 1 - a*x^2 + y\ny(t+1) = b*x\npar a=0.2, b=0.3\ninit x=0.5, y=0.1\ndone\n';
    const r = await bif(text, { param: 'a', from: -0.1, to: 0.35, maxBranches: 2 });
    expect(r.orbits.length).toBeGreaterThan(0);
    for (const o of r.orbits) {
      expect(o.multipliers).toHaveLength(2);
      expect(o.eigenvalues).toBeUndefined();
      for (const run of o.runs) {
        expect(run.time.length).toBeLessThanOrEqual(401);
        expect(run.time[1] - run.time[0]).toBe(1);
      }
    }
  });
});
