import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { odeLensRanges } from '../../../src/codelens/lens-ranges';

describe('odeLensRanges', () => {
  it('puts the system lens above the first equation and init lenses above init statements (0-based lines)', () => {
    const r = odeLensRanges(readFileSync('examples/lorenz.ode', 'utf8'));
    expect(r.systemLine).toBe(2);
    expect(r.equationLines).toEqual([2, 3, 4]);
    expect(r.initLines).toEqual([7]);
  });

  it('recognises dx/dt, maps, x(0)=, i abbreviations, continuations, comments and done', () => {
    const text = [
      '# header x\' = not an equation',
      'par a=1',
      'dx/dt = a*x + \\',
      "  y' = 0",            // continuation line: not an equation
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
