/**
 * Benchmark: load + summary of a 1,000,000 x 8 CSV (t and 7 signals), against numpy/scipy doing the same
 * statistics, autocorrelation and Welch spectra (bench/data/summary_anchor.py), run back to back.
 * Also: CSV load throughput alone. Usage: node scripts/run-ts.mjs bench/data/summary.ts [rows]
 * The CSV is generated once into /tmp (seeded, ~100 MB) and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import { resolveParams } from '../../src/analysis/core/params';
import { dataAnalyses } from '../../src/analysis/data/analyses';
import { parseDelimited } from '../../src/analysis/data/delimited';
import { readInput } from '../../src/analysis/data/load';
import type { SummaryResult } from '../../src/protocol/results/summary';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = `/tmp/dynlens-bench-${rows}x8.csv`;

function generate(): void {
  let a = 12345 >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts: string[] = ['t,a,b,c,d,e,f,g\n'];
  let walk = 0;
  for (let i = 0; i < rows; i++) {
    const t = i * 0.001;
    walk += u() - 0.5;
    const v = [
      Math.sin(2 * Math.PI * 5 * t) + 0.1 * (u() - 0.5),
      Math.cos(2 * Math.PI * 50 * t),
      walk,
      u(),
      Math.sin(2 * Math.PI * 0.3 * t) * 100,
      (u() - 0.5) * 1e-3,
      Math.sin(t) * Math.cos(7 * t),
    ];
    parts.push((i / 1000).toFixed(3) + ',' + v.map((x) => x.toPrecision(10)).join(',') + '\n');
  }
  writeFileSync(file, parts.join(''));
}

const phases: { message: string; at: number }[] = [];

function ctx(): AnalysisContext {
  return {
    progress(_f, message) {
      if (message) phases.push({ message, at: performance.now() });
    },
    log() {},
    signal: localCancelSignal(),
    loadInput: async (p) => (await readInput(p)).input,
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    parallelMap: async () => [],
  };
}

async function main(): Promise<void> {
  if (!existsSync(file)) {
    const g0 = performance.now();
    generate();
    console.log(`generated ${file} in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  }
  const mb = statSync(file).size / 1024 ** 2;
  console.log(`input: ${file}, ${mb.toFixed(1)} MB, ${rows} rows x 8 columns; node ${process.version}`);

  // Anchor first (its own process), then ours: back to back on the same file.
  const py = spawnSync('/usr/bin/python3', [join(__dirname_of(), 'summary_anchor.py'), file], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`anchor failed: ${py.stderr}`);
  const anchor = JSON.parse(py.stdout.trim().split('\n').pop()!) as {
    loadSeconds: number;
    computeSeconds: number;
    loadCpuSeconds: number;
    computeCpuSeconds: number;
    peakRssMB: number;
  };

  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { input } = await readInput(file, { maxBytes: 2 ** 31 });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const summary = dataAnalyses[0];
  const result = (await summary.run(input, resolveParams(summary.params, {}), ctx())) as SummaryResult;
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => (b.user - a.user + b.system - a.system) / 1e6;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (result.rows !== rows || result.columns.length !== 7) throw new Error('unexpected result shape');

  // Load throughput alone (parse only, bytes already in memory), best of 2.
  const bytes = new Uint8Array(readFileSync(file));
  let best = Infinity;
  for (let r = 0; r < 2; r++) {
    globalThis.gc?.();
    const p0 = performance.now();
    parseDelimited(file, bytes);
    best = Math.min(best, performance.now() - p0);
  }

  // The papaparse road (taken by files with quoted fields), for the record.
  globalThis.gc?.();
  const q0 = performance.now();
  parseDelimited(file, bytes, { papaparseOnly: true });
  const papaMs = performance.now() - q0;

  const ours = { loadSeconds: (t1 - t0) / 1000, computeSeconds: (t2 - t1) / 1000 };
  const total = ours.loadSeconds + ours.computeSeconds;
  const anchorTotal = anchor.loadSeconds + anchor.computeSeconds;
  console.log(
    `anchor (numpy.loadtxt + numpy/scipy): load ${anchor.loadSeconds.toFixed(2)} s, compute ${anchor.computeSeconds.toFixed(2)} s, total ${anchorTotal.toFixed(2)} s (CPU ${anchor.loadCpuSeconds.toFixed(2)} + ${anchor.computeCpuSeconds.toFixed(2)} s), peak RSS ${anchor.peakRssMB.toFixed(0)} MB`,
  );
  console.log(
    `ours (readInput + summary):           load ${ours.loadSeconds.toFixed(2)} s, compute ${ours.computeSeconds.toFixed(2)} s, total ${total.toFixed(2)} s (CPU ${cpu(c0, c1).toFixed(2)} + ${cpu(c1, c2).toFixed(2)} s), peak RSS ${peakRssMB.toFixed(0)} MB`,
  );
  console.log(
    `CPU-time ratio ours/anchor: load ${(cpu(c0, c1) / anchor.loadCpuSeconds).toFixed(2)}, compute ${(cpu(c1, c2) / anchor.computeCpuSeconds).toFixed(2)}`,
  );
  let prev = t1;
  console.log(
    'our phases: ' +
      phases
        .map((p) => {
          const d = p.at - prev;
          prev = p.at;
          return `${p.message} ${(d / 1000).toFixed(2)} s`;
        })
        .join('; '),
  );
  console.log(
    `ratio ours/anchor: load ${(ours.loadSeconds / anchor.loadSeconds).toFixed(2)}, compute ${(ours.computeSeconds / anchor.computeSeconds).toFixed(2)}, total ${(total / anchorTotal).toFixed(2)}`,
  );
  console.log(
    `CSV parse alone: ${(best / 1000).toFixed(2)} s = ${(mb / (best / 1000)).toFixed(0)} MB/s (anchor numpy.loadtxt ${(mb / anchor.loadSeconds).toFixed(0)} MB/s; papaparse road ${(papaMs / 1000).toFixed(2)} s = ${(mb / (papaMs / 1000)).toFixed(0)} MB/s)`,
  );
}

function __dirname_of(): string {
  // Bundled by esbuild into a temp file: locate the bench folder from the working directory (the repository root).
  return join(process.cwd(), 'bench', 'data');
}

void main();
