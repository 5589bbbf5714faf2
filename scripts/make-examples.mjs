#!/usr/bin/env node
// Writes the example data files in examples/ (deterministic: a seeded generator, fixed parameters).
// Usage: node scripts/make-examples.mjs   (rewrites examples/lorenz.csv, oscillator.csv, circle.csv, torus.csv)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** mulberry32: a small 32-bit generator, uniform in [0, 1). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by the Box-Muller transform. */
function normal(seed) {
  const u = uniform(seed);
  return () => {
    let u1 = u();
    while (u1 === 0) u1 = u();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
  };
}

/** One classical Runge-Kutta (RK4) step of y' = f(t, y). */
function rk4(f, t, y, h) {
  const k1 = f(t, y);
  const k2 = f(
    t + h / 2,
    y.map((v, i) => v + (h / 2) * k1[i]),
  );
  const k3 = f(
    t + h / 2,
    y.map((v, i) => v + (h / 2) * k2[i]),
  );
  const k4 = f(
    t + h,
    y.map((v, i) => v + h * k3[i]),
  );
  return y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
}

const num = (v) => Number(v.toPrecision(10)).toString();

function write(name, header, rows) {
  const text = header.join(',') + '\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
  writeFileSync(join(OUT, name), text);
  console.log(`examples/${name}: ${rows.length} rows, ${text.length} bytes`);
}

// Lorenz (1963): sigma 10, rho 28, beta 8/3; RK4 with dt 0.01; the first 20 time units (2000 steps) dropped as
// transient; 10,000 rows; t restarts at 0 after the transient.
function lorenz() {
  const sigma = 10,
    rho = 28,
    beta = 8 / 3,
    dt = 0.01;
  const f = (_t, [x, y, z]) => [sigma * (y - x), x * (rho - z) - y, x * y - beta * z];
  let s = [1, 1, 1];
  for (let i = 0; i < 2000; i++) s = rk4(f, 0, s, dt);
  const rows = [];
  for (let i = 0; i < 10000; i++) {
    rows.push([(i * dt).toFixed(2), num(s[0]), num(s[1]), num(s[2])]);
    s = rk4(f, 0, s, dt);
  }
  write('lorenz.csv', ['t', 'x', 'y', 'z'], rows);
}

// Damped, driven oscillator x'' + 2 zeta w0 x' + w0^2 x = F cos(W t), w0 = 2 pi (1 Hz), zeta = 0.05, F = 5,
// W = 2 pi 0.6 (0.6 Hz), from x = 2, v = 0: the free 1 Hz ring-down decays into the 0.6 Hz forced response.
// RK4 with dt 0.01 s, 6000 rows (60 s); Gaussian measurement noise (sd 0.05) added to x and v.
function oscillator() {
  const w0 = 2 * Math.PI,
    zeta = 0.05,
    F = 5,
    W = 2 * Math.PI * 0.6,
    dt = 0.01;
  const f = (t, [x, v]) => [v, F * Math.cos(W * t) - 2 * zeta * w0 * v - w0 * w0 * x];
  const noise = normal(20261126);
  let s = [2, 0];
  const rows = [];
  for (let i = 0; i < 6000; i++) {
    const t = i * dt;
    rows.push([t.toFixed(2), num(s[0] + 0.05 * noise()), num(s[1] + 0.05 * noise())]);
    s = rk4(f, t, s, dt);
  }
  write('oscillator.csv', ['t', 'x', 'v'], rows);
}

// 200 points on the unit circle at uniform random angles, with Gaussian noise (sd 0.05) on each coordinate.
function circle() {
  const u = uniform(7);
  const noise = normal(8);
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const a = 2 * Math.PI * u();
    rows.push([num(Math.cos(a) + 0.05 * noise()), num(Math.sin(a) + 0.05 * noise())]);
  }
  write('circle.csv', ['x', 'y'], rows);
}

// 800 points uniform on the surface of a torus with R = 2, r = 1 (angle phi of the tube rejection-sampled with
// density proportional to R + r cos(phi), the area element), no noise.
function torus() {
  const u = uniform(11);
  const R = 2,
    r = 1;
  const rows = [];
  while (rows.length < 800) {
    const theta = 2 * Math.PI * u();
    const phi = 2 * Math.PI * u();
    if (u() * (R + r) > R + r * Math.cos(phi)) continue;
    const w = R + r * Math.cos(phi);
    rows.push([num(w * Math.cos(theta)), num(w * Math.sin(theta)), num(r * Math.sin(phi))]);
  }
  write('torus.csv', ['x', 'y', 'z'], rows);
}

lorenz();
oscillator();
circle();
torus();
