import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { compileModel } from '../../../src/analysis/stability/ode/compile';
import { evalExpr } from '../../../src/analysis/stability/ode/evaluate';
import { formatExpr } from '../../../src/analysis/stability/ode/expr';

/** Every built-in with a derivative, on a domain where all are smooth (x in (0.1, 0.9), y in (1.2, 3)). */
const MODEL = `
x' = sin(x*y) + cos(y)^2 - tan(x) + asin(x) * acos(x/2) + atan(x*y) + atan2(y, x) + sinh(x) - cosh(y)/10 + tanh(x*y)
y' = exp(-x*y) + ln(y) + log10(x*y) + sqrt(x + y) + abs(x - y) + x^y + y^2.5 / x + min(x, y) * max(x^2, y) + mod(y, x)
z' = a*x*y*z - b*z^3 + x/(1 + z^2) + pow(z, 2) + if(x < 0.5)then(x*z)else(y*z) + heav(x) * z + flr(y) * x
par a=1.5, b=0.3
`;

describe('symbolic Jacobian', () => {
  const m = parseOde(MODEL);
  const c = compileModel(m);
  const n = 3;

  it('matches central finite differences (relative 1e-6) at random points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 1.2, max: 2.9, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (x, y, z) => {
          // keep clear of the kinks of mod, flr and the if(): finite differences are invalid across them
          if (Math.abs(x - 0.5) < 1e-3 || Math.abs(y - 2) < 1e-3 || Math.abs(y / x - Math.round(y / x)) < 1e-3) return;
          const s = Float64Array.of(x, y, z);
          const J = new Float64Array(n * n);
          c.jac(0, s, m.paramValues, J);
          const fp = new Float64Array(n);
          const fm = new Float64Array(n);
          for (let j = 0; j < n; j++) {
            const h = 1e-6 * Math.max(1, Math.abs(s[j]));
            const sp = Float64Array.from(s);
            sp[j] += h;
            const sm = Float64Array.from(s);
            sm[j] -= h;
            c.rhs(0, sp, m.paramValues, fp);
            c.rhs(0, sm, m.paramValues, fm);
            for (let i = 0; i < n; i++) {
              const fd = (fp[i] - fm[i]) / (2 * h);
              expect(Math.abs(J[i * n + j] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
            }
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('is exact and simplified for Lorenz', () => {
    const l = parseOde("x' = s*(y - x)\ny' = x*(r - z) - y\nz' = x*y - b*z\npar s=10, r=28, b=8/3");
    const jc = compileModel(l).jacobianExprs.map((e) => formatExpr(e, l.stateNames, l.paramNames));
    expect(jc).toEqual(['-s', 's', '0', 'r - z', '(-1)', '-x', 'y', 'x', '-b']);
  });

  it('compiled right-hand sides agree with the tree-walking evaluator', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 1.2, max: 2.9, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (x, y, z) => {
          const s = Float64Array.of(x, y, z);
          const out = new Float64Array(n);
          c.rhs(0, s, m.paramValues, out);
          for (let i = 0; i < n; i++) expect(out[i]).toBeCloseTo(evalExpr(m.rhs[i], 0, s, m.paramValues), 12);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });
});
