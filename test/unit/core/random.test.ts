import { describe, expect, it } from 'vitest';
import { Rng, SeededRandom, seededNormal, seededUniform, seedState } from '../../../src/analysis/core/random';

/**
 * Every seeded stream of the analyses, pinned to the values it gives today: results that depend on a seed (rbf
 * centres, random Fourier features, surrogates, fixed-point seeds, the symbolic search, sliced Wasserstein
 * directions) must not move when the generators are reorganised.
 */
const take = (f: () => number, n = 6): number[] => Array.from({ length: n }, f);

describe('seeded random streams', () => {
  it('mulberry32 uniforms', () => {
    expect(take(seededUniform(42))).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693, 0.17481389874592423,
      0.5265925421845168,
    ]);
  });

  it('normals keeping the spare Box-Muller value (koopman) and dropping it (topology)', () => {
    expect(take(seededNormal(7, { keepSpare: true }))).toEqual([
      2.759372987028844, 1.131981118666697, -0.06805135650735404, -0.2051715356805072, -0.9459489604452885,
      0.6383435473898793,
    ]);
    expect(take(seededNormal(7, { keepSpare: false }))).toEqual([
      2.759372987028844, -0.06805135650735404, -0.9459489604452885, 0.07814913415014278, -0.1375617329034767,
      0.9173494005874586,
    ]);
  });

  it('53-bit uniforms and paired normals of the stability generator', () => {
    const s = new SeededRandom(3);
    expect(take(() => s.uniform(), 3)).toEqual([0.891450420070769, 0.21408124504146897, 0.5246529630725055]);
    expect(take(() => s.normal(), 5)).toEqual([
      -1.9636308426029823, 1.7826615793996154, 1.3763292517316794, 2.503008293852094, 1.9141267018618933,
    ]);
  });

  it('xoshiro128** of the symbolic search, its seeding and its state', () => {
    const r = Rng.fromSeed(5, 2);
    expect(take(() => r.nextU32(), 3)).toEqual([2447547150, 1798805628, 3482022985]);
    expect(take(() => r.next(), 2)).toEqual([0.05620822752825916, 0.8575038311537355]);
    expect(take(() => r.int(10), 3)).toEqual([8, 8, 6]);
    expect(take(() => r.normal(), 3)).toEqual([1.2166243667261072, -0.15917850791687105, -0.7715876354872957]);
    expect(take(() => r.uniform(-2, 3), 2)).toEqual([-0.3184596512001008, 0.22501718439161777]);
    const state = r.state();
    expect(state).toEqual([1672178486, 1932634071, -1816661178, 1180102118]);
    // resumed from its state, a generator continues the same stream
    const resumed = new Rng(state);
    expect(take(() => resumed.next(), 4)).toEqual(take(() => r.next(), 4));
    expect(seedState(123, 0)).toEqual([1759968645, 3629876710, 482443698, 466996706]);
  });
});
