import { seededUniform } from '../../../src/analysis/core/random';
import type { TableInput } from '../../../src/analysis/core/input';
import { tableInput, testContext as sharedContext, type TestContext } from '../../support';
import { koopmanAnalyses } from '../../../src/analysis/koopman/analysis';
import { resolveParams } from '../../../src/analysis/core/params';
import type { KoopmanResult } from '../../../src/protocol/results/koopman';

export const entry = koopmanAnalyses[0];

/** Test context: parallelMap runs the registry entry's tasks in this thread. */
export function testContext(memoryBudgetBytes = 2 ** 31, parallelism = 2): TestContext {
  return sharedContext({ tasks: entry.tasks, memoryBudgetBytes, parallelism });
}

export function table(columns: Record<string, ArrayLike<number>>, source = 'test.csv'): TableInput {
  return tableInput(columns, source);
}

export async function runKoopman(
  input: TableInput,
  raw: Record<string, unknown>,
  ctx = testContext(),
): Promise<KoopmanResult> {
  const p = resolveParams(entry.params, raw);
  return (await entry.run(input, p, ctx)) as KoopmanResult;
}

/** Seeded uniform numbers in [0, 1): the core's mulberry32. */
export const rng = seededUniform;

/** Classical fourth-order Runge-Kutta: `steps` samples spaced dt, each made of `sub` RK4 substeps. */
export function rk4(f: (s: number[]) => number[], x0: number[], dt: number, steps: number, sub: number): number[][] {
  const out: number[][] = [x0.slice()];
  let x = x0.slice();
  const h = dt / sub;
  for (let k = 1; k < steps; k++) {
    for (let s = 0; s < sub; s++) {
      const k1 = f(x);
      const k2 = f(x.map((v, i) => v + (h / 2) * k1[i]));
      const k3 = f(x.map((v, i) => v + (h / 2) * k2[i]));
      const k4 = f(x.map((v, i) => v + h * k3[i]));
      x = x.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
    out.push(x.slice());
  }
  return out;
}

/** Many trajectories as a table with columns id, t, and the state names. */
export function trajectoryTable(trajs: number[][][], names: string[], dt: number): TableInput {
  const cols: Record<string, number[]> = { id: [], t: [] };
  for (const n of names) cols[n] = [];
  trajs.forEach((tr, id) =>
    tr.forEach((s, k) => {
      cols.id.push(id);
      cols.t.push(k * dt);
      names.forEach((n, i) => cols[n].push(s[i]));
    }),
  );
  return table(cols);
}
