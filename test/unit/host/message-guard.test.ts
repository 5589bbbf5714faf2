import { describe, expect, it } from 'vitest';
import { insideFolders, isBundledExample, rerunParamsProblem } from '../../../src/host/message-guard';

describe('webview message guard', () => {
  const ws = ['/home/u/project'];
  it('allows paths inside the workspace only, after resolving ..', () => {
    expect(insideFolders('/home/u/project/data/a.csv', ws)).toBe(true);
    expect(insideFolders('/home/u/project', ws)).toBe(true);
    expect(insideFolders('/home/u/project/../secret.txt', ws)).toBe(false);
    expect(insideFolders('/home/u/project-other/a.csv', ws)).toBe(false);
    expect(insideFolders('/etc/passwd', ws)).toBe(false);
    expect(insideFolders('relative.csv', ws)).toBe(false);
    expect(insideFolders('/home/u/project/a.csv', [])).toBe(false);
  });

  it('runs examples only from the bundled list, with their own analysis', () => {
    const ex = [{ path: '/ext/examples/lorenz.csv', analysisId: 'summary' }];
    expect(isBundledExample('/ext/examples/lorenz.csv', 'summary', ex)).toBe(true);
    expect(isBundledExample('/ext/examples/lorenz.csv', 'koopman', ex)).toBe(false);
    expect(isBundledExample('/home/u/bomb.npz', 'summary', ex)).toBe(false);
  });

  it('keeps file parameters of a re-run inside the workspace', () => {
    const base = '/home/u/project/data';
    expect(rerunParamsProblem({ forecast: 10, columns: ['x'] }, ['compare'], ws, base)).toBeUndefined();
    expect(rerunParamsProblem({ compare: ['b.csv'] }, ['compare'], ws, base)).toBeUndefined();
    expect(rerunParamsProblem({ compare: ['/etc/shadow'] }, ['compare'], ws, base)).toMatch(/outside the workspace/);
    expect(rerunParamsProblem({ compare: '../../../x.csv' }, ['compare'], ws, base)).toMatch(/outside/);
    expect(rerunParamsProblem({ x: { nested: 1 } }, [], ws, base)).toMatch(/unsupported/);
    expect(rerunParamsProblem('x', [], ws, base)).toMatch(/object/);
  });
});
