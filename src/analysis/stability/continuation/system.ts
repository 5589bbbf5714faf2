/**
 * The equilibrium problem of a model as a curve in (state, parameter) space. Flows: G(x, p) = f(x, p). Maps: fixed
 * points of the k-th iterate, G(x, p) = f^k(x, p) - x, with D f^k from the chain rule along the orbit (k = 1 for
 * fixed points, k > 1 for period-k cycles). The derivative in the free parameter is a central difference; the state
 * Jacobian is the model's exact one.
 */
import type { CurveProblem } from './curve';

export interface ModelFunctions {
  n: number;
  kind: 'flow' | 'map';
  stateNames: readonly string[];
  paramNames: readonly string[];
  /** f(x, p) -> out (time 0 for autonomous flows; maps: the next iterate). */
  rhs(x: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Row-major n x n Jacobian of f in x. */
  jac(x: Float64Array, p: Float64Array, out: Float64Array): void;
}

/** Central-difference step for a first derivative in a parameter of size |v| (error O(h^2), rounding O(eps/h)). */
export function parameterStep(v: number): number {
  return 6e-6 * Math.max(1, Math.abs(v));
}

export class EquilibriumProblem implements CurveProblem {
  readonly equations: number;
  readonly params: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly fa: Float64Array;
  private readonly fb: Float64Array;
  private readonly jStep: Float64Array;
  private readonly jAcc: Float64Array;
  private readonly jTmp: Float64Array;
  private readonly jx: Float64Array;

  constructor(
    readonly model: ModelFunctions,
    baseParams: Float64Array,
    readonly paramIndex: number,
    /** Period of the cycle for maps (iterate k times); 1 for flows and fixed points. */
    readonly period = 1,
  ) {
    const n = model.n;
    this.equations = n;
    this.params = baseParams.slice();
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.fa = new Float64Array(n);
    this.fb = new Float64Array(n);
    this.jStep = new Float64Array(n * n);
    this.jAcc = new Float64Array(n * n);
    this.jTmp = new Float64Array(n * n);
    this.jx = new Float64Array(n * n);
  }

  /** G(x, p) with p[paramIndex] = lambda into out. */
  private g(x: Float64Array, lambda: number, out: Float64Array): void {
    const m = this.model;
    this.params[this.paramIndex] = lambda;
    if (m.kind === 'flow') {
      m.rhs(x, this.params, out);
      return;
    }
    this.x.set(x);
    for (let k = 0; k < this.period; k++) {
      m.rhs(this.x, this.params, this.y);
      this.x.set(this.y);
    }
    for (let i = 0; i < m.n; i++) out[i] = this.x[i] - x[i];
  }

  residual(u: Float64Array, out: Float64Array): void {
    const n = this.model.n;
    this.g(u.subarray(0, n), u[n], out);
  }

  /**
   * The state Jacobian of f (flows) or of f^k (maps, without the -I) at (x, lambda), row-major n x n: the matrix
   * whose eigenvalues (multipliers) decide stability.
   */
  stateJacobian(x: Float64Array, lambda: number, out: Float64Array): void {
    const m = this.model;
    const n = m.n;
    this.params[this.paramIndex] = lambda;
    if (m.kind === 'flow' || this.period === 1) {
      m.jac(x, this.params, out);
      return;
    }
    this.x.set(x);
    this.jAcc.fill(0);
    for (let i = 0; i < n; i++) this.jAcc[i * n + i] = 1;
    for (let k = 0; k < this.period; k++) {
      m.jac(this.x, this.params, this.jStep);
      // jAcc <- jStep * jAcc (chain rule along the orbit)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let l = 0; l < n; l++) s += this.jStep[i * n + l] * this.jAcc[l * n + j];
          this.jTmp[i * n + j] = s;
        }
      this.jAcc.set(this.jTmp);
      m.rhs(this.x, this.params, this.y);
      this.x.set(this.y);
    }
    out.set(this.jAcc);
  }

  jacobian(u: Float64Array, out: Float64Array): void {
    const n = this.model.n;
    const n1 = n + 1;
    const x = u.subarray(0, n);
    const lambda = u[n];
    const jx = this.jx;
    this.stateJacobian(x, lambda, jx);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) out[i * n1 + j] = jx[i * n + j] - (this.model.kind === 'map' && i === j ? 1 : 0);
    }
    const h = parameterStep(lambda);
    this.g(x, lambda + h, this.fa);
    this.g(x, lambda - h, this.fb);
    for (let i = 0; i < n; i++) out[i * n1 + n] = (this.fa[i] - this.fb[i]) / (2 * h);
    this.params[this.paramIndex] = lambda;
  }
}
