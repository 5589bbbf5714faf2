/**
 * The past of a delay-differential equation, for delay(x, tau): every accepted step stores (t, y, f(t, y)), and a
 * value at an earlier time is the cubic Hermite interpolant on the step that holds it (Hairer, Norsett & Wanner I,
 * eq. II.6.7; the continuous extension of the method of steps, Bellen & Zennaro 2003, Section 3.2). Before the
 * initial time the history comes from the initial data: a constant, or the model's x(0) = g(t) read as a function
 * of t (XPPAUT's convention). A time beyond the last stored step (a delay shorter than the step) extrapolates the
 * last step's interpolant.
 */
import { tooLarge } from '../../core/errors';

export class DelayHistory {
  private t: Float64Array;
  private y: Float64Array;
  private f: Float64Array;
  count = 0;

  constructor(
    private readonly n: number,
    private readonly t0: number,
    private readonly before: (i: number, s: number) => number,
    private readonly budgetBytes: number,
    private readonly file: string,
  ) {
    this.t = new Float64Array(1024);
    this.y = new Float64Array(1024 * n);
    this.f = new Float64Array(1024 * n);
  }

  push(t: number, y: Float64Array, f: Float64Array): void {
    if (this.count > 0 && t <= this.t[this.count - 1]) {
      // a restart at the same time (an event): replace the last point
      this.count--;
    }
    if (this.count === this.t.length) this.grow();
    this.t[this.count] = t;
    this.y.set(y.subarray(0, this.n), this.count * this.n);
    this.f.set(f.subarray(0, this.n), this.count * this.n);
    this.count++;
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const bytes = cap * (2 * this.n + 1) * 8;
    if (bytes > this.budgetBytes)
      throw tooLarge(
        `the delay history would need ${(bytes / 2 ** 20).toFixed(0)} MB (over the memory budget); lower total or raise dt`,
        { file: this.file },
      );
    const t = new Float64Array(cap);
    t.set(this.t);
    const y = new Float64Array(cap * this.n);
    y.set(this.y);
    const f = new Float64Array(cap * this.n);
    f.set(this.f);
    this.t = t;
    this.y = y;
    this.f = f;
  }

  value(i: number, s: number): number {
    if (s <= this.t0 || this.count === 0) return this.before(i, s);
    const c = this.count;
    if (c === 1) return this.y[i];
    let k: number;
    if (s >= this.t[c - 1]) k = c - 2;
    else {
      let lo = 0;
      let hi = c - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.t[mid] <= s) lo = mid;
        else hi = mid;
      }
      k = lo;
    }
    const n = this.n;
    const ta = this.t[k];
    const h = this.t[k + 1] - ta;
    if (!(h > 0)) return this.y[(k + 1) * n + i];
    const th = (s - ta) / h;
    const h00 = (1 + 2 * th) * (1 - th) * (1 - th);
    const h10 = th * (1 - th) * (1 - th);
    const h01 = th * th * (3 - 2 * th);
    const h11 = th * th * (th - 1);
    return (
      h00 * this.y[k * n + i] +
      h10 * h * this.f[k * n + i] +
      h01 * this.y[(k + 1) * n + i] +
      h11 * h * this.f[(k + 1) * n + i]
    );
  }
}
