/**
 * The analysis alone, for the batch's per-item overhead: loads each file of a folder and runs the registry entry in
 * this thread with the batch's parameters (its defaults, the flags, the fitted coordinates of DIR/fit.json), one after
 * another, and prints the mean milliseconds per item (load + run) as JSON.
 * Run: node scripts/run-ts.mjs bench/batch/analysis-time.ts ANALYSIS FOLDER BATCH_DIR [--param value ...]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import { resolveParams } from '../../src/analysis/core/params';
import { readInput } from '../../src/analysis/data/load';
import { getAnalysis } from '../../src/analysis/registry';
import { parseRunArgs } from '../../src/cli-args';

const [id, folder, batchDir, ...flags] = process.argv.slice(2);
const analysis = getAnalysis(id);
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => join(folder, f));
const user = parseRunArgs(id, [...flags, files[0]], analysis.params).params;
const fitPath = join(batchDir, 'fit.json');
const fit = existsSync(fitPath)
  ? (JSON.parse(readFileSync(fitPath, 'utf8')) as { analysis: string; params: Record<string, unknown> })
  : undefined;
// as the batch engine: the analysis's batch defaults (e.g. no line slices for the view), then the user's flags
const params = resolveParams(analysis.params, {
  ...analysis.batchDefaults,
  ...user,
  ...(fit?.analysis === id ? fit.params : {}),
});
const ctx = {
  progress() {},
  log() {},
  signal: localCancelSignal(),
  memoryBudgetBytes: 2 ** 32,
  parallelism: 1,
} as unknown as AnalysisContext;
async function main(): Promise<void> {
  const t0 = performance.now();
  for (const f of files) {
    const { input } = await readInput(f);
    await analysis.run(input, params, ctx);
  }
  const ms = (performance.now() - t0) / files.length;
  console.log(JSON.stringify({ items: files.length, msPerItem: ms }));
}
void main();
