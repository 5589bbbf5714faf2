/**
 * Periodic orbits as the boundary-value problem u'(tau) = T f(u(tau), p), u(0) = u(1), tau in [0, 1], discretised by
 * orthogonal collocation (mesh.ts) and continued by pseudo-arclength, as AUTO does (Doedel, Keller & Kernevez 1991,
 * Int. J. Bifurcation and Chaos 1(3), sections 3-4):
 *   collocation:  (1/h_j) sum_i U_(jm+i) l_i'(z_k) - T f(sum_i U_(jm+i) l_i(z_k), p) = 0  (each interval j, Gauss z_k)
 *   periodicity:  built in: node N m is node 0
 *   phase:        integral of (u - u_ref) . u_ref' dtau = 0   (the integral phase condition)
 *   arclength:    <t, w - v> = 0 with <a, b> = integral of a(tau) . b(tau) dtau + a_T b_T + a_p b_p.
 * Unknowns: the node values U_0 .. U_(Nm-1), then T, then p. For the Newton solves the first node and (T, p) form a
 * border around a banded block (band.ts); the border is eliminated through its Schur complement (block elimination,
 * Govaerts 2000, section 3.2).
 */
import type { Corrector, StepControl } from '../curve';
import { luFactor, luSolve } from '../dense';
import { parameterStep, type ModelFunctions } from '../system';
import { BandMatrix } from './band';
import { CollocationTables, Mesh } from './mesh';

export class PeriodicProblem implements Corrector {
  readonly n1: number;
  readonly nodes: number;
  /** Quadrature weight of each node over [0, 1]. */
  readonly weight: Float64Array;
  private readonly params: Float64Array;
  private readonly band: BandMatrix;
  private readonly nz: number;
  private readonly ny: number;
  /** A-rows x y-columns (B) and right-hand sides, row-major nz x (ny + 1). */
  private readonly bx: Float64Array;
  /** Remaining rows x (z-columns, y-columns, rhs): ny x (nz + ny + 1). */
  private readonly rest: Float64Array;
  private readonly p: Float64Array;
  private readonly f: Float64Array;
  private readonly fa: Float64Array;
  private readonly fb: Float64Array;
  private readonly jac: Float64Array;
  /** Phase reference: node values and their tau-derivatives. */
  refU: Float64Array;
  refDU: Float64Array;

  constructor(
    readonly fns: ModelFunctions,
    base: Float64Array,
    readonly paramIndex: number,
    readonly mesh: Mesh,
    readonly tables: CollocationTables,
  ) {
    const n = fns.n;
    const m = tables.m;
    this.nodes = mesh.intervals * m;
    this.n1 = n * this.nodes + 2;
    this.params = base.slice();
    this.weight = new Float64Array(this.nodes);
    for (let j = 0; j < mesh.intervals; j++)
      for (let i = 0; i <= m; i++) this.weight[(j * m + i) % this.nodes] += mesh.widths[j] * tables.nodeWeight[i];
    this.nz = n * (this.nodes - 1);
    this.ny = n + 2;
    const kl = n * (m + 1);
    this.band = new BandMatrix(this.nz, kl, n * m);
    this.bx = new Float64Array(this.nz * (this.ny + 1));
    this.rest = new Float64Array(this.ny * (this.nz + this.ny + 1));
    this.p = new Float64Array(n);
    this.f = new Float64Array(n);
    this.fa = new Float64Array(n);
    this.fb = new Float64Array(n);
    this.jac = new Float64Array(n * n);
    this.refU = new Float64Array(n * this.nodes);
    this.refDU = new Float64Array(n * this.nodes);
  }

  get n(): number {
    return this.fns.n;
  }

  dot(a: Float64Array, b: Float64Array): number {
    const n = this.n;
    let s = 0;
    for (let q = 0; q < this.nodes; q++) {
      let d = 0;
      for (let c = 0; c < n; c++) d += a[q * n + c] * b[q * n + c];
      s += this.weight[q] * d;
    }
    const o = n * this.nodes;
    return s + a[o] * b[o] + a[o + 1] * b[o + 1];
  }

  private norm(a: Float64Array): number {
    return Math.sqrt(this.dot(a, a));
  }

  /** Sets the phase reference to the profile of u (derivatives T f(U_q, p) at the nodes). */
  setReference(u: Float64Array): void {
    const n = this.n;
    const o = n * this.nodes;
    this.refU.set(u.subarray(0, o));
    this.params[this.paramIndex] = u[o + 1];
    for (let q = 0; q < this.nodes; q++) {
      this.fns.rhs(u.subarray(q * n, q * n + n), this.params, this.f);
      for (let c = 0; c < n; c++) this.refDU[q * n + c] = u[o] * this.f[c];
    }
  }

  /** Places a Jacobian entry of row `row` (< n * nodes + 1) and unknown column `col` into A, B, C or D. */
  private put(row: number, col: number, v: number): void {
    const n = this.n;
    const o = n * this.nodes;
    // unknown columns: z = nodes 1.., y = node 0 then T, p
    const isY = col < n || col >= o;
    const ycol = col < n ? col : col - o + n;
    const zcol = col - n;
    if (row < this.nz) {
      if (isY) this.bx[row * (this.ny + 1) + ycol] += v;
      else this.band.add(row, zcol, v);
    } else {
      const r = row - this.nz;
      const w = this.nz + this.ny + 1;
      if (isY) this.rest[r * w + this.nz + ycol] += v;
      else this.rest[r * w + zcol] += v;
    }
  }

  private putRhs(row: number, v: number): void {
    if (row < this.nz) this.bx[row * (this.ny + 1) + this.ny] = v;
    else this.rest[(row - this.nz) * (this.nz + this.ny + 1) + this.nz + this.ny] = v;
  }

  /**
   * Assembles the Jacobian of the collocation and phase equations at u (and their residuals as right-hand sides
   * when `withResidual`), leaving the constraint row for the caller. Returns the residual's max norm.
   */
  private assemble(u: Float64Array, withResidual: boolean): number {
    const n = this.n;
    const m = this.tables.m;
    const mp = m + 1;
    const o = n * this.nodes;
    const T = u[o];
    const lambda = u[o + 1];
    this.band.clear();
    this.bx.fill(0);
    this.rest.fill(0);
    this.params[this.paramIndex] = lambda;
    const hp = parameterStep(lambda);
    let resMax = 0;
    const { value, deriv } = this.tables;
    for (let j = 0; j < this.mesh.intervals; j++) {
      const inv = 1 / this.mesh.widths[j];
      for (let k = 0; k < m; k++) {
        this.p.fill(0);
        for (let i = 0; i <= m; i++) {
          const q = (j * m + i) % this.nodes;
          const l = value[k * mp + i];
          for (let c = 0; c < n; c++) this.p[c] += l * u[q * n + c];
        }
        this.fns.rhs(this.p, this.params, this.f);
        this.fns.jac(this.p, this.params, this.jac);
        this.params[this.paramIndex] = lambda + hp;
        this.fns.rhs(this.p, this.params, this.fa);
        this.params[this.paramIndex] = lambda - hp;
        this.fns.rhs(this.p, this.params, this.fb);
        this.params[this.paramIndex] = lambda;
        const row0 = (j * m + k) * n;
        for (let c = 0; c < n; c++) {
          const row = row0 + c;
          if (withResidual) {
            let du = 0;
            for (let i = 0; i <= m; i++) du += deriv[k * mp + i] * u[((j * m + i) % this.nodes) * n + c];
            const r = inv * du - T * this.f[c];
            resMax = Math.max(resMax, Math.abs(r));
            this.putRhs(row, r);
          }
          for (let i = 0; i <= m; i++) {
            const q = (j * m + i) % this.nodes;
            const l = value[k * mp + i];
            const d = deriv[k * mp + i] * inv;
            for (let cc = 0; cc < n; cc++) {
              const v = (c === cc ? d : 0) - T * l * this.jac[c * n + cc];
              if (v !== 0) this.put(row, q * n + cc, v);
            }
          }
          this.put(row, o, -this.f[c]);
          this.put(row, o + 1, (-T * (this.fa[c] - this.fb[c])) / (2 * hp));
        }
      }
    }
    // phase condition
    const phaseRow = n * this.nodes;
    let phase = 0;
    for (let q = 0; q < this.nodes; q++)
      for (let c = 0; c < n; c++) {
        const wv = this.weight[q] * this.refDU[q * n + c];
        phase += wv * (u[q * n + c] - this.refU[q * n + c]);
        if (wv !== 0) this.put(phaseRow, q * n + c, wv);
      }
    if (withResidual) {
      this.putRhs(phaseRow, phase);
      resMax = Math.max(resMax, Math.abs(phase));
    }
    return resMax;
  }

  /** The constraint row <t, .> (weighted) and its right-hand side. */
  private constraint(t: Float64Array, rhs: number): void {
    const n = this.n;
    const row = n * this.nodes + 1;
    for (let q = 0; q < this.nodes; q++)
      for (let c = 0; c < n; c++) this.put(row, q * n + c, this.weight[q] * t[q * n + c]);
    const o = n * this.nodes;
    this.put(row, o, t[o]);
    this.put(row, o + 1, t[o + 1]);
    this.putRhs(row, rhs);
  }

  /** Solves the assembled bordered system; the solution in unknown order into x. False when singular. */
  private solve(x: Float64Array): boolean {
    const { nz, ny } = this;
    const n = this.n;
    this.band.factor();
    if (this.band.singular) return false;
    this.band.solve(this.bx, ny + 1);
    const w = nz + ny + 1;
    // Schur complement S = D - C X and its right-hand side r - C x
    const s = new Float64Array(ny * ny);
    const ry = new Float64Array(ny);
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < ny; c++) s[r * ny + c] = this.rest[r * w + nz + c];
      ry[r] = this.rest[r * w + nz + ny];
      for (let k = 0; k < nz; k++) {
        const ck = this.rest[r * w + k];
        if (ck === 0) continue;
        const xk = k * (ny + 1);
        for (let c = 0; c < ny; c++) s[r * ny + c] -= ck * this.bx[xk + c];
        ry[r] -= ck * this.bx[xk + ny];
      }
    }
    const f = luFactor(s, ny);
    if (f.singular) return false;
    luSolve(f, ry);
    const o = n * this.nodes;
    for (let c = 0; c < n; c++) x[c] = ry[c];
    x[o] = ry[n];
    x[o + 1] = ry[n + 1];
    for (let k = 0; k < nz; k++) {
      let v = this.bx[k * (ny + 1) + ny];
      for (let c = 0; c < ny; c++) v -= this.bx[k * (ny + 1) + c] * ry[c];
      x[n + k] = v;
    }
    return x.every(Number.isFinite);
  }

  correct(v: Float64Array, t: Float64Array, c: StepControl, w: Float64Array): number {
    w.set(v);
    const dx = new Float64Array(this.n1);
    const diff = new Float64Array(this.n1);
    let prev = Infinity;
    for (let it = 1; it <= c.maxNewton; it++) {
      const res = this.assemble(w, true);
      for (let i = 0; i < this.n1; i++) diff[i] = w[i] - v[i];
      const arc = this.dot(t, diff);
      const scale = 1 + this.norm(w);
      if (res <= c.tol * scale && Math.abs(arc) <= c.tol * scale) return it;
      this.constraint(t, arc);
      if (!this.solve(dx)) return -1;
      for (let i = 0; i < this.n1; i++) w[i] -= dx[i];
      const dn = this.norm(dx);
      if (!Number.isFinite(dn)) return -1;
      if (dn <= c.tol * scale) return it;
      if (it > 2 && dn > 2 * prev) return -1;
      prev = dn;
    }
    return -1;
  }

  tangent(u: Float64Array, prev: Float64Array): { t: Float64Array; det: number } | undefined {
    this.assemble(u, false);
    this.constraint(prev, 1);
    // right-hand side [0; 1]: the residual rows were cleared by assemble(.., false)
    const t = new Float64Array(this.n1);
    if (!this.solve(t)) return undefined;
    const nt = this.norm(t);
    if (!(nt > 0)) return undefined;
    const s = this.dot(t, prev) < 0 ? -1 / nt : 1 / nt;
    for (let i = 0; i < this.n1; i++) t[i] *= s;
    return { t, det: 0 };
  }
}
