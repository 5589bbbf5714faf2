/**
 * Network distillation from a bundle (as the CLI/worker run it): loads examples/model.onnx with onnxruntime-web's
 * wasm backend (1 thread), measures sampling throughput (rows/s through the network) and distills the output with
 * the `symbolic` analysis (--box x0:-2:2,x1:-3:3). Anchor: the law the network was trained on, y = x0*sin(x1).
 * Usage: node scripts/run-ts.mjs bench/symbolic/network.ts [--budget 20]
 */
import { readFileSync } from 'node:fs';
import { localCancelSignal } from '../../src/analysis/core/context';
import type { AnalysisContext } from '../../src/analysis/core/context';
import { resolveParams } from '../../src/analysis/core/params';
import { symbolicAnalyses } from '../../src/analysis/symbolic/analysis';
import { loadNetwork, sampleNetwork } from '../../src/analysis/symbolic/onnx';
import type { SymbolicResult } from '../../src/protocol/results/symbolic';

const i = process.argv.indexOf('--budget');
const budget = i > 0 ? Number(process.argv[i + 1]) : 20;

async function main(): Promise<void> {
  const bytes = new Uint8Array(readFileSync('examples/model.onnx'));
  let t0 = performance.now();
  const net = await loadNetwork(bytes, 'examples/model.onnx');
  console.log(`load: ${(performance.now() - t0).toFixed(0)} ms`);
  const n = 200_000;
  const X = [
    Float64Array.from({ length: n }, (_, k) => -2 + (4 * k) / n),
    Float64Array.from({ length: n }, (_, k) => -3 + ((6 * k * 7919) % n) / n),
  ];
  t0 = performance.now();
  const [y] = await sampleNetwork(net, X, 'examples/model.onnx');
  const s = (performance.now() - t0) / 1000;
  let se = 0;
  for (let k = 0; k < n; k++) se += (y[k] - X[0][k] * Math.sin(X[1][k])) ** 2;
  console.log(
    `sampling: ${n} rows in ${s.toFixed(3)} s = ${(n / s).toExponential(3)} rows/s; network vs x0*sin(x1): RMSE ${Math.sqrt(se / n).toExponential(3)}`,
  );
  await net.release();
  const entry = symbolicAnalyses[0];
  const ctx: AnalysisContext = {
    progress() {},
    log() {},
    signal: localCancelSignal(),
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    async loadInput() {
      throw new Error('none');
    },
    async parallelMap<T, R>(task: string, chunks: T[]): Promise<R[]> {
      return chunks.map((c) => entry.tasks![task](c, ctx) as R);
    },
  };
  t0 = performance.now();
  const r = (await entry.run(
    { kind: 'onnx', path: 'examples/model.onnx', bytes },
    resolveParams(entry.params, { box: 'x0:-2:2,x1:-3:3', timeBudget: budget, seed: 1 }),
    ctx,
  )) as SymbolicResult;
  const t = r.targets[0];
  const b = t.pareto[t.bestIndex];
  console.log(
    `distill: ${((performance.now() - t0) / 1000).toFixed(1)} s, best ${b.expression} (complexity ${b.complexity}), fidelity R2 ${t.fidelity?.r2.toFixed(6)}, RMSE ${t.fidelity?.rmse.toExponential(3)}, stopped by ${t.stats.stoppedBy}`,
  );
  for (const c of t.pareto)
    console.log(`  ${c.complexity} ${c.loss.toExponential(3)} ${c.r2.toFixed(6)} ${c.expression}`);
}
void main();
