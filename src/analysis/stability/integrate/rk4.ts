/**
 * Classical fixed-step Runge-Kutta of order 4 (Kutta 1901; Hairer, Norsett & Wanner I, Table II.1.2). Dense output
 * between steps by cubic Hermite interpolation from the end values and slopes (Hairer-Norsett-Wanner I, eq. II.6.7),
 * which is third-order accurate, enough for plotting.
 */
import { badInput } from '../../core/errors';
import { checkBounded, formatTime, type Rhs, type Stepper, type StepperOptions } from './stepper';

export function createRk4(f: Rhs, t0: number, y0: Float64Array, opts: StepperOptions): Stepper {
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n),
    k2 = new Float64Array(n),
    k3 = new Float64Array(n),
    k4 = new Float64Array(n);
  const yt = new Float64Array(n);
  const yPrev = new Float64Array(n),
    fPrev = new Float64Array(n);
  const stats = { accepted: 0, rejected: 0, evaluations: 0, stiffAt: undefined as number | undefined };
  const self: Stepper = {
    method: 'rk4',
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
      let h = opts.h0;
      // land exactly on tCap; absorb a tiny remainder into this step instead of taking a sliver step next
      if (t + h >= tCap - 1e-9 * h) h = tCap - t;
      const h2 = h / 2;
      for (let i = 0; i < n; i++) yt[i] = y[i] + h2 * k1[i];
      f(t + h2, yt, k2);
      for (let i = 0; i < n; i++) yt[i] = y[i] + h2 * k2[i];
      f(t + h2, yt, k3);
      for (let i = 0; i < n; i++) yt[i] = y[i] + h * k3[i];
      f(t + h, yt, k4);
      for (let i = 0; i < n; i++) {
        yPrev[i] = y[i];
        fPrev[i] = k1[i];
        y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
      self.tPrev = t;
      self.t = t + h === tCap || Math.abs(t + h - tCap) < 1e-12 * Math.max(1, Math.abs(tCap)) ? tCap : t + h;
      f(self.t, y, k1);
      stats.evaluations += 4;
      stats.accepted++;
      checkBounded(y, self.t, opts);
      if (stats.accepted > opts.maxSteps)
        throw badInput(
          `more than ${opts.maxSteps} RK4 steps before t = ${formatTime(self.t)}; lower total or raise dt`,
          { file: opts.file },
        );
    },
    denseAt(s: number, out: Float64Array) {
      const h = self.t - self.tPrev;
      const th = h > 0 ? (s - self.tPrev) / h : 1;
      const h00 = (1 + 2 * th) * (1 - th) * (1 - th);
      const h10 = th * (1 - th) * (1 - th);
      const h01 = th * th * (3 - 2 * th);
      const h11 = th * th * (th - 1);
      for (let i = 0; i < n; i++) out[i] = h00 * yPrev[i] + h10 * h * fPrev[i] + h01 * y[i] + h11 * h * k1[i];
    },
  };
  self.restart();
  return self;
}
