// examples/tipping.csv: May's harvesting model approaching a fold bifurcation (ewstools' simulate_may defaults:
// dx = [r x (1 - x/k) - h x^2/(s^2 + x^2)] dt + sigma dW, r = 1, k = 1, s = 0.1, h rising linearly 0.15 -> 0.27 over
// t in [0, 500), sigma = 0.01, x0 = 0.8; Euler-Maruyama at dt = 0.01, sampled every 1 time unit). The fold is at
// h_c = 0.2604 (t ~ 460): the series collapses to the low state after it. Seeded, so reruns give the same bytes.
import { writeFileSync } from 'node:fs';

let seed = 20261126;
const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

const r = 1,
  k = 1,
  s = 0.1,
  sigma = 0.01,
  dt = 0.01,
  tmax = 500;
let x = 0.8;
const lines = ['t,x,h'];
const steps = Math.round(1 / dt);
for (let t = 0; t < tmax; t++) {
  const h = 0.15 + (0.27 - 0.15) * (t / tmax);
  lines.push(`${t},${x.toFixed(6)},${h.toFixed(5)}`);
  for (let i = 0; i < steps; i++) {
    x += (r * x * (1 - x / k) - (h * x * x) / (s * s + x * x)) * dt + sigma * Math.sqrt(dt) * normal();
    if (x < 0) x = 0;
  }
}
writeFileSync('examples/tipping.csv', lines.join('\n') + '\n');
console.log('wrote examples/tipping.csv');
