#!/usr/bin/env node
// The hostile-input suite: runs the built CLI (bin/dynlens.js) on generated hostile inputs and absurd parameters and
// asserts, for each: exit code 0 or 2 (never 1, never a signal), a message naming the file and the reason, peak
// memory (VmHWM of the process, polled from /proc) under the budget + 10% + the runtime's base, wall time under a
// stated bound, and no half-written output. Then a property test kills the CLI at random moments while it writes -o
// and checks that the old file or the complete new one is there. Prints `hostile: N passed, M failed`.
// Usage: node test/hostile/run.mjs [name-filter]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as gen from './generators.mjs';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'dynlens.js');
const BUDGET_MB = 512;
/** Node's main thread, a worker's isolate and the bundled code, measured at about 70-120 MB on a trivial run. */
const BASE_MB = 160;
const PEAK_LIMIT_MB = Math.round(BUDGET_MB * 1.1 + BASE_MB);
const filter = process.argv[2];

function run(args, { timeoutS, killAfterMs, budgetMB = BUDGET_MB } = {}) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args, '--max-memory-mb', String(budgetMB), '--workers', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout.length < 1e6 ? (stdout += d) : undefined));
    child.stderr.on('data', (d) => (stderr += d));
    let peakKB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKB = Math.max(peakKB, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 15);
    const timer = setTimeout(() => child.kill('SIGKILL'), (timeoutS ?? 60) * 1000);
    const killer = killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      const wallS = (performance.now() - t0) / 1000;
      done({ code, signal, stdout, stderr, wallS, peakMB: peakKB / 1024, pid: child.pid });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'dynlens-hostile-'));
const outDir = join(dir, 'out');
mkdirSync(outDir);
const results = [];

/**
 * One case: `exit` the allowed codes, `message` a pattern stderr (or stdout for 0) must match, `wall` the bound in
 * seconds; `output` a path that must not exist afterwards unless the run succeeded (and then must be complete).
 */
async function check(name, args, { exit = [0, 2], message, wall = 30, output, extra, budgetMB } = {}) {
  if (filter && !name.includes(filter)) return;
  const r = await run(args, { timeoutS: wall + 5, budgetMB });
  const problems = [];
  if (r.signal) problems.push(`killed by ${r.signal}`);
  if (!exit.includes(r.code)) problems.push(`exit ${r.code} (allowed ${exit.join('/')})`);
  if (r.code === 2 && !/^dynlens: .+/m.test(r.stderr)) problems.push('no one-line "dynlens:" message');
  if (r.code === 2 && /\n\s+at .+\(.*:\d+:\d+\)/.test(r.stderr)) problems.push('stack trace on stderr');
  if (/ERR_FS_FILE_TOO_LARGE|ERR_STRING_TOO_LONG/.test(r.stderr))
    problems.push('a Node.js size error reached the user');
  if (message && !message.test(r.code === 0 ? r.stdout + r.stderr : r.stderr))
    problems.push(`message does not match ${message}: ${r.stderr.slice(0, 300)}`);
  if (r.peakMB > PEAK_LIMIT_MB) problems.push(`peak ${r.peakMB.toFixed(0)} MB > ${PEAK_LIMIT_MB} MB`);
  if (r.wallS > wall) problems.push(`wall ${r.wallS.toFixed(1)} s > ${wall} s`);
  if (output && r.code !== 0 && existsSync(output)) problems.push(`output ${output} written by a failed run`);
  const temps = readdirSync(outDir).filter((f) => f.endsWith('.tmp'));
  if (temps.length) problems.push(`temporary files left: ${temps.join(', ')}`);
  if (extra) problems.push(...extra(r));
  results.push({ name, ok: problems.length === 0 });
  const line = `${problems.length ? 'FAIL' : 'ok  '} ${name}: exit ${r.code ?? r.signal}, ${r.wallS.toFixed(2)} s, peak ${r.peakMB.toFixed(0)} MB`;
  console.log(line + (problems.length ? `\n       ${problems.join('\n       ')}` : ''));
  const msg = (r.code === 0 ? '' : r.stderr.trim().split('\n')[0]) || '';
  if (msg) console.log(`       ${msg.slice(0, 240)}`);
}

const ex = (f) => join(root, 'examples', f);
const t0 = performance.now();

// ---- archives
const honest = gen.zipBomb(dir, 'bomb-5gb.npz', { zeroBytes: 5 * 2 ** 30 });
await check('npz bomb, 5 GB zip64 member, honest header', ['summary', honest], {
  exit: [2],
  message: /bomb-5gb\.npz: member x\.npy unpacks to 5120\.0 MB, over the memory limit/,
  wall: 5,
});
const lying = gen.zipBomb(dir, 'bomb-lying.npz', { zeroBytes: 5 * 2 ** 30, declaredSize: 4096 });
await check('npz bomb, 5 GB member whose header says 4 KB', ['summary', lying], {
  exit: [2],
  message: /bomb-lying\.npz: member x\.npy inflates past the 4096 bytes its header declares/,
  wall: 5,
});
const under = gen.zipBomb(dir, 'bomb-under-budget.npz', { zeroBytes: 400 * 2 ** 20, declaredSize: 200 * 2 ** 20 });
await check('npz, 400 MB member whose header says 200 MB', ['summary', under], {
  exit: [2],
  message: /inflates past the 209715200 bytes/,
  wall: 20,
});

// ---- files over 2 GiB (fs.readFile's limit) and 4 GiB (Node's largest buffer), sparse: no disk, no wait
const GiB = 2 ** 30;
const sparseCsv = gen.sparseFile(dir, 'sparse-3g.csv', 't,x\n0,1\n', 3 * GiB);
await check('3 GiB CSV (sparse: zeros after a text head), budget 8 GB', ['summary', sparseCsv], {
  exit: [2],
  message: /sparse-3g\.csv: the first 4096 bytes are not text/,
  wall: 5,
  budgetMB: 8192,
});
await check('3 GiB CSV under the 4 GB default budget: refused from its size', ['summary', sparseCsv], {
  exit: [2],
  message: /sparse-3g\.csv: file is 3\.0 GB; reading it holds the file and its decoded values together, about 4\.5 GB/,
  wall: 5,
  budgetMB: 4096,
});
const rows2g = (2 * GiB + 2 ** 27) / 8;
const sparseNpy = gen.sparseFile(dir, 'sparse-2g.npy', gen.npyHeader([rows2g]), 64 + rows2g * 8);
await check('2.1 GiB .npy under a 4 GB budget', ['summary', sparseNpy], {
  exit: [2],
  message: /sparse-2g\.npy: file is 2\.1 GB; reading it holds the file and its decoded values together, about 4\.3 GB/,
  wall: 5,
  budgetMB: 4096,
});
const sparse5 = gen.sparseFile(dir, 'sparse-5g.csv', 'x\n', 5 * GiB);
await check('5 GiB CSV with a 16 GB budget', ['summary', sparse5], {
  exit: [2],
  // Node 20 holds at most 4 GiB in one buffer; where a newer Node holds more, the zeros are refused as not text
  message: /sparse-5g\.csv: (file is 5\.0 GB: formats read whole can be at most|the first 4096 bytes are not text)/,
  wall: 5,
  budgetMB: 16384,
});
const sparseOde = gen.sparseFile(dir, 'sparse-600m.ode', "x'=-x\ninit x=1\n", 600 * 2 ** 20);
await check('600 MB .ode', ['simulate', sparseOde], {
  exit: [2],
  message: /sparse-600m\.ode: file is 0\.6 GB: a model is read as one text of at most 512 MB/,
  wall: 5,
  budgetMB: 4096,
});
for (const f of [sparseCsv, sparseNpy, sparse5, sparseOde]) rmSync(f);

// ---- wide tables
const wide = gen.wideCsv(dir, 'wide-1e6.csv', 1_000_000, 5);
await check('summary of a 1,000,000-column CSV: refused with an estimate', ['summary', wide], {
  exit: [0, 2],
  message: /wide-1e6\.csv: .*1000000 columns.* over the memory limit/,
  wall: 30,
});
const wide20k = gen.wideCsv(dir, 'wide-2e4.csv', 20_000, 50);
await check('summary of a 20,000-column CSV completes', ['summary', wide20k, '--json', '--quiet'], {
  exit: [0],
  wall: 30,
});

// ---- absurd parameters
await check('koopman --forecast 1e9', ['koopman', ex('lorenz.csv'), '--forecast', '1000000000'], {
  exit: [2],
  message: /lorenz\.csv: koopman would need about .*--forecast 1000000000 steps.*lower --forecast/,
  wall: 10,
});
await check('koopman --forecast 1e8', ['koopman', ex('lorenz.csv'), '--forecast', '100000000'], {
  exit: [2],
  message: /lorenz\.csv: koopman would need about .* GB/,
  wall: 10,
});
await check('koopman --forecast Infinity', ['koopman', ex('lorenz.csv'), '--forecast', 'Infinity'], {
  exit: [2],
  message: /--forecast must be finite/,
  wall: 10,
});
await check('koopman --modes -1', ['koopman', ex('lorenz.csv'), '--modes', '-1'], {
  exit: [2],
  message: /--modes must be >= 0/,
  wall: 10,
});
await check('fixed-points --seeds 1e9', ['fixed-points', ex('lorenz.ode'), '--seeds', '1000000000'], {
  exit: [2],
  message: /lorenz\.ode: fixed-points would need about .*1000000000 seeds.*lower --seeds/,
  wall: 10,
});
await check('model-overview --seeds 1e9', ['model-overview', ex('lorenz.ode'), '--seeds', '1000000000'], {
  exit: [2],
  message: /lorenz\.ode: model-overview would need about/,
  wall: 15,
});
await check('simulate --t-end 1e9', ['simulate', ex('lorenz.ode'), '--t-end', '1000000000'], {
  exit: [2],
  message: /lorenz\.ode: simulate would need about .*samples/,
  wall: 10,
});
await check(
  'persistence --max-points 1e12 (over its range)',
  ['persistence', ex('circle.csv'), '--max-points', '1e12'],
  {
    exit: [2],
    message: /--max-points must be <= /,
    wall: 10,
  },
);

// absurd sizes the up-front estimates refuse before any distance, search or neighbour is computed
const cloud3k = gen.uniformCloudCsv(dir, 'cloud-3000.csv', 3000);
// (without --landmarks the run would keep the landmarks its work allows; H3 of even those is over this budget)
await check('persistence --max-dim 3 of 3,000 points', ['persistence', cloud3k, '--max-dim', '3'], {
  exit: [2],
  message: /cloud-3000\.csv: persistence would need about .*points up to degree 3.*lower --max-dim/,
  wall: 10,
});
// H1 at the enclosing radius of examples/lorenz.csv ran past 280 s and 23 GB before the up-front estimate; by
// default it now keeps the landmarks its work allows, and asking for every point is refused up front
await check('persistence of examples/lorenz.csv by default: landmarks', ['persistence', ex('lorenz.csv')], {
  exit: [0],
  message: /default landmarks: \d+ of 10000 points/,
  wall: 60,
});
await check(
  'persistence of examples/lorenz.csv --landmarks 10000 (every point, H1)',
  ['persistence', ex('lorenz.csv'), '--landmarks', '10000'],
  {
    exit: [2],
    message: /lorenz\.csv: persistence would need about .*10000 points up to degree 1/,
    wall: 10,
  },
);
await check(
  'signed-barcode --grid 4096 --image-resolution 1024',
  ['signed-barcode', ex('circle.csv'), '--grid', '4096', '--image-resolution', '1024'],
  { exit: [2], message: /circle\.csv: signed-barcode would need about .*1024 x 1024 pixels/, wall: 10 },
);
await check('symbolic --iterations 1e9', ['symbolic', ex('oscillator.csv'), '--iterations', '1000000000'], {
  exit: [2],
  message: /oscillator\.csv: symbolic would need about .*1000000000 epochs.*lower --iterations/,
  wall: 10,
});
const series = gen.uniformCloudCsv(dir, 'series-2e5.csv', 200_000, 1);
await check('lyapunov --dim 1000 of a 200,000-sample series', ['lyapunov', series, '--dim', '1000'], {
  exit: [2],
  message: /series-2e5\.csv: lyapunov would need about .*dimension 1000.*lower --dim/,
  wall: 15,
});

// ---- graphs and the module approximation
const triangle = join(dir, 'graph <b>&x.csv');
writeFileSync(triangle, 'source,target\na,b\nb,c\nc,a\nc,c\nd,e\n');
writeFileSync(join(dir, 'graph <b>&x.nodes.csv'), 'id,h\na,1\nb,NaN\nc,3\nd,4\ne,5\n');
await check('persistence of a graph with a NaN node attribute', ['persistence', triangle, '--graph-function', 'h'], {
  exit: [2],
  message: /graph <b>&x\.csv: .*NaN.*node "b"/,
  wall: 15,
});
await check(
  'persistence of a disconnected graph with a self-loop, by degree',
  ['persistence', triangle, '--graph-function', 'degree'],
  {
    exit: [0],
    wall: 15,
  },
);
await check('module of a graph with one node function', ['module', triangle, '--graph-function', 'degree'], {
  exit: [2],
  message: /two node functions/,
  wall: 15,
});
await check('module --precision 0', ['module', ex('circle.csv'), '--precision', '0'], {
  exit: [2],
  message: /precision/,
  wall: 15,
});
await check(
  'persistence --graph-function of a point cloud',
  ['persistence', ex('circle.csv'), '--graph-function', 'degree'],
  {
    exit: [2],
    message: /--graph-function applies to graphs/,
    wall: 15,
  },
);

// ---- models
const many = gen.manyEquationsOde(dir, 'ten-thousand.ode', 10_000);
await check('simulate of a 10,000-equation .ode', ['simulate', many], {
  exit: [2],
  message: /ten-thousand\.ode: simulate would need about .*10000 equations/,
  wall: 20,
});
const expo = gen.exponentialOde(dir, 'exponential.ode', 60);
await check('[needs xpp] simulate of an .ode whose quantities double 60 times', ['simulate', expo, '--t-end', '1'], {
  exit: [0, 2],
  wall: 10,
});
const deep = gen.deepOde(dir, 'deep.ode', 5000);
await check('[needs xpp] simulate of an .ode with 5,000 nested parentheses', ['simulate', deep, '--t-end', '1'], {
  exit: [0, 2],
  message: /deep\.ode/,
  wall: 10,
});

// ---- honest numbers
const over = gen.overflowCsv(dir, 'overflow.csv');
await check(
  'summary of values near 1.8e308 with NaN, +-Inf and missing cells',
  ['summary', over, '--json', '--quiet'],
  {
    exit: [0],
    wall: 15,
    extra: (r) => {
      const p = [];
      try {
        const doc = JSON.parse(r.stdout);
        const col = Object.fromEntries(doc.columns.map((c) => [c.name, c]));
        if (!(col.big.mean > 1.4e308 && col.big.mean < 1.5e308)) p.push(`big.mean ${col.big.mean}`);
        if (col.withinf.mean !== 'Infinity' || col.withinf.posInfCount !== 1)
          p.push('withinf not "Infinity" with a count');
        if (col.mixed.mean !== 'NaN' || col.mixed.nanCount !== 1 || col.mixed.negInfCount !== 1) p.push('mixed counts');
        if (col.missing.missingCount !== 20 || typeof col.missing.mean !== 'number') p.push('missing counts');
        if (!doc.notes.some((n) => /infinite values/.test(n))) p.push('no note on infinite values');
      } catch (e) {
        p.push(`bad JSON: ${e.message}`);
      }
      return p;
    },
  },
);
const constant = gen.constantCsv(dir, 'constant.csv');
await check('lyapunov of a constant series', ['lyapunov', constant], {
  exit: [2],
  message: /constant\.csv: constant series: no exponent/,
  wall: 15,
});
const huge = gen.hugeCoordinatesCsv(dir, 'huge-coordinates.csv');
await check('persistence of coordinates near 1e308', ['persistence', huge], {
  exit: [2],
  message: /huge-coordinates\.csv: column "x" ranges from .*squared distances would overflow/,
  wall: 15,
});

// ---- outputs
await check('-o into a folder that does not exist', ['summary', ex('lorenz.csv'), '-o', join(dir, 'nope', 'x.csv')], {
  exit: [2],
  message: /-o .*nope\/x\.csv: the folder .* does not exist/,
  wall: 5,
  output: join(dir, 'nope', 'x.csv'),
});
await check('--html onto a folder', ['summary', ex('lorenz.csv'), '--html', outDir], {
  exit: [2],
  message: /--html .*: is a folder, not a file/,
  wall: 5,
});
writeFileSync(join(dir, 'plain-file'), 'x');
await check('-o below a regular file', ['summary', ex('lorenz.csv'), '-o', join(dir, 'plain-file', 'x.csv')], {
  exit: [2],
  message: /-o .*plain-file\/x\.csv: /,
  wall: 5,
});
await check(
  '-o and --html written whole',
  ['simulate', ex('lorenz.ode'), '-o', join(outDir, 'traj.csv'), '--html', join(outDir, 'r.html'), '--quiet'],
  {
    exit: [0],
    wall: 30,
    extra: () => {
      const csv = readFileSync(join(outDir, 'traj.csv'), 'utf8');
      const html = readFileSync(join(outDir, 'r.html'), 'utf8');
      const p = [];
      if (!csv.endsWith('\n') || csv.split('\n').length < 1000) p.push('CSV incomplete');
      if (!html.trimEnd().endsWith('</html>')) p.push('HTML incomplete');
      return p;
    },
  },
);

// ---- property: kill -9 at random moments while -o and --html are written; the old file or the complete new one
// remains, and whatever temporaries the killed writers left are gone after the next run
if (!filter || 'kill'.includes(filter) || filter === 'kill') {
  const target = join(outDir, 'killed.csv');
  const report = join(outDir, 'killed.html');
  const args = ['simulate', ex('lorenz.ode'), '--t-end', '3000', '-o', target, '--html', report, '--quiet'];
  const ref = await run(args, { timeoutS: 60 });
  const complete = readFileSync(target, 'utf8');
  const fullMs = ref.wallS * 1000;
  let bad = 0;
  const N = 16;
  let rnd = 12345;
  const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let sawOld = 0;
  let sawNew = 0;
  let leftBehind = 0;
  let lastPid = 0;
  for (let i = 0; i < N; i++) {
    writeFileSync(target, 'OLD\n');
    writeFileSync(report, 'OLD\n');
    // Random moments over most of the run (the analysis, the CSV text, the write, the rename).
    const at = fullMs * (0.2 + 0.85 * next());
    lastPid = (await run(args, { timeoutS: 60, killAfterMs: at })).pid;
    const now = readFileSync(target, 'utf8');
    if (now === 'OLD\n') sawOld++;
    else if (now === complete) sawNew++;
    else bad++;
    const html = readFileSync(report, 'utf8');
    if (html !== 'OLD\n' && !html.trimEnd().endsWith('</html>')) bad++;
    leftBehind += readdirSync(outDir).filter((f) => f.endsWith('.tmp')).length;
  }
  // what a writer killed between its create and its rename leaves (a kill rarely lands in that window): one more
  // of those for each output, named as the last killed run would have named them
  writeFileSync(join(outDir, `.killed.csv.dynlens-${lastPid}-0badc0de.tmp`), complete.slice(0, 1000));
  writeFileSync(join(outDir, `.killed.html.dynlens-${lastPid}-0badc0de.tmp`), '<html');
  const after = await run(args, { timeoutS: 60 });
  const stray = readdirSync(outDir).filter((f) => f.endsWith('.tmp'));
  const ok = bad === 0 && after.code === 0 && stray.length === 0 && readFileSync(target, 'utf8') === complete;
  results.push({ name: 'kill -9 while writing -o and --html', ok });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} kill -9 at ${N} random moments while writing -o and --html (reference run ${ref.wallS.toFixed(1)} s): ${sawOld} old, ${sawNew} complete new, ${bad} torn; ${leftBehind} temporaries seen after kills, ${stray.length} left after the next run${stray.length ? ': ' + stray.join(', ') : ''}`,
  );
}

// ---- batch: kill -9 in the middle of a batch, then --resume: the tables are whole and no temporary is left
if (!filter || 'batch kill'.includes(filter)) {
  const clouds = join(dir, 'clouds');
  mkdirSync(clouds);
  for (let k = 0; k < 40; k++) {
    const rows = ['x,y'];
    for (let i = 0; i < 200; i++) rows.push(`${Math.cos(i / 10 + k)},${Math.sin(i / 7 + k)}`);
    writeFileSync(join(clouds, `c${k}.csv`), rows.join('\n') + '\n');
  }
  const out = join(dir, 'batch-out');
  const args = ['batch', 'persistence', clouds, '--out', out, '--format', 'csv', '-q'];
  const first = await run(args, { timeoutS: 120, killAfterMs: 1500 });
  const killedPid = first.pid;
  let plant = '';
  if (existsSync(out)) {
    plant = join(out, `.features.csv.dynlens-${killedPid}-0badc0de.tmp`);
    writeFileSync(plant, 'index,fi');
  }
  const resumed = await run([...args, '--resume'], { timeoutS: 120 });
  const tmpFiles = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.tmp') || /\.tmp-\d+$/.test(e.name)) tmpFiles.push(join(d, e.name));
    }
  };
  if (existsSync(out)) walk(out);
  const table = existsSync(join(out, 'features.csv')) ? readFileSync(join(out, 'features.csv'), 'utf8') : '';
  const lines = table.trimEnd().split('\n').length;
  const ok = resumed.code === 0 && tmpFiles.length === 0 && lines === 41;
  results.push({ name: 'kill -9 during batch, then --resume', ok });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} kill -9 during batch (${first.signal ?? 'exit ' + first.code} after ${first.wallS.toFixed(1)} s), then --resume: exit ${resumed.code}, features.csv ${lines} lines, ${tmpFiles.length} temporaries left${tmpFiles.length ? ': ' + tmpFiles.join(', ') : ''}`,
  );
  if (resumed.code !== 0) console.log(`       ${resumed.stderr.trim().split('\n')[0]}`);
}

rmSync(dir, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(
  `(peak memory bound ${PEAK_LIMIT_MB} MB = budget ${BUDGET_MB} MB + 10% + ${BASE_MB} MB runtime base; ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
console.log(`hostile: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
