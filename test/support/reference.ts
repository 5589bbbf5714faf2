/** Textbook reference computations that tests compare fast implementations with. */

/** Sample autocorrelation at lags 0..maxLag, the direct O(n k) sum (Box & Jenkins: biased, normalised by lag 0). */
export function directAcf(x: ArrayLike<number>, maxLag: number): number[] {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i] - m) ** 2;
  const out: number[] = [];
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (x[i] - m) * (x[i + k] - m);
    out.push(s / c0);
  }
  return out;
}
