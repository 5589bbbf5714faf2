/**
 * XPPAUT's global events (`global sign condition {x=...}`): after every accepted step the conditions are evaluated;
 * when one crosses zero in its direction (sign 1 upwards, -1 downwards, 0 either way), the crossing time is located
 * by bisection on the step's dense output, the state there is reset by the event's assignments (all right-hand
 * sides evaluated before any assignment), and the integrator restarts from that point.
 */
import { compileExprs, type VectorField } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import type { OdeRuntime } from '../ode/runtime';
import type { Stepper } from './stepper';

interface EventWatcher {
  /** After a step: the time of the earliest crossing in (tPrev, t], or undefined. */
  crossing(stepper: Stepper): number | undefined;
  /** Applies the events that cross at tc to y (in place). */
  apply(tc: number, y: Float64Array): void;
  /** Re-reads the conditions at the current point (after a restart). */
  reset(t: number, y: Float64Array): void;
}

export function createEventWatcher(model: OdeModel, runtime: OdeRuntime): EventWatcher | undefined {
  const ev = model.events;
  if (ev.length === 0) return undefined;
  const n = model.stateNames.length;
  const np = model.paramNames.length;
  const p = model.paramValues;
  const conds: VectorField = compileExprs(
    ev.map((e) => e.cond),
    n,
    np,
    runtime,
  );
  const assigns: VectorField[] = ev.map((e) =>
    compileExprs(
      e.assigns.map((a) => a.expr),
      n,
      np,
      runtime,
    ),
  );
  const gPrev = new Float64Array(ev.length);
  const g = new Float64Array(ev.length);
  const yd = new Float64Array(n);
  const fires = (k: number, a: number, b: number): boolean => {
    const s = ev[k].sign;
    return (s >= 0 && a < 0 && b >= 0) || (s <= 0 && a > 0 && b <= 0);
  };
  let pending: number[] = [];
  return {
    crossing(st) {
      conds(st.t, st.y, p, g);
      let best: number | undefined;
      pending = [];
      for (let k = 0; k < ev.length; k++) {
        if (!fires(k, gPrev[k], g[k])) continue;
        // bisection on the dense output: the condition changes sign in (lo, hi]
        let lo = st.tPrev;
        let hi = st.t;
        const one = new Float64Array(ev.length);
        for (let it = 0; it < 60 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); it++) {
          const mid = 0.5 * (lo + hi);
          st.denseAt(mid, yd);
          conds(mid, yd, p, one);
          if (fires(k, gPrev[k], one[k])) hi = mid;
          else lo = mid;
        }
        if (best === undefined || hi < best - 1e-12) {
          best = hi;
          pending = [k];
        } else if (Math.abs(hi - best) <= 1e-12) pending.push(k);
      }
      gPrev.set(g);
      return best;
    },
    apply(tc, y) {
      for (const k of pending) {
        const vals = new Float64Array(ev[k].assigns.length);
        assigns[k](tc, y, p, vals);
        ev[k].assigns.forEach((a, j) => (y[a.state] = vals[j]));
      }
    },
    reset(t, y) {
      conds(t, y, p, gPrev);
    },
  };
}

/**
 * XPPAUT's Markov variables: after each fixed step of size h, a variable in state i jumps to j with probability
 * rate(i -> j) * h (one uniform draw per variable and step; Gillespie-free, as XPPAUT steps them). Returns whether
 * a state changed (the integrator then restarts from the new state).
 */
export function createMarkovJumps(
  model: OdeModel,
  runtime: OdeRuntime,
): ((t: number, y: Float64Array, h: number) => boolean) | undefined {
  if (model.markov.length === 0) return undefined;
  const n = model.stateNames.length;
  const np = model.paramNames.length;
  const tables = model.markov.map((m) => compileExprs(m.rates, n, np, runtime));
  const buf = model.markov.map((m) => new Float64Array(m.n * m.n));
  return (t, y, h) => {
    let changed = false;
    model.markov.forEach((m, k) => {
      const i = Math.round(y[m.state]);
      if (!(i >= 0 && i < m.n)) return;
      tables[k](t, y, model.paramValues, buf[k]);
      const u = runtime.ran(1);
      let cum = 0;
      for (let j = 0; j < m.n; j++) {
        if (j === i) continue;
        cum += Math.max(0, buf[k][i * m.n + j]) * h;
        if (u < cum) {
          y[m.state] = j;
          changed = true;
          return;
        }
      }
    });
    return changed;
  };
}

/**
 * Gillespie's direct method (Gillespie 1977, J. Phys. Chem. 81:2340, eqs. 21a-b) for `special z = gill(0, r1..rM)`:
 * once per iteration, z(0) = -ln(u1)/a0 is the waiting time to the next reaction (a0 = sum of the rates) and z(k) = 1
 * for the one reaction k chosen with probability r_k / a0 (0 for the others).
 */
export function createGillespie(
  model: OdeModel,
  runtime: OdeRuntime,
): ((t: number, y: Float64Array) => void) | undefined {
  if (model.gills.length === 0) return undefined;
  const n = model.stateNames.length;
  const np = model.paramNames.length;
  const rates = model.gills.map((g) => compileExprs(g.rates, n, np, runtime));
  const buf = model.gills.map((g) => new Float64Array(g.rates.length));
  runtime.gill = model.gills.map((g) => new Float64Array(g.rates.length + 1));
  return (t, y) => {
    model.gills.forEach((_, i) => {
      rates[i](t, y, model.paramValues, buf[i]);
      const z = runtime.gill[i];
      z.fill(0);
      let a0 = 0;
      for (const r of buf[i]) a0 += Math.max(0, r);
      if (!(a0 > 0)) {
        z[0] = Infinity;
        return;
      }
      let u1 = runtime.ran(1);
      while (u1 === 0) u1 = runtime.ran(1);
      z[0] = -Math.log(u1) / a0;
      const target = runtime.ran(1) * a0;
      let cum = 0;
      for (let k = 0; k < buf[i].length; k++) {
        cum += Math.max(0, buf[i][k]);
        if (target < cum || k === buf[i].length - 1) {
          z[k + 1] = 1;
          break;
        }
      }
    });
  };
}

/** Global events on a fixed grid (the integral-equation and DAE solver), located linearly within a step. */
export interface GridEvents {
  /**
   * After a step to (t, z): the fraction s in (0, 1] of the step at which the earliest event's condition crosses zero
   * (linear interpolation of the conditions between the step's ends, as XPPAUT locates events), or undefined.
   */
  crossing(t: number, z: Float64Array): number | undefined;
  /** Applies the events found by the last crossing (all right-hand sides before any assignment), in place. */
  apply(t: number, z: Float64Array): void;
  /** Re-reads the conditions at (t, z): after an event, and at the start. */
  reset(t: number, z: Float64Array): void;
}

export function createGridEvents(model: OdeModel, runtime: OdeRuntime, size: number): GridEvents | undefined {
  const ev = model.events;
  if (ev.length === 0) return undefined;
  const np = model.paramNames.length;
  const p = model.paramValues;
  const conds = compileExprs(
    ev.map((e) => e.cond),
    size,
    np,
    runtime,
  );
  const assigns = ev.map((e) =>
    compileExprs(
      e.assigns.map((a) => a.expr),
      size,
      np,
      runtime,
    ),
  );
  const g0 = new Float64Array(ev.length);
  const g1 = new Float64Array(ev.length);
  let pending: number[] = [];
  return {
    crossing(t, z) {
      conds(t, z, p, g1);
      let best: number | undefined;
      pending = [];
      for (let k = 0; k < ev.length; k++) {
        const s = ev[k].sign;
        const a = g0[k];
        const b = g1[k];
        if (!((s >= 0 && a < 0 && b >= 0) || (s <= 0 && a > 0 && b <= 0))) continue;
        const frac = a === b ? 1 : Math.min(1, Math.max(0, a / (a - b)));
        if (best === undefined || frac < best - 1e-12) {
          best = frac;
          pending = [k];
        } else if (Math.abs(frac - best) <= 1e-12) pending.push(k);
      }
      if (best === undefined) g0.set(g1);
      return best;
    },
    apply(t, z) {
      const values = pending.map((k) => {
        const v = new Float64Array(ev[k].assigns.length);
        assigns[k](t, z, p, v);
        return v;
      });
      pending.forEach((k, m) => ev[k].assigns.forEach((a, j) => (z[a.state] = values[m][j])));
    },
    reset(t, z) {
      conds(t, z, p, g0);
    },
  };
}
