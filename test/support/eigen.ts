/** Comparing computed eigenvalues with expected ones, whatever order either list comes in. */

export interface EigenMatch {
  /** Largest distance in the complex plane between an expected eigenvalue and the computed one matched to it. */
  worst: number;
  /** For each expected eigenvalue, the index of the computed eigenvalue matched to it. */
  index: number[];
}

/**
 * Greedy matching: each expected eigenvalue in turn takes the nearest computed eigenvalue not taken yet. Enough for
 * the well-separated spectra of the tests (an optimal assignment is only needed when errors approach the gaps).
 */
export function matchEigenvalues(
  gotRe: ArrayLike<number>,
  gotIm: ArrayLike<number>,
  wantRe: ArrayLike<number>,
  wantIm: ArrayLike<number>,
): EigenMatch {
  const used = new Array<boolean>(gotRe.length).fill(false);
  const index: number[] = [];
  let worst = 0;
  for (let k = 0; k < wantRe.length; k++) {
    let best = Infinity;
    let bi = -1;
    for (let i = 0; i < gotRe.length; i++) {
      if (used[i]) continue;
      const d = Math.hypot(gotRe[i] - wantRe[k], gotIm[i] - wantIm[k]);
      if (d < best) {
        best = d;
        bi = i;
      }
    }
    if (bi >= 0) used[bi] = true;
    index.push(bi);
    worst = Math.max(worst, best);
  }
  return { worst, index };
}

/** matchEigenvalues for eigenvalues given as [re, im] pairs. */
export function matchEigenvaluePairs(got: [number, number][], want: [number, number][]): EigenMatch {
  return matchEigenvalues(
    got.map((g) => g[0]),
    got.map((g) => g[1]),
    want.map((w) => w[0]),
    want.map((w) => w[1]),
  );
}
