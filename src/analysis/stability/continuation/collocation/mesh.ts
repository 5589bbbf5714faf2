/**
 * The piecewise-polynomial representation of periodic orbits used by orthogonal collocation (de Boor & Swartz 1973;
 * as AUTO, Doedel, Keller & Kernevez 1991, Int. J. Bifurcation and Chaos 1(3) 493-520): on each mesh interval a
 * polynomial of degree m given by its values at m + 1 equally spaced nodes, collocated at the m Gauss-Legendre
 * points. This module holds the reference-interval tables (Lagrange basis and derivatives at the Gauss points, node
 * quadrature weights) and the mesh (interval widths in the rescaled time tau in [0, 1]).
 */

/** Gauss-Legendre points and weights on [0, 1] (Newton on P_m from Chebyshev-like guesses; Golub & Welsch agree). */
export function gaussLegendre(m: number): { points: Float64Array; weights: Float64Array } {
  const points = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pm = m === 1 ? x : p1;
      const pm1 = m === 1 ? 1 : p0;
      dp = (m * (x * pm - pm1)) / (x * x - 1);
      const dx = pm / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    points[m - 1 - i] = (x + 1) / 2;
    weights[m - 1 - i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { points, weights };
}

/** Lagrange basis on the nodes s_i = i/m of [0, 1]: values and derivatives at the points z. */
function lagrangeTables(m: number, z: Float64Array): { value: Float64Array; deriv: Float64Array } {
  const nodes = Array.from({ length: m + 1 }, (_, i) => i / m);
  const value = new Float64Array(z.length * (m + 1));
  const deriv = new Float64Array(z.length * (m + 1));
  for (let k = 0; k < z.length; k++) {
    for (let i = 0; i <= m; i++) {
      let v = 1;
      let d = 0;
      for (let j = 0; j <= m; j++) {
        if (j === i) continue;
        // product rule: d/dz prod (z - s_j)/(s_i - s_j)
        let term = 1 / (nodes[i] - nodes[j]);
        for (let l = 0; l <= m; l++) {
          if (l === i || l === j) continue;
          term *= (z[k] - nodes[l]) / (nodes[i] - nodes[l]);
        }
        d += term;
        v *= (z[k] - nodes[j]) / (nodes[i] - nodes[j]);
      }
      value[k * (m + 1) + i] = v;
      deriv[k * (m + 1) + i] = d;
    }
  }
  return { value, deriv };
}

export class CollocationTables {
  readonly m: number;
  /** Gauss points on [0, 1]. */
  readonly gauss: Float64Array;
  /** value[k*(m+1)+i] = l_i(z_k), deriv likewise l_i'(z_k) (d/ds on the reference interval). */
  readonly value: Float64Array;
  readonly deriv: Float64Array;
  /** Quadrature weight of node i on the reference interval: integral of l_i over [0, 1]. */
  readonly nodeWeight: Float64Array;

  constructor(m: number) {
    this.m = m;
    const g = gaussLegendre(m);
    this.gauss = g.points;
    const t = lagrangeTables(m, g.points);
    this.value = t.value;
    this.deriv = t.deriv;
    this.nodeWeight = new Float64Array(m + 1);
    for (let k = 0; k < m; k++)
      for (let i = 0; i <= m; i++) this.nodeWeight[i] += g.weights[k] * t.value[k * (m + 1) + i];
  }

  /** Lagrange basis values at one point s of [0, 1] (for interpolation onto another mesh). */
  basisAt(s: number): Float64Array {
    return lagrangeTables(this.m, Float64Array.of(s)).value;
  }
}

/** A mesh of NTST intervals of [0, 1]: widths h_j and start points tau_j. */
export class Mesh {
  readonly starts: Float64Array;

  constructor(readonly widths: Float64Array) {
    this.starts = new Float64Array(widths.length + 1);
    for (let j = 0; j < widths.length; j++) this.starts[j + 1] = this.starts[j] + widths[j];
  }

  static uniform(ntst: number): Mesh {
    return new Mesh(new Float64Array(ntst).fill(1 / ntst));
  }

  get intervals(): number {
    return this.widths.length;
  }

  /** Interval index and local coordinate of tau in [0, 1). */
  locate(tau: number): { j: number; s: number } {
    const t = tau - Math.floor(tau);
    let lo = 0;
    let hi = this.widths.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return { j: lo, s: Math.min(1, Math.max(0, (t - this.starts[lo]) / this.widths[lo])) };
  }
}

/**
 * A new mesh of the same size that equidistributes de Boor's error monitor |u^(m+1)|^(1/(m+1)) (de Boor 1973,
 * "Good approximation by splines with variable knots II"; the scheme of AUTO's mesh adaptation): the m-th derivative
 * is constant on each interval (the m-th difference of its nodes), the (m+1)-th is estimated from the neighbours'
 * differences, and the new mesh points cut the monitor's integral into equal parts. A tenth of the mean density is
 * added so that smooth stretches keep some intervals.
 */
export function adaptMesh(u: Float64Array, n: number, mesh: Mesh, m: number): Mesh {
  const N = mesh.intervals;
  const nodes = N * m;
  const dm = new Float64Array(N * n);
  const binom: number[] = [1];
  for (let k = 1; k <= m; k++) binom.push((binom[k - 1] * (m - k + 1)) / k);
  for (let j = 0; j < N; j++) {
    const scale = (m / mesh.widths[j]) ** m;
    for (let c = 0; c < n; c++) {
      let d = 0;
      for (let i = 0; i <= m; i++) d += ((m - i) % 2 === 0 ? 1 : -1) * binom[i] * u[((j * m + i) % nodes) * n + c];
      dm[j * n + c] = d * scale;
    }
  }
  const rho = new Float64Array(N);
  let mean = 0;
  for (let j = 0; j < N; j++) {
    const jp = (j + 1) % N;
    const jm = (j - 1 + N) % N;
    const span = mesh.widths[jm] + 2 * mesh.widths[j] + mesh.widths[jp];
    let w = 0;
    for (let c = 0; c < n; c++) w = Math.max(w, (2 * Math.abs(dm[jp * n + c] - dm[jm * n + c])) / span);
    rho[j] = w ** (1 / (m + 1));
    mean += rho[j] * mesh.widths[j];
  }
  if (!(mean > 0) || !Number.isFinite(mean)) return mesh;
  const cum = new Float64Array(N + 1);
  for (let j = 0; j < N; j++) cum[j + 1] = cum[j] + (rho[j] + 0.1 * mean) * mesh.widths[j];
  const total = cum[N];
  const starts = new Float64Array(N + 1);
  let j = 0;
  for (let k = 1; k < N; k++) {
    const target = (k / N) * total;
    while (cum[j + 1] < target) j++;
    starts[k] = mesh.starts[j] + ((target - cum[j]) / (cum[j + 1] - cum[j])) * mesh.widths[j];
  }
  starts[N] = 1;
  const widths = new Float64Array(N);
  for (let k = 0; k < N; k++) widths[k] = starts[k + 1] - starts[k];
  return new Mesh(widths);
}
