/**
 * The first right-click gives a meaningful answer: every analysis, run with its defaults on a one-column series (or
 * on the bundled Van der Pol model for the model analyses), succeeds and its own quality measure does not call the
 * result poor. And the quality verdicts do fire where the result is poor (plain DMD of one column).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localCancelSignal } from '../../../src/analysis/core/context';
import { executeJob } from '../../../src/runtime/execute';
import type { ResultEnvelope } from '../../../src/protocol';

const dir = mkdtempSync(join(tmpdir(), 'dynlens-first-click-'));

/** x of the Van der Pol oscillator (mu = 1) by RK4, dt = 0.01, with its t column. */
function vanDerPolX(n = 5000, dt = 0.01): string {
  const f = (x: number, y: number): [number, number] => [y, (1 - x * x) * y - x];
  let x = 2;
  let y = 0;
  const lines = ['t,x'];
  for (let k = 0; k < n; k++) {
    lines.push(`${(k * dt).toFixed(2)},${x}`);
    const k1 = f(x, y);
    const k2 = f(x + (dt / 2) * k1[0], y + (dt / 2) * k1[1]);
    const k3 = f(x + (dt / 2) * k2[0], y + (dt / 2) * k2[1]);
    const k4 = f(x + dt * k3[0], y + dt * k3[1]);
    x += (dt / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    y += (dt / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
  }
  return lines.join('\n') + '\n';
}

const vdp = join(dir, 'vanderpol-x.csv');
writeFileSync(vdp, vanDerPolX(2500));
// the point-cloud analyses are O(n^2) and more in the points: a shorter stretch (three cycles at dt = 0.03)
const vdpShort = join(dir, 'vanderpol-x-short.csv');
writeFileSync(vdpShort, vanDerPolX(700, 0.03));
// a law of t alone, as in the Feynman benchmark's V0*exp(-t/tau)
const decay = join(dir, 'decay.csv');
writeFileSync(
  decay,
  't,v\n' + Array.from({ length: 200 }, (_, k) => `${k * 0.05},${3 * Math.exp(-(k * 0.05) / 2)}`).join('\n') + '\n',
);
const model = resolve('examples/vanderpol.ode');

async function run(analysisId: string, path: string, params: Record<string, unknown> = {}): Promise<ResultEnvelope> {
  const out = await executeJob(
    { jobId: 't', analysisId, path, params, memoryBudgetBytes: 2 ** 31, parallelism: 1 },
    { signal: localCancelSignal(), progress: () => undefined },
  );
  if (!out.ok) throw new Error(out.error.message);
  return out.envelope;
}

const cases: [string, string, Record<string, unknown>?][] = [
  ['summary', vdp],
  ['koopman', vdp],
  ['lyapunov', vdp],
  ['ews', vdp],
  ['persistence', vdpShort],
  ['signed-barcode', vdpShort],
  ['symbolic', decay],
  ['model-overview', model],
  ['simulate', model],
  ['lyapunov', model],
  ['fixed-points', model],
];

describe('defaults on a one-column series are not flagged poor', () => {
  for (const [id, path] of cases) {
    it(`${id} on ${path.split('/').pop()}`, async () => {
      const env = await run(id, path);
      expect(env.warnings ?? []).toEqual([]);
    }, 60000);
  }

  it('koopman picks Hankel DMD with delays from the data, and says how', async () => {
    const env = await run('koopman', vdp);
    const r = env.result as { method: string; delays: number; reconstructionError: number; notes: string[] };
    expect(r.method).toBe('hankel');
    // half a period of the Van der Pol cycle (period ~6.66 time units = 666 samples): the autocorrelation minimum
    expect(r.delays).toBeGreaterThan(250);
    expect(r.delays).toBeLessThan(400);
    expect(r.reconstructionError).toBeLessThan(0.01);
    expect(r.notes.join(' ')).toMatch(/first minimum of the autocorrelation at lag \d+ of x/);
  }, 60000);

  it('plain DMD of one column is flagged poor, with the flag that helps', async () => {
    const env = await run('koopman', vdp, { method: 'dmd' });
    expect(env.warnings).toHaveLength(1);
    expect(env.warnings![0].flag).toBe('--method hankel');
    expect(env.warnings![0].message).toMatch(/reconstruction error/);
  }, 60000);

  it('symbolic --target on V0,t,tau,P keeps t as a feature and finds V0*exp(-t/tau)', async () => {
    const rows = ['V0,t,tau,P'];
    let s = 7;
    const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 300; k++) {
      const V0 = 1 + 4 * u();
      const t = 3 * u();
      const tau = 0.5 + 2 * u();
      rows.push(`${V0},${t},${tau},${V0 * Math.exp(-t / tau)}`);
    }
    const file = join(dir, 'feynman.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const env = await run('symbolic', file, { target: 'P', timeBudget: 20, seed: 1 });
    const r = env.result as { targets: { features: string[]; pareto: { r2: number }[]; bestIndex: number }[] };
    expect(r.targets[0].features).toEqual(['V0', 't', 'tau']);
    const best = r.targets[0].pareto[r.targets[0].bestIndex] as { r2: number; expression: string };
    expect(best.expression).toMatch(/\bt\b/);
    expect(best.r2).toBeGreaterThan(0.999);
    expect(env.warnings ?? []).toEqual([]);
  }, 60000);
});
