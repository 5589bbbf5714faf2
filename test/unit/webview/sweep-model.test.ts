import { describe, expect, it } from 'vitest';
import { bandLabels, bands, heatMatrix, overviewCommand, pointOf } from '../../../webview/views/sweep-model';
import type { SweepResult } from '../../../src/protocol';

const twoD: SweepResult = {
  model: '/m/lorenz.ode',
  system: 'flow',
  measure: 'lyapunov',
  axes: [
    { name: 'rho', values: [10, 20, 30] },
    { name: 'beta', values: [1, 2] },
  ],
  names: ['lyapunov_1', 'attractor_code'],
  // item i = (rho index i / 2, beta index i % 2)
  columns: [
    [0, 1, 2, 3, 4, 5],
    [0, 0, 1, 1, 3, 3],
  ],
  attractor: ['fixed point', 'fixed point', 'periodic', 'periodic', 'chaotic', 'chaotic'],
  failures: [],
  settings: {},
};

describe('sweep view helpers', () => {
  it('lays a 2-D sweep out as z[beta index][rho index]', () => {
    expect(heatMatrix(twoD, 0)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(pointOf(twoD, 3)).toEqual({ rho: 20, beta: 2 });
  });
  it('groups a 1-D sweep into bands of equal labels, gaps breaking them', () => {
    expect(bands(['a', 'a', 'b', '', 'b', 'b'])).toEqual([
      { from: 0, to: 1, label: 'a' },
      { from: 2, to: 2, label: 'b' },
      { from: 4, to: 5, label: 'b' },
    ]);
    const fp: SweepResult = {
      ...twoD,
      measure: 'fixed-points',
      axes: [{ name: 'a', values: [-1, 1] }],
      names: ['fixed_points', 'stable_fixed_points'],
      columns: [
        [1, 3],
        [1, 2],
      ],
      attractor: ['', ''],
    };
    expect(bandLabels(fp)).toEqual(['1 fixed point, 1 stable', '3 fixed points, 2 stable']);
  });
  it('gives the model-overview command of a point', () => {
    expect(overviewCommand('/m/my model.ode', { rho: 28, beta: 2.5 })).toBe(
      "npx dynlens model-overview '/m/my model.ode' --set rho=28,beta=2.5",
    );
  });
});
