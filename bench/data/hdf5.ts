/**
 * Benchmark: summary of one 1e7 x 4 float64 dataset inside a 2.2 GB HDF5 file, against h5py + numpy/scipy doing
 * the same statistics, autocorrelation and Welch spectra (bench/data/hdf5_anchor.py), run back to back.
 * The file (written by h5py into /tmp, once) is larger than the default 2 GiB memory budget: only the dataset read
 * counts against it. Usage: node scripts/run-ts.mjs bench/data/hdf5.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import { resolveParams } from '../../src/analysis/core/params';
import { dataAnalyses } from '../../src/analysis/data/analyses';
import { readInput } from '../../src/analysis/data/load';
import type { SummaryResult } from '../../src/protocol/results/summary';

const file = '/tmp/dynlens-bench-2gb.h5';
const anchorScript = join(process.cwd(), 'bench', 'data', 'hdf5_anchor.py');

function ctx(): AnalysisContext {
  return {
    progress() {},
    log() {},
    signal: localCancelSignal(),
    loadInput: async (p) => (await readInput(p)).input,
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    parallelMap: async () => [],
  };
}

interface AnchorOut {
  loadSeconds: number;
  computeSeconds: number;
  loadCpuSeconds: number;
  computeCpuSeconds: number;
  peakRssMB: number;
}

async function main(): Promise<void> {
  if (!existsSync(file)) {
    const g0 = performance.now();
    const w = spawnSync('/usr/bin/python3', [anchorScript, 'write', file], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`writing the file failed: ${w.stderr}`);
    console.log(`generated ${file} in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  }
  const gb = statSync(file).size / 1e9;
  console.log(`input: ${file}, ${gb.toFixed(2)} GB; dataset /run/states 1e7 x 4 float64; node ${process.version}`);

  const py = spawnSync('/usr/bin/python3', [anchorScript, file], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`anchor failed: ${py.stderr}`);
  const anchor = JSON.parse(py.stdout.trim().split('\n').pop()!) as AnchorOut;

  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { input, fileBytes } = await readInput(file, { selection: { dataset: '/run/states' } });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const summary = dataAnalyses[0];
  const result = (await summary.run(input, resolveParams(summary.params, {}), ctx())) as SummaryResult;
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => (b.user - a.user + b.system - a.system) / 1e6;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (result.rows !== 10_000_000 || result.columns.length !== 4) throw new Error('unexpected result shape');
  if (fileBytes <= 2 ** 31) throw new Error('the container should exceed the 2 GiB budget');

  const ours = { load: (t1 - t0) / 1000, compute: (t2 - t1) / 1000 };
  const a = anchor.loadSeconds + anchor.computeSeconds;
  const o = ours.load + ours.compute;
  console.log(
    `anchor (h5py + numpy/scipy): load ${anchor.loadSeconds.toFixed(2)} s, compute ${anchor.computeSeconds.toFixed(2)} s, total ${a.toFixed(2)} s (CPU ${anchor.loadCpuSeconds.toFixed(2)} + ${anchor.computeCpuSeconds.toFixed(2)} s), peak RSS ${anchor.peakRssMB.toFixed(0)} MB`,
  );
  console.log(
    `ours (readInput + summary):  load ${ours.load.toFixed(2)} s, compute ${ours.compute.toFixed(2)} s, total ${o.toFixed(2)} s (CPU ${cpu(c0, c1).toFixed(2)} + ${cpu(c1, c2).toFixed(2)} s), peak RSS ${peakRssMB.toFixed(0)} MB`,
  );
  console.log(
    `ratio ours/anchor wall: load ${(ours.load / anchor.loadSeconds).toFixed(2)}, compute ${(ours.compute / anchor.computeSeconds).toFixed(2)}, total ${(o / a).toFixed(2)}; CPU: load ${(cpu(c0, c1) / anchor.loadCpuSeconds).toFixed(2)}, compute ${(cpu(c1, c2) / anchor.computeCpuSeconds).toFixed(2)}`,
  );
}

void main();
