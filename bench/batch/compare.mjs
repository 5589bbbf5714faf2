// The batch engine against an anchor build (bench/batch/anchor.sh), side by side in one run, each measurement
// taken for the anchor then for this checkout (bench/batch/compare.json):
//  1. peak memory (max RSS, GNU time) of `dynlens batch summary` over 1,000 / 10,000 (/ 100,000 with --mem-100k)
//     tiny clouds of 20 points (the issue: 10,000 items within 20% of 1,000);
//  2. signed-barcode H0+H1 Hilbert 50 x 50 on ITEMS clouds of 200 points: 1 worker vs 2 workers, the fit reused
//     (the issue: 2 workers >= 1.8x);
//  3. the same collection on the one-node Slurm cluster (scripts/slurm/cluster.sh) as 2 array tasks of 1 CPU vs the
//     local batch on 2 workers (within 25%), unless --skip-slurm.
// Usage: node bench/batch/compare.mjs --anchor /tmp/dynlens-anchor [--items 1000] [--mem-100k] [--skip-slurm]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = join(ROOT, 'bench', 'batch', 'data');
const OUT = join(DATA, 'out-compare');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const ANCHOR = arg('anchor');
if (!ANCHOR) throw new Error('--anchor DIR (a build made by bench/batch/anchor.sh) is required');
const ITEMS = Number(arg('items', 1000));
const CLIS = { anchor: join(ANCHOR, 'bin', 'dynlens.js'), new: join(ROOT, 'bin', 'dynlens.js') };
const SB = ['--degrees', '0,1', '--invariant', 'hilbert', '--grid', '50', '--image-resolution', '50'];
const results = { date: new Date().toISOString(), anchor: ANCHOR, items: ITEMS, load: [] };
const note = () => results.load.push(Number(loadavg()[0].toFixed(1)));

function clouds(name, count, points) {
  const dir = join(DATA, name);
  execFileSync(process.execPath, [join(ROOT, 'bench/batch/make-clouds.mjs'), dir, String(count), String(points)]);
  return dir;
}

function timed(cli, args, env = process.env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], { encoding: 'utf8', env });
  const [wall, rss] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cli} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  note();
  return { wall, rssMB: rss / 1024 };
}

const run = (which, name, args, env) => {
  rmSync(join(OUT, which, name), { recursive: true, force: true });
  return timed(CLIS[which], [...args, '--out', join(OUT, which, name)], env);
};
mkdirSync(OUT, { recursive: true });

// 1: memory
results.memory = { anchor: {}, new: {} };
const sizes = [1000, 10000, ...(process.argv.includes('--mem-100k') ? [100000] : [])];
for (const n of sizes) {
  const dir = clouds(`tiny-${n}`, n, 20);
  for (const which of n > 10000 ? ['new'] : ['anchor', 'new']) {
    const r = run(which, `mem-${n}`, ['batch', 'summary', dir, '--workers', '2', '--format', 'parquet']);
    results.memory[which][n] = { wall: r.wall, maxRssMB: r.rssMB };
    console.log(`memory ${which} ${n}: ${r.rssMB.toFixed(0)} MB, ${r.wall} s`);
  }
}
for (const which of ['anchor', 'new'])
  results.memory[which].ratio10kTo1k = results.memory[which][10000].maxRssMB / results.memory[which][1000].maxRssMB;

// 2: workers
const dir = clouds(`clouds-${ITEMS}`, ITEMS, 200);
const fit = join(OUT, 'fit');
rmSync(fit, { recursive: true, force: true });
timed(CLIS.new, ['batch', 'signed-barcode', dir, ...SB, '--out', fit, '--format', 'npy', '--workers', '2']);
const sb = (extra) => [
  'batch',
  'signed-barcode',
  dir,
  ...SB,
  '--format',
  'npy',
  '--fit-from',
  join(fit, 'fit.json'),
  ...extra,
];
results.workers = { anchor: {}, new: {} };
for (const which of ['anchor', 'new']) {
  const w1 = run(which, 'w1', sb(['--workers', '1']));
  const w2 = run(which, 'w2', sb(['--workers', '2']));
  results.workers[which] = { workers1: w1.wall, workers2: w2.wall, speedup: w1.wall / w2.wall };
  console.log(`workers ${which}: 1 worker ${w1.wall} s, 2 workers ${w2.wall} s, ${(w1.wall / w2.wall).toFixed(2)}x`);
}

// 3: Slurm, 2 array tasks of 1 CPU vs the local 2 workers (the same fit, reused)
if (!process.argv.includes('--skip-slurm')) {
  const started = execFileSync('bash', [join(ROOT, 'scripts/slurm/cluster.sh'), 'start'], { encoding: 'utf8' });
  const env = { ...process.env, SLURM_CONF: /export SLURM_CONF=(\S+)/.exec(started)[1] };
  results.slurm = {};
  try {
    for (const which of ['anchor', 'new']) {
      const s = run(which, 'slurm2', sb(['--slurm', '--shards', '2', '--cpus-per-task', '1', '--wait']), env);
      const local = results.workers[which].workers2;
      results.slurm[which] = { wall: s.wall, localWorkers2: local, ratio: s.wall / local };
      console.log(`slurm ${which}: ${s.wall} s vs local ${local} s, ${(s.wall / local).toFixed(2)}x`);
    }
  } finally {
    spawnSync('bash', [join(ROOT, 'scripts/slurm/cluster.sh'), 'stop'], { stdio: 'inherit' });
  }
}
writeFileSync(join(ROOT, 'bench', 'batch', 'compare.json'), JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
