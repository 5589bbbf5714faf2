/**
 * Accuracy benchmark, SRBench protocol (La Cava et al. 2021): Feynman formulas sampled in their ranges (75/25 split
 * inside the analysis, seeded), noise sigma = level * RMS(y), a symbolic solution when truth - model or truth/model
 * simplifies to a constant (SymPy, bench/symbolic/srbench_check.py); also the 14 Strogatz ODE right-hand sides from
 * their published samples. Runs the `symbolic` analysis exactly as the CLI does (defaults except the budget/seed).
 *
 * Usage: node scripts/run-ts.mjs bench/symbolic/feynman.ts [--budget 120] [--all | --subset 20] [--noise 0,0.01]
 *          [--rows 1000] [--seed 1] [--strogatz] [--no-feynman] [--out results.json]
 *        node scripts/run-ts.mjs bench/symbolic/feynman.ts --recheck results.json   (the solution check again)
 * The full protocol is --budget 120 --all --strogatz (~8.5 h on one core).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCancelSignal } from '../../src/analysis/core/context';
import type { AnalysisContext } from '../../src/analysis/core/context';
import type { AnalysisInput, Dataset } from '../../src/analysis/core/input';
import { resolveParams } from '../../src/analysis/core/params';
import { symbolicAnalyses } from '../../src/analysis/symbolic/analysis';
import { sanitizeName } from '../../src/analysis/symbolic/format';
import type { SymbolicResult } from '../../src/protocol/results/symbolic';

const PY = '/usr/bin/python3';
const SHARED = '/work/shared/benchmarks/symbolic';
const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const arg = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const budget = Number(arg('budget', '120'));
const subset = Number(arg('subset', '20'));
const levels = arg('noise', '0,0.01');
const rows = Number(arg('rows', '1000'));
const seed = Number(arg('seed', '1'));
const outFile = arg('out', '');

function readCsv(path: string): Dataset {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const columns = lines[0].split(',').map((s) => s.trim());
  const data = columns.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    for (let c = 0; c < columns.length; c++) data[c][r - 1] = Number(cells[c]);
  }
  return { source: path, columns, data, rows: lines.length - 1, notes: [] };
}

const entry = symbolicAnalyses[0];
function context(): AnalysisContext {
  const ctx: AnalysisContext = {
    progress() {},
    log() {},
    signal: localCancelSignal(),
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    async loadInput(): Promise<AnalysisInput> {
      throw new Error('no secondary inputs');
    },
    async parallelMap<T, R>(task: string, chunks: T[]): Promise<R[]> {
      return chunks.map((c) => entry.tasks![task](c, ctx) as R);
    },
  };
  return ctx;
}

interface Problem {
  name: string;
  formula: string;
  variables: string[];
  target: string;
  noise: number;
  file: string;
  group: string;
}
interface Outcome extends Problem {
  expression: string;
  complexity: number;
  r2: number;
  seconds: number;
  stoppedBy: string;
  solved?: boolean | null;
}

async function solve(p: Problem): Promise<Outcome> {
  const ds = readCsv(p.file);
  const t0 = performance.now();
  const r = (await entry.run(
    { kind: 'table', path: p.file, dataset: ds },
    resolveParams(entry.params, { target: p.target, features: p.variables.join(','), timeBudget: budget, seed }),
    context(),
  )) as SymbolicResult;
  const t = r.targets[0];
  const best = t.pareto[t.bestIndex];
  return {
    ...p,
    expression: best?.expression ?? '0',
    complexity: best?.complexity ?? 0,
    r2: best?.r2 ?? -Infinity,
    seconds: (performance.now() - t0) / 1000,
    stoppedBy: t.stats.stoppedBy,
  };
}

/** Runs the SymPy solution check on outcomes and prints the per-problem lines and the summary per group. */
function checkAndSummarize(outcomes: Outcome[]): void {
  const check = spawnSync(PY, ['bench/symbolic/srbench_check.py'], {
    input: JSON.stringify(
      outcomes.map((o) => ({
        formula: o.formula,
        expression: o.expression,
        variables: o.variables,
        sanitized: o.variables.map(sanitizeName),
      })),
    ),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (check.status !== 0) throw new Error(check.stderr);
  const solved = JSON.parse(check.stdout) as (boolean | null)[];
  outcomes.forEach((o, i) => (o.solved = solved[i]));
  const groups = [...new Set(outcomes.map((o) => o.group))];
  console.log('\nproblem solved(symbolic) r2>0.999');
  for (const o of outcomes)
    console.log(
      `${o.group} ${o.name} ${o.solved === null ? 'timeout' : o.solved ? 'yes' : 'no'} ${o.r2 > 0.999 ? 'yes' : 'no'}`,
    );
  console.log('\nsummary');
  for (const g of groups) {
    const os = outcomes.filter((o) => o.group === g);
    const s = os.filter((o) => o.solved).length;
    const a = os.filter((o) => o.r2 > 0.999).length;
    console.log(
      `${g}: symbolic solutions ${s}/${os.length} (${((100 * s) / os.length).toFixed(1)}%), R2>0.999 ${a}/${os.length} (${((100 * a) / os.length).toFixed(1)}%)`,
    );
  }
}

async function main(): Promise<void> {
  // --recheck FILE: the solution check again on a stored run (after a change of the checker), written back to FILE
  const recheck = arg('recheck', '');
  if (recheck) {
    const stored = JSON.parse(readFileSync(recheck, 'utf8')) as { outcomes: Outcome[] };
    checkAndSummarize(stored.outcomes);
    writeFileSync(recheck, JSON.stringify(stored, null, 1));
    return;
  }
  const problems: Problem[] = [];
  if (!flag('no-feynman')) {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-srbench-'));
    const all = readFileSync(join(SHARED, 'feynman.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.split(',')[0]);
    // --subset k: k problems spread evenly over the list (every (119/k)-th), so the subset is not just the easy start
    const names = flag('all')
      ? all
      : Array.from({ length: subset }, (_, i) => all[Math.floor((i * all.length) / subset)]);
    const gen = spawnSync(
      PY,
      ['bench/symbolic/srbench_data.py', dir, String(rows), String(seed), levels, names.join(',')],
      { encoding: 'utf8' },
    );
    if (gen.status !== 0) throw new Error(gen.stderr);
    for (const p of JSON.parse(readFileSync(join(dir, 'problems.json'), 'utf8')) as Omit<Problem, 'group'>[])
      problems.push({ ...p, group: `feynman noise ${p.noise}` });
  }
  if (flag('strogatz')) {
    for (const line of readFileSync(join(SHARED, 'strogatz_odes.csv'), 'utf8').split('\n').slice(1)) {
      if (!line.trim()) continue;
      const name = line.split(',')[0];
      const eq = /,[xy]' = ([^,]+),/.exec(line)![1];
      problems.push({
        name,
        formula: eq,
        variables: ['x', 'y'],
        target: 'label',
        noise: 0,
        file: join(SHARED, 'strogatz_data', `d_${name.replace('strogatz_', '')}.txt`),
        group: 'strogatz',
      });
    }
  }
  console.log(
    `node ${process.version}, ${new Date().toISOString()}, budget ${budget} s/problem, ${rows} rows, seed ${seed}, ${problems.length} runs`,
  );
  const outcomes: Outcome[] = [];
  for (const p of problems) {
    const o = await solve(p);
    outcomes.push(o);
    console.log(
      `${p.group.padEnd(20)} ${p.name.padEnd(22)} r2 ${o.r2.toFixed(6)} c ${String(o.complexity).padStart(2)} ${o.seconds.toFixed(1)}s ${o.stoppedBy.padEnd(11)} ${o.expression}`,
    );
    // written after every problem so that a long run stopped part-way keeps what it measured (checked later)
    if (outFile)
      writeFileSync(
        outFile,
        JSON.stringify({ budget, rows, seed, date: new Date().toISOString(), complete: false, outcomes }, null, 1),
      );
  }
  checkAndSummarize(outcomes);
  if (outFile)
    writeFileSync(
      outFile,
      JSON.stringify({ budget, rows, seed, date: new Date().toISOString(), complete: true, outcomes }, null, 1),
    );
}

void main();
