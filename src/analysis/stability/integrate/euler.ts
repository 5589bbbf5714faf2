/**
 * Fixed-step explicit Euler and modified Euler (Heun's method, the explicit trapezoidal rule; Hairer, Norsett &
 * Wanner I, Section II.1), as XPPAUT's `meth=euler` and `meth=modeuler` integrate. Euler with Wiener increments held
 * fixed over each step is the Euler-Maruyama scheme (Kloeden & Platen 1992, eq. 9.1.1). Dense output between steps
 * is linear (Euler) or cubic Hermite from the end values and slopes (Heun).
 */
import { badInput } from '../../core/errors';
import { checkBounded, formatTime, type Rhs, type Stepper, type StepperOptions } from './stepper';

export function createFixedStep(
  method: 'euler' | 'modeuler',
  f: Rhs,
  t0: number,
  y0: Float64Array,
  opts: StepperOptions,
  /** Called before each step with its size (draws the Wiener increments). */
  beforeStep?: (h: number) => void,
): Stepper {
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const yt = new Float64Array(n);
  const yPrev = new Float64Array(n);
  const fPrev = new Float64Array(n);
  const stats = { accepted: 0, rejected: 0, evaluations: 0, stiffAt: undefined as number | undefined };
  const self: Stepper = {
    method,
    t: t0,
    y,
    tPrev: t0,
    h: opts.h0,
    stats,
    restart() {
      // the slope is evaluated at the start of each step (after beforeStep), so nothing to refresh here
    },
    step(tCap: number) {
      const t = self.t;
      let h = opts.h0;
      if (t + h >= tCap - 1e-9 * h) h = tCap - t;
      beforeStep?.(h);
      f(t, y, k1);
      yPrev.set(y);
      fPrev.set(k1);
      if (method === 'euler') {
        for (let i = 0; i < n; i++) y[i] += h * k1[i];
        stats.evaluations++;
      } else {
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * k1[i];
        f(t + h, yt, k2);
        for (let i = 0; i < n; i++) y[i] += (h / 2) * (k1[i] + k2[i]);
        stats.evaluations += 2;
      }
      self.tPrev = t;
      self.t = Math.abs(t + h - tCap) < 1e-12 * Math.max(1, Math.abs(tCap)) ? tCap : t + h;
      stats.accepted++;
      checkBounded(y, self.t, opts);
      if (stats.accepted > opts.maxSteps)
        throw badInput(
          `more than ${opts.maxSteps} ${method} steps before t = ${formatTime(self.t)}; lower total or raise dt`,
          {
            file: opts.file,
          },
        );
    },
    denseAt(s: number, out: Float64Array) {
      const h = self.t - self.tPrev;
      const th = h > 0 ? (s - self.tPrev) / h : 1;
      for (let i = 0; i < n; i++) out[i] = yPrev[i] + th * (y[i] - yPrev[i]);
    },
  };
  return self;
}
