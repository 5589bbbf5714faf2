#!/usr/bin/env node
// Runs every analysis with its defaults on every bundled example it accepts and on one-column series (a Van der Pol
// x with a t column, an exponential decay), and prints a Markdown table: quality warnings, errors, wall time.
// Usage: npm run build && node scripts/check-defaults.mjs [> docs/defaults-check.md]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = ['dist/cli.js'];
const infos = JSON.parse(execFileSync(process.execPath, [...cli, 'list', '--json'], { encoding: 'utf8' }));
const dir = mkdtempSync(join(tmpdir(), 'dynlens-defaults-'));

// one-column series: x of the Van der Pol oscillator (mu = 1, RK4, dt = 0.01) and a decay 3 exp(-t/2)
function vanDerPol() {
  const f = (x, y) => [y, (1 - x * x) * y - x];
  let x = 2,
    y = 0;
  const dt = 0.01,
    lines = ['t,x'];
  for (let k = 0; k < 5000; k++) {
    lines.push(`${(k * dt).toFixed(2)},${x}`);
    const k1 = f(x, y),
      k2 = f(x + (dt / 2) * k1[0], y + (dt / 2) * k1[1]);
    const k3 = f(x + (dt / 2) * k2[0], y + (dt / 2) * k2[1]),
      k4 = f(x + dt * k3[0], y + dt * k3[1]);
    x += (dt / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    y += (dt / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
  }
  return lines.join('\n') + '\n';
}
const vdp = join(dir, 'vanderpol-x.csv');
writeFileSync(vdp, vanDerPol());

const kindOf = (f) => (f.endsWith('.ode') ? 'ode' : f.endsWith('.onnx') ? 'onnx' : 'table');
const files = [
  ...readdirSync('examples')
    .filter((f) => /\.(csv|ode|onnx)$/.test(f))
    .map((f) => join('examples', f)),
  vdp,
];
const rows = ['| file | analysis | verdict | seconds |', '|---|---|---|---|'];
for (const file of files) {
  for (const a of infos.filter((a) => a.inputs.includes(kindOf(file)))) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [...cli, a.id, file, '--notebook', '-q'], { encoding: 'utf8' });
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    let verdict;
    if (r.status !== 0) verdict = `error: ${r.stderr.trim().replace(/\|/g, '/').slice(0, 160)}`;
    else {
      const env = JSON.parse(r.stdout)['application/vnd.dynlens.result+json'];
      const w = env.warnings ?? [];
      verdict = w.length ? `POOR: ${w.map((x) => `${x.message} (${x.flag ?? ''})`).join('; ')}` : 'ok';
    }
    const name = file === vdp ? 'one-column Van der Pol x (t,x)' : file;
    rows.push(`| ${name} | ${a.id} | ${verdict.replace(/\|/g, '/')} | ${s} |`);
    process.stderr.write(rows[rows.length - 1] + '\n');
  }
}
process.stdout.write(rows.join('\n') + '\n');
