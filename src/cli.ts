/**
 * `dynlens`: the same analyses as the extension, from a terminal. Runs each job in the same worker pool as the
 * extension host, so the numbers are the same. Exit codes: 0 success, 2 bad input or usage (one line on stderr
 * naming the file and the problem), 1 internal failure, 130 interrupted.
 */
import { availableParallelism } from 'node:os';
import { constants as bufferLimits } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { checkOutputPath, writeFileAtomicSync } from './runtime/atomic-write';
import { join, resolve } from 'node:path';
import { DynLensError, exitCodeFor } from './analysis/core/errors';
import { toPlainJson } from './analysis/core/json';
import { describeAnalyses, getAnalysis } from './analysis/registry';
import { parseRunArgs, wantsHelp } from './cli-args';
import { closestFlag } from './args/flags';
import { notebookBundle } from './report/notebook-bundle';
import { STDIN_PATH } from './analysis/core/input';
import { checkFormatName } from './analysis/data/formats';
import { batchCommand } from './cli/batch';
import { sweepCommand } from './cli/sweep/command';
import { holdYoungGeneration } from './runtime/heap-trim';
import type { ErrorInfo, ResultEnvelope } from './protocol';
import { renderReportHtml } from './report/html';
import { WorkerPool } from './runtime/pool';
import { RUNTIME_VERSION } from './runtime/version';

const USAGE = `usage: dynlens <analysis> <file> [--param value ...] [--json | --notebook] [--html report.html] [-o out.csv]
       <file> may be - (standard input; format by --input-format or sniffed)
       --dataset NAME   HDF5 path (/group/x), NetCDF or MATLAB variable of a container
       --slice SPEC     numpy-like part of an N-D dataset, e.g. 0,:,: or ::2,1 (integers drop a dimension)
       --input graph    read the file as a graph edge list (also: a CSV/TSV whose header is source,target[,weight],
                        .graphml, .gexf); --nodes FILE its node table (default NAME.nodes.csv beside NAME.csv)
       dynlens batch <analysis> <collection...> --out DIR [...]   (dynlens batch --help)
       dynlens sweep MODEL.ode --param a=0:2:101 [--param b=...] --measure M --out DIR   (dynlens sweep --help)
                [--max-memory-mb N] [--max-work OPS] [--workers N] [--quiet]
       dynlens list [--json]        analyses, inputs, parameters with defaults and units
       dynlens help <analysis>      parameters of one analysis (also: dynlens <analysis> --help)
       dynlens --version
  --json      the result and its provenance as one JSON document
  --notebook  a notebook display bundle: {"application/vnd.dynlens.result+json": result, "text/plain": summary}
  --          ends the options (a file name that starts with - follows it)`;

/** The analysis of that id, or a usage error that names the closest id. */
function analysisNamed(id: string) {
  try {
    return getAnalysis(id);
  } catch (e) {
    const near = closestFlag(
      id,
      describeAnalyses().map((a) => a.id),
    );
    if (e instanceof DynLensError && near)
      throw new DynLensError('usage', `${e.message}; did you mean ${near}? (dynlens list shows them all)`);
    throw e;
  }
}

function fail(info: ErrorInfo): never {
  process.stderr.write(`dynlens: ${info.message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(exitCodeFor(info.kind));
}

function printList(json: boolean, only?: string): void {
  const infos = describeAnalyses().filter((a) => only === undefined || a.id === only);
  if (json) {
    process.stdout.write(JSON.stringify(infos, null, 2) + '\n');
    return;
  }
  for (const a of infos) {
    const batch = a.batch ? '  [batch]' : '';
    process.stdout.write(`${a.id}  (${a.inputs.join(', ')})  ${a.title}${batch}\n  ${a.description}\n`);
    for (const p of a.params) {
      const def = p.default === undefined ? '' : ` [default ${p.default}${p.unit ? ' ' + p.unit : ''}]`;
      const choices = p.choices ? ` {${p.choices.join('|')}}` : '';
      const range = p.range ? ` (${p.range})` : '';
      process.stdout.write(`    ${p.flag}${choices}${def}${range}: ${p.description}\n`);
    }
    process.stdout.write('\n');
  }
}

function progressBar(): (f: number, m?: string) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (f, m) => {
    const width = 30;
    const n = Math.round(f * width);
    const line = `[${'#'.repeat(n)}${' '.repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}% ${m ?? ''}`;
    process.stderr.write(
      '\r' + line.slice(0, (process.stderr.columns || 80) - 1).padEnd((process.stderr.columns || 80) - 1),
    );
  };
}

/** Human-readable output: arrays abbreviated so the terminal stays readable; --json has everything. */
function abbreviate(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) {
    const head = v.slice(0, 8).map((x) => abbreviate(x, depth + 1));
    return v.length > 8 ? [...head, `... ${v.length - 8} more`] : head;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = abbreviate(x, depth + 1);
    return out;
  }
  return v;
}

/** All of standard input (for `-`); a terminal gives nothing to read, which is an error, not a wait. */
async function readStdin(limitBytes: number): Promise<Uint8Array> {
  if (process.stdin.isTTY)
    throw new DynLensError('usage', 'the input file is - but standard input is a terminal; pipe data into dynlens');
  const chunks: Buffer[] = [];
  let total = 0;
  // stop reading past the memory limit (or the largest buffer) instead of holding an endless pipe
  const limit = Math.min(limitBytes, bufferLimits.MAX_LENGTH);
  for await (const c of process.stdin) {
    total += (c as Buffer).length;
    if (total > limit)
      throw new DynLensError(
        'too-large',
        `more than ${Math.floor(limit / 2 ** 20)} MB piped in, over the memory limit; raise --max-memory-mb or pass a file`,
        { file: 'standard input' },
      );
    chunks.push(c as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    if (cmd === 'help' && rest[0]) {
      analysisNamed(rest[0]);
      printList(false, rest[0]);
      return 0;
    }
    process.stdout.write(USAGE + '\n');
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-V' || cmd === 'version') {
    process.stdout.write(RUNTIME_VERSION + '\n');
    return 0;
  }
  if (cmd === 'batch' || cmd === 'sweep') {
    holdYoungGeneration(); // before the collection is listed: its item list survives many scavenges
    return cmd === 'batch' ? batchCommand(rest, __dirname) : sweepCommand(rest, __dirname);
  }
  if (cmd === 'list') {
    printList(rest.includes('--json'));
    return 0;
  }
  const analysis = analysisNamed(cmd);
  if (wantsHelp(rest)) {
    printList(false, analysis.id);
    return 0;
  }
  const run = parseRunArgs(cmd, rest, analysis.params);
  const stdin = run.file === STDIN_PATH;
  const file = stdin ? STDIN_PATH : resolve(run.file);
  if (run.options.input?.format) checkFormatName(run.options.input.format);
  if (run.options.input?.nodes) run.options.input.nodes = resolve(run.options.input.nodes);
  for (const [key, spec] of Object.entries(analysis.params)) {
    const v = run.params[key];
    if (spec.type === 'files' && Array.isArray(v)) run.params[key] = v.map((f) => resolve(String(f)));
  }
  if (!stdin && !existsSync(file)) throw new DynLensError('bad-input', 'file not found', { file: run.file });
  const stdinBytes = stdin ? await readStdin((run.options.maxMemoryMB ?? 4096) * 2 ** 20) : undefined;
  // Outputs are checked before the analysis runs: a wrong path must not cost the whole run.
  if (run.options.output) {
    if (!analysis.toCsv) throw new DynLensError('usage', `${analysis.id} has no table output for -o`);
    checkOutputPath(run.options.output, '-o');
  }
  if (run.options.html) checkOutputPath(run.options.html, '--html');

  const workerScript = join(__dirname, 'worker.js');
  const pool = new WorkerPool({
    workerScript,
    size: run.options.workers ?? Math.max(1, availableParallelism() - 1),
    maxMemoryMB: run.options.maxMemoryMB ?? 4096,
    maxWork: run.options.maxWork,
  });
  const bar = run.options.quiet ? () => undefined : progressBar();
  const job = pool.run(
    {
      jobId: 'cli',
      analysisId: analysis.id,
      path: file,
      params: run.params,
      input: run.options.input,
      stdin: stdinBytes,
    },
    { onProgress: bar },
  );
  const onSigint = () => job.cancel();
  process.on('SIGINT', onSigint);
  const outcome = await job.outcome;
  process.off('SIGINT', onSigint);
  if (process.stderr.isTTY && !run.options.quiet) process.stderr.write('\r\x1b[K');
  pool.dispose();
  if (!outcome.ok) fail(outcome.error);

  const env = outcome.envelope;
  if (run.options.output) {
    if (!analysis.toCsv) throw new DynLensError('usage', `${analysis.id} has no table output for -o`);
    writeFileAtomicSync(run.options.output, analysis.toCsv(env.result));
  }
  if (run.options.html) {
    const bundlePath = join(__dirname, 'webview.js');
    const bundleJs = readFileSync(bundlePath, 'utf8');
    writeFileAtomicSync(
      run.options.html,
      renderReportHtml({ bundleJs, envelope: toPlainJson(env), title: `${env.title}: ${run.file}` }),
    );
  }
  const body = analysis.toJson ? analysis.toJson(env.result) : env.result;
  const doc = { ...(toPlainJson(body) as Record<string, unknown>), provenance: toPlainJson(env.provenance) };
  if (run.options.notebook) {
    process.stdout.write(JSON.stringify(notebookBundle(toPlainJson(env) as ResultEnvelope, run.file)) + '\n');
  } else if (run.options.json) {
    process.stdout.write(JSON.stringify(doc) + '\n');
  } else {
    const p = env.provenance;
    process.stdout.write(`${env.title}: ${run.file}\n`);
    process.stdout.write(`  sha256 ${p.contentHash.slice(0, 16)}  runtime ${p.runtimeVersion}  ${p.wallTimeMs} ms\n`);
    for (const n of p.notes) process.stdout.write(`  note: ${n}\n`);
    const { provenance: _omit, ...resultOnly } = doc;
    void _omit;
    process.stdout.write(JSON.stringify(abbreviate(resultOnly), null, 2) + '\n');
    if (run.options.html) process.stdout.write(`report written to ${run.options.html}\n`);
    if (run.options.output) process.stdout.write(`table written to ${run.options.output}\n`);
  }
  return 0;
}

// `dynlens ... --json | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

// A last guard: if the event loop empties before main() settles (a lost worker message), say so and fail.
let settled = false;
process.on('exit', (code) => {
  if (!settled && code === 0) {
    process.stderr.write('dynlens: internal error: the analysis ended without a result or an error\n');
    process.exitCode = 1;
  }
});

main(process.argv.slice(2)).then(
  // exitCode, not exit(): stdout to a pipe is asynchronous and a large --json document must drain first.
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (e: unknown) => {
    settled = true;
    if (e instanceof DynLensError) fail(e.toInfo());
    process.stderr.write(`dynlens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
