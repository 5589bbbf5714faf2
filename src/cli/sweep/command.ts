/**
 * `dynlens sweep MODEL.ode --param a=0:2:101 [--param b=0:1:51] --measure lyapunov|attractor|fixed-points
 * [--out DIR]`: the model at every point of a 1-D or 2-D parameter grid, through the batch engine (items = grid
 * points of the `sweep-point` analysis), so the sweep has the batch's journal, resume, shards and `--slurm`.
 * DIR gets the batch's tables (one row per grid point, the parameters as columns) and sweep.json (the grid and its
 * columns, what the sweep view draws); `--html FILE` writes the view as a standalone report.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../../runtime/atomic-write';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_COLLECTION_OPTIONS } from '../../analysis/collections/types';
import { DynLensError, usageError } from '../../analysis/core/errors';
import { toPlainJson } from '../../analysis/core/json';
import { resolveParams } from '../../analysis/core/params';
import { getAnalysis } from '../../analysis/registry';
import { gridCollection } from '../../analysis/stability/sweep/collection';
import { parseGrid, type ParamGrid } from '../../analysis/stability/sweep/grid';
import { sweepOptionsFor, sweepPointParams } from '../../analysis/stability/sweep/analysis';
import { compileModel } from '../../analysis/stability/ode/compile';
import { parseOde, type OdeModel } from '../../analysis/stability/ode/parser';
import type { ResultEnvelope, SweepMeasure } from '../../protocol';
import { renderReportHtml } from '../../report/html';
import { runBatch } from '../../runtime/batch/engine';
import { progressSink } from '../../runtime/batch/progress';
import { RUNTIME_VERSION } from '../../runtime/version';
import { chooseShard } from '../batch';
import { extractSlurmArgs, taskArgs } from '../slurm/args';
import { runOnSlurm } from '../slurm/driver';
import { batchFolderPlan } from '../slurm/plan';
import { parseSweepArgs, type SweepArgs } from './args';
import { sweepResultFrom } from './result';

export const SWEEP_USAGE = `usage: dynlens sweep MODEL.ode --param a=0:2:101 [--param b=0:1:51]
         [--measure lyapunov|attractor|fixed-points] [--out DIR] [sweep-point flags: dynlens help sweep-point]
         [--workers N] [--format parquet|csv|npy] [--resume] [--shard I/N | --shards N] [--html report.html]
         [--slurm [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--max-parallel K] [--sbatch-arg A] [--wait]]
  --param name=start:stop:count  count values from start to stop (both included); name=v1,v2,... a list`;

interface Sweep {
  args: SweepArgs;
  modelPath: string;
  model: OdeModel;
  grid: ParamGrid;
  out: string;
  settings: Record<string, unknown>;
}

function prepare(rest: string[]): Sweep {
  const point = getAnalysis('sweep-point');
  const args = parseSweepArgs(rest, point.params);
  const modelPath = resolve(args.model);
  if (!existsSync(modelPath)) throw new DynLensError('bad-input', 'file not found', { file: args.model });
  const model = parseOde(readFileSync(modelPath, 'utf8'), modelPath);
  const grid = parseGrid(args.axes, model.paramNames, args.model);
  const resolved = resolveParams(sweepPointParams, args.params);
  const opts = sweepOptionsFor(model, compileModel(model).n, resolved);
  const others = model.paramNames.filter((n) => !grid.axes.some((a) => a.name === n));
  const settings: Record<string, unknown> = {
    ...opts,
    fixed: others.map((n) => `${n} = ${model.paramValues[model.paramNames.indexOf(n)]}`),
  };
  const out = resolve(args.out ?? `${basename(args.model).replace(/\.ode$/i, '')}-sweep`);
  return { args, modelPath, model, grid, out, settings };
}

/** DIR/sweep.json and, with --html, the standalone report of the sweep view. */
function writeSweep(s: Sweep, started: number): void {
  const measure = (s.args.params.measure ?? 'lyapunov') as SweepMeasure;
  const result = sweepResultFrom(s.out, s.modelPath, s.model.kind, measure, s.grid, s.settings);
  writeFileAtomicSync(join(s.out, 'sweep.json'), JSON.stringify(toPlainJson(result)) + '\n');
  if (!s.args.html) return;
  const bytes = readFileSync(s.modelPath);
  const envelope: ResultEnvelope = {
    analysisId: 'sweep',
    title: 'Parameter sweep',
    view: 'sweep',
    provenance: {
      analysisId: 'sweep',
      path: s.modelPath,
      contentHash: createHash('sha256').update(bytes).digest('hex'),
      fileBytes: bytes.length,
      params: { param: s.args.axes, ...s.args.params },
      runtimeVersion: RUNTIME_VERSION,
      wallTimeMs: Date.now() - started,
      startedAt: new Date(started).toISOString(),
      notes: [`${s.grid.size} grid points; tables in ${s.out}`],
    },
    result,
  };
  const bundleJs = readFileSync(join(__dirname, 'webview.js'), 'utf8');
  writeFileAtomicSync(
    s.args.html,
    renderReportHtml({ bundleJs, envelope: toPlainJson(envelope), title: `Sweep: ${s.args.model}` }),
  );
  process.stdout.write(`report written to ${s.args.html}\n`);
}

export async function sweepCommand(argv: string[], distDir: string): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(SWEEP_USAGE + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const started = Date.now();
  const { slurm, rest } = extractSlurmArgs(argv);
  const s = prepare(rest);
  if (slurm) {
    if (s.args.shard) throw usageError('--shard and --slurm do not mix: --slurm runs every shard as an array task');
    const t = taskArgs(rest);
    return runOnSlurm(
      batchFolderPlan({
        command: 'sweep',
        what: basename(s.modelPath),
        argv,
        args: t.args,
        out: s.out,
        itemCount: s.grid.size,
        resume: s.args.resume,
        workers: t.workers,
        format: s.args.format,
        slurm,
        afterMerge: () => writeSweep(s, started),
      }),
    );
  }
  const { shard, source } = chooseShard(s.args.shard, s.args.shards, process.env);
  const quiet = s.args.quiet;
  const handlers = new Set<() => void>();
  const onSigint = () => handlers.forEach((h) => h());
  process.on('SIGINT', onSigint);
  try {
    const report = await runBatch({
      analysisId: 'sweep-point',
      collections: [s.modelPath],
      prebuilt: [gridCollection(s.modelPath, s.grid)],
      rawParams: s.args.params,
      out: s.out,
      format: s.args.format,
      workers: s.args.workers ?? Math.max(1, availableParallelism()),
      maxMemoryMB: s.args.maxMemoryMB ?? 4096,
      keepResults: s.args.keepResults,
      ownProcess: true,
      resume: s.args.resume,
      shard,
      shardSource: source,
      collectionOptions: DEFAULT_COLLECTION_OPTIONS,
      workerScript: join(distDir, 'worker.js'),
      progress: progressSink(
        s.args.progressJson ? 'json' : quiet || !process.stderr.isTTY ? 'none' : 'bar',
        (t) => process.stderr.write(t),
        process.stderr.columns || 80,
      ),
      onInterrupt: (h) => {
        handlers.add(h);
        return () => handlers.delete(h);
      },
      log: (m) => {
        if (!quiet) process.stderr.write(`dynlens: ${m}\n`);
      },
    });
    process.stdout.write(`${report.message}\n${report.files.map((f) => `  ${f}`).join('\n')}\n`);
    if (report.exitCode !== 0) process.stderr.write(`dynlens: ${report.message}\n`);
    if (!shard && report.remaining === 0) writeSweep(s, started);
    return report.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
