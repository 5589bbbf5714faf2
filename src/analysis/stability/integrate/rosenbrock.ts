/**
 * Linearly implicit Rosenbrock method of order 2(3) for stiff problems: the modified Rosenbrock formula of
 * Shampine & Reichelt (1997), "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18:1-22, section 3.1 (MATLAB's ode23s):
 *   d = 1/(2 + sqrt 2), W = I - h d J, T = df/dt,
 *   k1 = W^-1 (F0 + h d T),  F1 = f(t + h/2, y + h k1/2),  k2 = W^-1 (F1 - k1) + k1,
 *   y1 = y + h k2,  F2 = f(t + h, y1),  k3 = W^-1 (F2 - e32 (k2 - F1) - 2 (k1 - F0) + h d T),  e32 = 6 + sqrt 2,
 *   error estimate h/6 (k1 - 2 k2 + k3); L-stable, one LU of W per step, dense output (their eq. 3.2)
 *   y(t + s h) = y + h [ s(1-s)/(1-2d) k1 + s(s-2d)/(1-2d) k2 ].
 * The Jacobian is the exact symbolic one for models; for the variational (Benettin) system a finite-difference
 * Jacobian is used (a W-method then, still L-stable). Step control: h_new = h min(5, max(0.1, 0.8 err^(-1/3))).
 */
import { badInput } from '../../core/errors';
import { checkBounded, divergenceError, formatTime, type Rhs, type Stepper, type StepperOptions } from './stepper';

export type JacobianRowMajor = (t: number, y: Float64Array, J: Float64Array) => void;

const D = 1 / (2 + Math.SQRT2);
const E32 = 6 + Math.SQRT2;

/** LU with partial pivoting in place (row-major n x n); returns false when singular. */
function luFactor(A: Float64Array, n: number, piv: Int32Array): boolean {
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(A[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(A[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (!(best > 0)) return false;
    piv[c] = p;
    if (p !== c)
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j];
        A[c * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
    const inv = 1 / A[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = (A[r * n + c] *= inv);
      if (f !== 0) for (let j = c + 1; j < n; j++) A[r * n + j] -= f * A[c * n + j];
    }
  }
  return true;
}

function luSolve(A: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let c = 0; c < n; c++) {
    const p = piv[c];
    if (p !== c) {
      const t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
    const bc = b[c];
    if (bc !== 0) for (let r = c + 1; r < n; r++) b[r] -= A[r * n + c] * bc;
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= A[r * n + j] * b[j];
    b[r] = s / A[r * n + r];
  }
}

/** Forward-difference Jacobian (row-major), for systems without a symbolic one. */
export function finiteDifferenceJacobian(f: Rhs, n: number): JacobianRowMajor {
  const f0 = new Float64Array(n);
  const f1 = new Float64Array(n);
  const yp = new Float64Array(n);
  return (t, y, J) => {
    f(t, y, f0);
    yp.set(y);
    for (let j = 0; j < n; j++) {
      const h = Math.sqrt(Number.EPSILON) * Math.max(1e-5, Math.abs(y[j]));
      yp[j] = y[j] + h;
      f(t, yp, f1);
      yp[j] = y[j];
      for (let i = 0; i < n; i++) J[i * n + j] = (f1[i] - f0[i]) / h;
    }
  };
}

export function createRosenbrock23(
  f: Rhs,
  jac: JacobianRowMajor,
  t0: number,
  y0: Float64Array,
  opts: StepperOptions,
): Stepper {
  const n = y0.length;
  const y = Float64Array.from(y0);
  const F0 = new Float64Array(n),
    F1 = new Float64Array(n),
    F2 = new Float64Array(n),
    Tt = new Float64Array(n),
    Ft = new Float64Array(n);
  const k1 = new Float64Array(n),
    k2 = new Float64Array(n),
    k3 = new Float64Array(n);
  const yt = new Float64Array(n),
    y1 = new Float64Array(n);
  const J = new Float64Array(n * n),
    W = new Float64Array(n * n);
  const piv = new Int32Array(n);
  const yPrev = new Float64Array(n),
    k1p = new Float64Array(n),
    k2p = new Float64Array(n);
  let hPrev = 0;
  const stats = { accepted: 0, rejected: 0, evaluations: 0, stiffAt: undefined as number | undefined };
  const self: Stepper = {
    method: 'ode23s',
    t: t0,
    y,
    tPrev: t0,
    h: opts.h0,
    stats,
    restart() {
      f(self.t, y, F0);
      stats.evaluations++;
    },
    step(tCap: number) {
      const t = self.t;
      // Jacobian and time derivative once per step (reused across rejections at this t)
      jac(t, y, J);
      const dt = Math.sqrt(Number.EPSILON) * Math.max(1, Math.abs(t));
      f(t + dt, y, Ft);
      stats.evaluations += 2;
      for (let i = 0; i < n; i++) Tt[i] = (Ft[i] - F0[i]) / dt;
      for (;;) {
        let h = Math.min(self.h, opts.hMax);
        let capped = false;
        if (t + h >= tCap) {
          h = tCap - t;
          capped = true;
        }
        if (h < 16 * Number.EPSILON * Math.max(1, Math.abs(t))) {
          throw badInput(
            `step size underflow at t = ${formatTime(t)} (h = ${h.toExponential(2)}) in the Rosenbrock integrator: the solution is singular there`,
            { file: opts.file },
          );
        }
        const hd = h * D;
        for (let i = 0; i < n * n; i++) W[i] = -hd * J[i];
        for (let i = 0; i < n; i++) W[i * n + i] += 1;
        if (!luFactor(W, n, piv)) {
          self.h = h * 0.5;
          stats.rejected++;
          continue;
        }
        for (let i = 0; i < n; i++) k1[i] = F0[i] + hd * Tt[i];
        luSolve(W, n, piv, k1);
        for (let i = 0; i < n; i++) yt[i] = y[i] + 0.5 * h * k1[i];
        f(t + 0.5 * h, yt, F1);
        for (let i = 0; i < n; i++) k2[i] = F1[i] - k1[i];
        luSolve(W, n, piv, k2);
        for (let i = 0; i < n; i++) {
          k2[i] += k1[i];
          y1[i] = y[i] + h * k2[i];
        }
        const tNew = capped ? tCap : t + h;
        f(tNew, y1, F2);
        for (let i = 0; i < n; i++) k3[i] = F2[i] - E32 * (k2[i] - F1[i]) - 2 * (k1[i] - F0[i]) + hd * Tt[i];
        luSolve(W, n, piv, k3);
        stats.evaluations += 2;
        let err = 0;
        for (let i = 0; i < n; i++) {
          const sk = opts.atol + opts.rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
          const e = (h / 6) * (k1[i] - 2 * k2[i] + k3[i]);
          err += (e / sk) * (e / sk);
        }
        err = Math.sqrt(err / n);
        if (!Number.isFinite(err)) {
          if (h < 1e-10 * Math.max(1, Math.abs(t))) {
            let bad = 0;
            while (bad < n - 1 && Number.isFinite(y1[bad])) bad++;
            throw divergenceError(t, bad, y1[bad], opts);
          }
          self.h = h * 0.1;
          stats.rejected++;
          continue;
        }
        const fac = Math.min(5, Math.max(0.1, 0.8 * Math.pow(Math.max(err, 1e-10), -1 / 3)));
        if (err <= 1) {
          stats.accepted++;
          yPrev.set(y);
          k1p.set(k1);
          k2p.set(k2);
          hPrev = h;
          y.set(y1);
          F0.set(F2);
          self.tPrev = t;
          self.t = tNew;
          self.h = capped ? Math.max(self.h, h * fac) : h * fac;
          if (stats.accepted > opts.maxSteps)
            throw badInput(
              `more than ${opts.maxSteps} Rosenbrock steps before t = ${formatTime(tNew)}; lower total or loosen the tolerance`,
              { file: opts.file },
            );
          checkBounded(y, tNew, opts);
          return;
        }
        self.h = h * Math.min(0.5, fac);
        stats.rejected++;
      }
    },
    denseAt(s: number, out: Float64Array) {
      const th = hPrev > 0 ? (s - self.tPrev) / hPrev : 1;
      const a = (th * (1 - th)) / (1 - 2 * D);
      const b = (th * (th - 2 * D)) / (1 - 2 * D);
      for (let i = 0; i < n; i++) out[i] = yPrev[i] + hPrev * (a * k1p[i] + b * k2p[i]);
    },
  };
  self.restart();
  return self;
}
