import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  fileLensTitle,
  initLensTitle,
  odeLensRanges,
  odeProblems,
  systemLensTitle,
} from '../../../src/codelens/lens-ranges';

describe('odeLensRanges', () => {
  it('puts the system lens above the first equation and init lenses above init statements (0-based lines)', () => {
    const r = odeLensRanges(readFileSync('examples/lorenz.ode', 'utf8'));
    expect(r.systemLine).toBe(2);
    expect(r.equationLines).toEqual([2, 3, 4]);
    expect(r.initLines).toEqual([7]);
  });

  it('recognises dx/dt, maps, x(0)=, i abbreviations, continuations, comments and done', () => {
    const text = [
      "# header x' = not an equation",
      'par a=1',
      'dx/dt = a*x + \\',
      "  y' = 0", // continuation line: not an equation
      'y(t+1) = x',
      'x(0)=1',
      'I y=2  # abbreviated init',
      'done',
      "z' = 1",
      'init z=0',
    ].join('\n');
    const r = odeLensRanges(text);
    expect(r.systemLine).toBe(2);
    expect(r.equationLines).toEqual([2, 4]);
    expect(r.initLines).toEqual([5, 6]);
  });

  it('returns no system line for a file without equations, and tolerates syntax errors and CRLF', () => {
    expect(odeLensRanges('par a=1\r\n# nothing\r\n').systemLine).toBeUndefined();
    const r = odeLensRanges("x' = (1 +\r\ninit x=1\r\n");
    expect(r.systemLine).toBe(0);
    expect(r.initLines).toEqual([1]);
  });
});

describe('lens titles and problems', () => {
  const lorenz = {
    source: 'model' as const,
    system: 'flow' as const,
    exponents: [0.904, -0.0011, -14.5695],
    unit: 'per time unit',
    verdict: 'chaotic',
    stateNames: ['x', 'y', 'z'],
    finalState: [1, 2, 3],
  };
  it('formats the system and init lenses', () => {
    expect(systemLensTitle(lorenz)).toBe('Lyapunov 0.904, −0.0011, −14.6 /time · chaotic');
    expect(initLensTitle(lorenz)).toBe('Fate: chaotic attractor (λ1 = 0.904 /time)');
    expect(initLensTitle({ ...lorenz, verdict: 'fixed point', finalState: [0, 0.5, null] })).toBe(
      'Fate: fixed point at (x = 0, y = 0.5, z = —)',
    );
    expect(initLensTitle({ ...lorenz, verdict: 'periodic' })).toBe('Fate: limit cycle');
    expect(initLensTitle({ ...lorenz, system: 'map', verdict: 'periodic' })).toBe('Fate: periodic orbit');
    const blow = {
      ...lorenz,
      verdict: 'divergent',
      exponents: [null],
      diverged: { t: 1, message: 'the solution blows up at t = 1 (x became Infinity)' },
    };
    expect(initLensTitle(blow)).toBe('Fate: blows up at t = 1');
    expect(systemLensTitle(blow)).toMatch(/^Divergent: the solution blows up at t = 1/);
  });

  it('summarises referenced files, or invites to analyze', () => {
    expect(fileLensTitle({})).toBe('Analyze stability');
    expect(
      fileLensTitle({
        lyapunov: { exponents: [0.8856], unit: 'per time unit', verdict: 'chaotic' },
        ewsVerdict: 'no early warning',
        spectralRadius: 1.0213,
      }),
    ).toBe('λmax 0.886 /time (chaotic) · Koopman ρ 1.021 · no early warning');
  });

  it('turns errors and divergence into Problems entries at 0-based positions', () => {
    const text = "# model\nx' = y +* 2\ny' = x\n";
    const p = odeProblems(text, { error: { message: 'bad.ode: line 2, column 9: unexpected "*"', row: 2, column: 9 } });
    expect(p).toEqual([{ line: 1, column: 8, message: 'unexpected "*"', severity: 'error' }]);
    const d = odeProblems(text, {
      result: { diverged: { message: 'the solution blows up at t = 3.2 (x became Infinity)' }, notes: ['ok'] },
    });
    expect(d).toEqual([
      { line: 1, column: 0, message: 'the solution blows up at t = 3.2 (x became Infinity)', severity: 'warning' },
    ]);
    const s = odeProblems(text, {
      error: { message: 'stiff.ode: reaching t = 100 would take ... the system is stiff from t = 1' },
    });
    expect(s[0]).toMatchObject({ line: 1, severity: 'error' });
  });
});
