// `--slurm` on a real one-node Slurm cluster (scripts/slurm/cluster.sh: slurmctld, slurmd and munged on this
// machine): array jobs of `dynlens batch` and `dynlens sweep` give the local run's table bit for bit; a cancelled
// array task is listed with its state and log, and `--resume --slurm` completes only its shard; without sbatch,
// `--slurm` exits 2 saying where to run. Stops the daemons at the end (also on failure); logs stay in
// test-artifacts/slurm. Prints "slurm: N passed, M failed".
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'dynlens.js');
const ART = join(ROOT, 'test-artifacts', 'slurm');
const WORK = join(ART, 'work');
const CLUSTER = join(ROOT, 'scripts', 'slurm', 'cluster.sh');

let passed = 0;
let failed = 0;
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}: ${e instanceof Error ? e.message : e}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function dynlens(args, opts = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: WORK, encoding: 'utf8', ...opts });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function dynlensAsync(args) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: WORK });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { child, done };
}

function sameFiles(a, b, files) {
  for (const f of files) {
    const x = readFileSync(join(a, f));
    const y = readFileSync(join(b, f));
    assert(x.equals(y), `${f} differs between ${a} and ${b}`);
  }
}

/** Item lines of a shard's journal (ok or failed). */
function journalItems(out, shard, shards) {
  const p = join(out, 'shards', `${shard}-of-${shards}`, 'journal.jsonl');
  if (!existsSync(p)) return 0;
  return readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"item"')).length;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function makeClouds(dir, count, points) {
  mkdirSync(dir, { recursive: true });
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let i = 0; i < count; i++) {
    const lines = ['x,y'];
    const noise = 0.05 + (0.1 * (i % 5)) / 5;
    for (let k = 0; k < points; k++) {
      const u = 2 * Math.PI * rand();
      const ring = i % 2 === 0 ? 1 : 0.5 + 0.5 * rand();
      lines.push(
        `${(ring * Math.cos(u) + noise * rand()).toFixed(6)},${(ring * Math.sin(u) + noise * rand()).toFixed(6)}`,
      );
    }
    writeFileSync(join(dir, `cloud-${String(i).padStart(2, '0')}.csv`), lines.join('\n') + '\n');
  }
}

// ---- the cluster --------------------------------------------------------------------------------------------------
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const started = execFileSync('bash', [CLUSTER, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const conf = /export SLURM_CONF=(\S+)/.exec(started)?.[1];
if (!conf) {
  console.log('slurm: 0 passed, 1 failed (the cluster did not start)');
  process.exit(1);
}
process.env.SLURM_CONF = conf;
const stop = () => spawnSync('bash', [CLUSTER, 'stop'], { stdio: 'inherit' });
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

try {
  makeClouds(join(WORK, 'clouds'), 32, 120);
  const analysis = ['signed-barcode', 'clouds', '--grid', '20', '--image-resolution', '16', '--format', 'npy'];
  const tables = ['features.npy', 'items.csv'];

  await test('the local batch runs (the reference table)', async () => {
    const r = dynlens(['batch', ...analysis, '--out', 'local', '--workers', '2']);
    assert(r.code === 0, `exit ${r.code}: ${r.stderr.slice(-500)}`);
  });

  await test('batch --slurm --wait on 4 array tasks merges to the local table bit for bit', async () => {
    const r = dynlens(['batch', ...analysis, '--out', 'slurm4', '--slurm', '--shards', '4', '--wait']);
    assert(r.code === 0, `exit ${r.code}: ${r.stderr.slice(-800)}`);
    assert(/^\d+$/.test(r.stdout.trim().split('\n')[0]), `stdout should start with the job id: ${r.stdout}`);
    const script = readFileSync(join(WORK, 'slurm4', 'job.sbatch'), 'utf8');
    assert(script.includes('#SBATCH --array=0-3'), 'job.sbatch is a 4-task array');
    assert(readdirSync(join(WORK, 'slurm4', 'logs')).length === 4, 'one log per task');
    sameFiles(join(WORK, 'local'), join(WORK, 'slurm4'), tables);
  });

  await test('a cancelled array task is listed; --resume --slurm resubmits only its shard and completes the table', async () => {
    const out = join(WORK, 'cancel');
    const run = dynlensAsync([
      'batch',
      ...analysis,
      '--out',
      'cancel',
      '--slurm',
      '--shards',
      '4',
      '--max-parallel',
      '1',
      '--wait',
    ]);
    // cancel the last task while it is half-way through its shard
    let jobId;
    const t0 = Date.now();
    for (;;) {
      if (!jobId && existsSync(join(out, 'slurm.json')))
        jobId = JSON.parse(readFileSync(join(out, 'slurm.json'), 'utf8')).jobs[0].jobId;
      const n = journalItems(out, 3, 4);
      if (jobId && n >= 1 && n < 8) break;
      assert(n < 8, 'task 3 finished before it could be cancelled');
      assert(Date.now() - t0 < 120_000, 'task 3 never started');
      await sleep(50);
    }
    execFileSync('scancel', [`${jobId}_3`]);
    const r = await run.done;
    writeFileSync(join(ART, 'cancel-wait.stderr.txt'), r.stderr);
    assert(
      r.code === 3,
      `the waiting run should exit 3 after a cancelled task, got ${r.code}: ${r.stderr.slice(-800)}`,
    );
    assert(/task 3 \(shard 3\/4.*CANCELLED/.test(r.stderr), `task 3 listed as CANCELLED: ${r.stderr.slice(-800)}`);
    assert(r.stderr.includes(join(out, 'logs', `${jobId}_3.log`)), 'the listing names the log file');
    const before = journalItems(out, 3, 4);
    const again = dynlens(['batch', ...analysis, '--out', 'cancel', '--slurm', '--resume', '--wait']);
    writeFileSync(join(ART, 'cancel-resume.stderr.txt'), again.stderr);
    assert(again.code === 0, `resume exit ${again.code}: ${again.stderr.slice(-800)}`);
    assert(/--array=3\)/.test(again.stderr), `only task 3 resubmitted: ${again.stderr.slice(-800)}`);
    assert(journalItems(out, 3, 4) === 8, `shard 3 has its 8 items once (had ${before} before the resume)`);
    sameFiles(join(WORK, 'local'), out, tables);
  });

  await test('sweep --slurm --wait equals the local sweep', async () => {
    writeFileSync(join(WORK, 'logistic.ode'), 'x(t+1) = r*x*(1-x)\npar r=3.5\ninit x=0.3\ndone\n');
    const sweep = ['sweep', 'logistic.ode', '--param', 'r=2.5:4:24', '--measure', 'attractor', '--format', 'npy'];
    const a = dynlens([...sweep, '--out', 'sweep-local', '--workers', '2']);
    assert(a.code === 0, `local sweep exit ${a.code}: ${a.stderr.slice(-500)}`);
    const b = dynlens([...sweep, '--out', 'sweep-slurm', '--slurm', '--shards', '4', '--wait']);
    assert(b.code === 0, `slurm sweep exit ${b.code}: ${b.stderr.slice(-800)}`);
    sameFiles(join(WORK, 'sweep-local'), join(WORK, 'sweep-slurm'), tables);
    // the logistic map: a stable fixed point at r = 2.5, period 2 at r = 3.2 (grid point 11 is r = 3.2174), chaos at 4
    const sw = JSON.parse(readFileSync(join(WORK, 'sweep-slurm', 'sweep.json'), 'utf8'));
    assert(sw.attractor[0] === 'fixed point' && sw.attractor[23] === 'chaotic', `attractors ${sw.attractor}`);
    assert(sw.attractor[11] === 'periodic' && sw.columns[sw.names.indexOf('period')][11] === 2, 'period 2 at r = 3.22');
  });

  await test("persistence --distance-matrix --slurm: the merge writes the local run's matrix", async () => {
    const fixture = join(ROOT, 'test', 'fixtures', 'batch', 'distances');
    mkdirSync(join(WORK, 'diagram-clouds'), { recursive: true });
    for (const f of readdirSync(fixture).filter((n) => n.endsWith('.csv')))
      copyFileSync(join(fixture, f), join(WORK, 'diagram-clouds', f));
    const args = ['batch', 'persistence', 'diagram-clouds', '--distance-matrix', 'wasserstein', '--format', 'npy'];
    const a = dynlens([...args, '--out', 'dm-local', '--workers', '2']);
    assert(a.code === 0, `local exit ${a.code}: ${a.stderr.slice(-500)}`);
    const b = dynlens([...args, '--out', 'dm-slurm', '--slurm', '--shards', '3', '--wait']);
    assert(b.code === 0, `slurm exit ${b.code}: ${b.stderr.slice(-800)}`);
    sameFiles(join(WORK, 'dm-local'), join(WORK, 'dm-slurm'), ['features.npy', 'distances.npy', 'distance-items.csv']);
  });

  await test("the extension's batch manager follows, cancels and resumes a Slurm array (the dashboard's view)", async () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts', 'run-ts.mjs'),
        join(ROOT, 'test', 'slurm', 'host-batch.ts'),
        join(ROOT, 'dist', 'cli.js'),
        join(WORK, 'clouds'),
        join(WORK, 'host'),
        '--',
        'signed-barcode',
        '--grid',
        '60',
        '--format',
        'npy',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 400_000 },
    );
    assert(r.status === 0, `${r.stdout}${r.stderr}`.slice(-1500));
    console.log(`       ${r.stdout.trim()}`);
  });

  await test('without sbatch on the PATH, --slurm exits 2 and says where to run', async () => {
    mkdirSync(join(WORK, 'empty-path'), { recursive: true });
    const r = dynlens(['batch', ...analysis, '--out', 'nosbatch', '--slurm'], {
      env: { ...process.env, PATH: join(WORK, 'empty-path') },
    });
    assert(r.code === 2, `exit ${r.code}`);
    assert(/sbatch was not found/.test(r.stderr) && /login node/.test(r.stderr), r.stderr);
  });
} finally {
  stop();
}
console.log(`slurm: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
