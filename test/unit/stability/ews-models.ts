/**
 * Seeded simulations of the ewstools models with known tipping points (shared/benchmarks/dynamics/ews_reference.json,
 * ewstools/models.py defaults), for the early-warning tests. Noise from the project's seeded generator.
 */
import { SeededRandom } from '../../../src/analysis/core/random';

/** Ricker map with harvesting: F ramps 0 -> 2.7 over 500 steps after 100 burn-in steps; fold at t ~ 437.7. */
export function ricker(seed: number, ramp = true): Float64Array {
  const rng = new SeededRandom(seed);
  const r = 0.75,
    k = 10,
    h = 0.75,
    sigma = 0.02,
    tmax = 500,
    tburn = 100;
  let x = 0.8;
  for (let i = 0; i < tburn; i++) x = x * Math.exp(r * (1 - x / k) + sigma * rng.normal());
  const out = new Float64Array(tmax);
  for (let t = 0; t < tmax; t++) {
    const F = ramp ? (2.7 * t) / (tmax - 1) : 0;
    x = Math.max(0, x * Math.exp(r * (1 - x / k) + sigma * rng.normal()) - (F * x * x) / (x * x + h * h));
    out[t] = x;
  }
  return out;
}

/** May's grazing model, Euler-Maruyama dt = 0.01, sampled every time unit; h ramps 0.15 -> 0.27 over [0, 500); fold at t ~ 460. */
export function may(seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  const r = 1,
    k = 1,
    s = 0.1,
    sigma = 0.01,
    dt = 0.01,
    tmax = 500;
  let x = 0.8;
  const out = new Float64Array(tmax);
  const sq = Math.sqrt(dt);
  for (let i = 0; i < 100 / dt; i++)
    x += (r * x * (1 - x / k) - (0.15 * x * x) / (s * s + x * x)) * dt + sigma * sq * rng.normal();
  for (let t = 0; t < tmax; t++) {
    out[t] = x;
    for (let j = 0; j < 1 / dt; j++) {
      const h = 0.15 + ((0.27 - 0.15) * (t + j * dt)) / tmax;
      x += (r * x * (1 - x / k) - (h * x * x) / (s * s + x * x)) * dt + sigma * sq * rng.normal();
      x = Math.max(x, 0);
    }
  }
  return out;
}

/**
 * Rosenzweig-MacArthur predator-prey, a ramps 12 -> 16 over [0, 500); Hopf at a ~ 15.686 (t ~ 461). Returns prey x
 * sampled every `sample` time units (near a Hopf point the lag-1 autocorrelation is e^{mu dt} cos(omega dt), so the
 * sampling interval must be short against the oscillation period for it to rise).
 */
export function rosenzweigMacArthur(seed: number, sample = 0.1): Float64Array {
  const rng = new SeededRandom(seed);
  const r = 4,
    k = 1.7,
    h = 0.15,
    e = 0.5,
    m = 2,
    sigma = 0.01,
    dt = 0.01,
    tmax = 500;
  let x = m / (12 * (e - m * h));
  let y = (r * (1 - x / k) * (1 + 12 * h * x)) / 12;
  const per = Math.round(sample / dt);
  const count = Math.round(tmax / sample);
  const out = new Float64Array(count);
  const sq = Math.sqrt(dt);
  const step = (a: number): void => {
    const g = (a * x * y) / (1 + a * h * x);
    const dx = (r * x * (1 - x / k) - g) * dt + sigma * sq * rng.normal();
    const dy = (e * g - m * y) * dt + sigma * sq * rng.normal();
    x = Math.max(0, x + dx);
    y = Math.max(0, y + dy);
  };
  for (let i = 0; i < 100 / dt; i++) step(12);
  for (let s = 0; s < count; s++) {
    out[s] = x;
    for (let j = 0; j < per; j++) step(12 + (4 * (s * sample + j * dt)) / tmax);
  }
  return out;
}

/** Stationary control: AR(1) noise around a constant level (no approaching bifurcation). */
export function stationary(seed: number, n = 500): Float64Array {
  const rng = new SeededRandom(seed);
  const out = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    v = 0.5 * v + 0.1 * rng.normal();
    out[i] = 5 + v;
  }
  return out;
}
