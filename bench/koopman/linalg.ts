/**
 * Dense kernels against numpy/LAPACK, side by side: SVD 10000 x 400 (QR + Jacobi), Householder QR (R only)
 * 10000 x 500, nonsymmetric eig with vectors 200 x 200.
 * Run: node scripts/run-ts.mjs bench/koopman/linalg.ts [--quick]
 */
import { svdTall } from '../../src/analysis/linalg/svd';
import { qrFactor } from '../../src/analysis/linalg/qr';
import { eig } from '../../src/analysis/linalg/eig';
import { anchor, row, seededMatrix, time, writeMatrix } from './common';

const quick = process.argv.includes('--quick');
const reps = quick ? 1 : 2;
const lines: string[] = [
  '| task | numpy s | ours s | ratio | ours extra MB | numpy maxrss MB |',
  '|---|---|---|---|---|---|',
];

function report(
  task: string,
  np: { seconds: number; maxrssMB: number },
  ours: { seconds: number; extraMB: number },
): void {
  lines.push(
    row([task, np.seconds, ours.seconds, (ours.seconds / np.seconds).toFixed(1) + 'x', ours.extraMB, np.maxrssMB]),
  );
  console.log(lines[lines.length - 1]);
}

{
  const m = quick ? 2000 : 10000,
    n = 400;
  const a = seededMatrix(m, n, 1);
  const p = writeMatrix('svd.bin', a);
  const np = anchor(['svd', reps, m, n, p]);
  const ours = time(() => svdTall(a, m, n, true), reps);
  if (Math.abs(ours.value.s[0] - (np.s0 as number)) > 1e-9 * (np.s0 as number)) throw new Error('SVD mismatch');
  report(`SVD ${m}x${n} (U, s, V)`, np, ours);
}
{
  const m = quick ? 2000 : 10000,
    n = 500;
  const a = seededMatrix(m, n, 2);
  const p = writeMatrix('qr.bin', a);
  const np = anchor(['qr', reps, m, n, p]);
  const ours = time(() => qrFactor(a.slice(), m, n), reps);
  report(`QR ${m}x${n} (R only)`, np, ours);
}
{
  const n = 200;
  const a = seededMatrix(n, n, 3);
  const p = writeMatrix('eig.bin', a);
  const np = anchor(['eig', reps, n, p]);
  const ours = time(() => eig(a, n, true), reps);
  report(`eig ${n}x${n} with vectors`, np, ours);
}
console.log('\n' + lines.join('\n'));
