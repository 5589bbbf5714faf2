/**
 * Adaptive explicit Runge-Kutta of order 5(4), Dormand & Prince (1980), "A family of embedded Runge-Kutta
 * formulae", J. Comput. Appl. Math. 6:19-26, as described in Hairer, Norsett & Wanner, Solving ODEs I (2nd ed.):
 * tableau Table II.5.2, FSAL, error norm eq. (II.4.11), PI step-size control with beta = 0.04 (Section IV.2 of
 * Solving ODEs II), and the 4th-order continuous extension (dense output) of Section II.6 (Dormand & Prince 1986
 * coefficients d_i). Stiffness test of Hairer & Wanner, Solving ODEs II, Section IV.2 eq. (2.25): after accepted
 * steps h*|lambda| ~ h ||k7 - k6|| / ||y1 - y_stage6||; more than 3.25 in 15 accepted steps (without 6 clean steps in
 * between) means the step size is limited by stability, not accuracy.
 */
import { badInput } from '../../core/errors';
import { checkBounded, divergenceError, formatTime, type Rhs, type Stepper, type StepperOptions } from './stepper';

const C2 = 1 / 5,
  C3 = 3 / 10,
  C4 = 4 / 5,
  C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const A71 = 35 / 384,
  A73 = 500 / 1113,
  A74 = 125 / 192,
  A75 = -2187 / 6784,
  A76 = 11 / 84;
// error coefficients: b5 - b4 (5th-order minus embedded 4th-order weights)
const E1 = 71 / 57600,
  E3 = -71 / 16695,
  E4 = 71 / 1920,
  E5 = -17253 / 339200,
  E6 = 22 / 525,
  E7 = -1 / 40;
// dense output (Hairer-Norsett-Wanner, contd5)
const D1 = -12715105075 / 11282082432,
  D3 = 87487479700 / 32700410799,
  D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632,
  D6 = -1453857185 / 822651844,
  D7 = 69997945 / 29380423;

const SAFE = 0.9;
const BETA = 0.04;
const EXPO1 = 0.2 - BETA * 0.75;
const FACC1 = 1 / 0.2; // step may shrink by at most 5x
const FACC2 = 1 / 10; // and grow by at most 10x

export function createDopri5(f: Rhs, t0: number, y0: Float64Array, opts: StepperOptions): Stepper {
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n),
    k2 = new Float64Array(n),
    k3 = new Float64Array(n),
    k4 = new Float64Array(n);
  const k5 = new Float64Array(n),
    k6 = new Float64Array(n),
    k7 = new Float64Array(n);
  const yt = new Float64Array(n),
    ysti = new Float64Array(n),
    y1 = new Float64Array(n);
  const r1 = new Float64Array(n),
    r2 = new Float64Array(n),
    r3 = new Float64Array(n),
    r4 = new Float64Array(n),
    r5 = new Float64Array(n);
  let facold = 1e-4;
  let iasti = 0;
  let nonsti = 0;
  let lastRejected = false;
  const stats = { accepted: 0, rejected: 0, evaluations: 0, stiffAt: undefined as number | undefined };

  const self: Stepper = {
    method: 'dopri5',
    t: t0,
    y,
    tPrev: t0,
    h: opts.h0,
    stats,
    restart() {
      f(self.t, y, k1);
      stats.evaluations++;
    },
    step(tCap: number) {
      const t = self.t;
      for (;;) {
        let h = Math.min(self.h, opts.hMax);
        let capped = false;
        if (t + h >= tCap) {
          h = tCap - t;
          capped = true;
        }
        if (!(h > 0)) throw new Error(`dopri5: non-positive step ${h} at t=${t}`);
        if (h < 16 * Number.EPSILON * Math.max(1, Math.abs(t))) {
          throw badInput(
            `step size underflow at t = ${formatTime(t)} (h = ${h.toExponential(2)}): the solution is singular there or the system is too stiff for the explicit Dormand-Prince 5(4) integrator`,
            { file: opts.file },
          );
        }
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * A21 * k1[i];
        f(t + C2 * h, yt, k2);
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
        f(t + C3 * h, yt, k3);
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
        f(t + C4 * h, yt, k4);
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
        f(t + C5 * h, yt, k5);
        for (let i = 0; i < n; i++)
          ysti[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
        const tNew = capped ? tCap : t + h;
        f(tNew, ysti, k6);
        for (let i = 0; i < n; i++)
          y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
        f(tNew, y1, k7);
        stats.evaluations += 6;
        // error estimate, Hairer's norm: sqrt(mean((err_i / (atol + rtol max(|y0_i|, |y1_i|)))^2))
        let err = 0;
        for (let i = 0; i < n; i++) {
          const sk = opts.atol + opts.rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
          const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
          err += (e / sk) * (e / sk);
        }
        err = Math.sqrt(err / n);
        if (!Number.isFinite(err)) {
          // overflow inside the step: shrink hard; if that cannot help, the solution itself blows up
          if (h < 1e-10 * Math.max(1, Math.abs(t))) {
            let bad = 0;
            while (bad < n - 1 && Number.isFinite(y1[bad])) bad++;
            throw divergenceError(t, bad, y1[bad], opts);
          }
          self.h = h * 0.1;
          stats.rejected++;
          lastRejected = true;
          continue;
        }
        const fac11 = Math.pow(err, EXPO1);
        let fac = fac11 / Math.pow(facold, BETA); // Lund stabilisation (PI control)
        fac = Math.max(FACC2, Math.min(FACC1, fac / SAFE));
        let hNew = h / fac;
        if (err <= 1) {
          facold = Math.max(err, 1e-4);
          stats.accepted++;
          // stiffness detection, Hairer & Wanner II eq. (2.25)
          let stnum = 0,
            stden = 0;
          for (let i = 0; i < n; i++) {
            const a = k7[i] - k6[i];
            const b = y1[i] - ysti[i];
            stnum += a * a;
            stden += b * b;
          }
          if (stden > 0) {
            const hlamb = h * Math.sqrt(stnum / stden);
            if (hlamb > 3.25) {
              nonsti = 0;
              iasti++;
              if (iasti === 15 && stats.stiffAt === undefined) stats.stiffAt = tNew;
            } else {
              nonsti++;
              if (nonsti === 6) iasti = 0;
            }
          }
          // dense output coefficients for [t, tNew]
          for (let i = 0; i < n; i++) {
            const ydiff = y1[i] - y[i];
            const bspl = h * k1[i] - ydiff;
            r1[i] = y[i];
            r2[i] = ydiff;
            r3[i] = bspl;
            r4[i] = ydiff - h * k7[i] - bspl;
            r5[i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
          }
          for (let i = 0; i < n; i++) {
            y[i] = y1[i];
            k1[i] = k7[i];
          } // FSAL
          self.tPrev = t;
          self.t = tNew;
          if (lastRejected) hNew = Math.min(hNew, h); // no growth right after a rejection
          lastRejected = false;
          // keep the natural step when we only shortened it to land on tCap
          self.h = capped ? Math.max(hNew, self.h) : hNew;
          const projected =
            opts.tEnd !== undefined && stats.stiffAt !== undefined
              ? stats.accepted + (opts.tEnd - tNew) / Math.max(h, 1e-300)
              : 0;
          if (stats.accepted > opts.maxSteps || projected > opts.maxSteps) {
            throw badInput(
              (projected > opts.maxSteps && stats.accepted <= opts.maxSteps
                ? `reaching t = ${formatTime(opts.tEnd!)} would take about ${Math.round(projected).toExponential(1)} steps (limit ${opts.maxSteps})`
                : `more than ${opts.maxSteps} integration steps before t = ${formatTime(tNew)}`) +
                (stats.stiffAt !== undefined
                  ? `: the system is stiff from t = ${formatTime(stats.stiffAt)} (stiffness test of Hairer & Wanner's DOPRI5: h|lambda| > 3.25 in 15 consecutive steps; step size ${h.toExponential(2)}), which the explicit Dormand-Prince 5(4) integrator cannot handle; use --method ode23s (stiff Rosenbrock 2(3), or @ meth=stiff in the file)`
                  : '; lower total or loosen the tolerance'),
              { file: opts.file },
            );
          }
          checkBounded(y, tNew, opts);
          return;
        }
        // rejected
        hNew = h / Math.min(FACC1, fac11 / SAFE);
        self.h = hNew;
        stats.rejected++;
        lastRejected = true;
      }
    },
    denseAt(s: number, out: Float64Array) {
      const h = self.t - self.tPrev;
      const theta = h > 0 ? (s - self.tPrev) / h : 1;
      const theta1 = 1 - theta;
      for (let i = 0; i < n; i++)
        out[i] = r1[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
    },
  };
  self.restart();
  return self;
}

/**
 * Initial step size guess of Hairer, Norsett & Wanner I, Section II.4 ("Starting step size", algorithm after
 * eq. (4.14)): h0 = 0.01 ||y0|| / ||f0||, one explicit Euler trial step, then h1 from the second-derivative estimate.
 */
export function initialStep(f: Rhs, t0: number, y0: Float64Array, rtol: number, atol: number, hMax: number): number {
  const n = y0.length;
  const f0 = new Float64Array(n);
  const f1 = new Float64Array(n);
  const y1 = new Float64Array(n);
  f(t0, y0, f0);
  let d0 = 0,
    d1 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y0[i]);
    d0 += (y0[i] / sk) ** 2;
    d1 += (f0[i] / sk) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h0 = Math.min(h0, hMax);
  for (let i = 0; i < n; i++) y1[i] = y0[i] + h0 * f0[i];
  f(t0 + h0, y1, f1);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y0[i]);
    d2 += ((f1[i] - f0[i]) / sk) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1 / 5);
  const h = Math.min(100 * h0, h1, hMax);
  return Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, hMax);
}
