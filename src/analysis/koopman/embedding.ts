/**
 * Delay (Hankel) coordinates for Hankel DMD: z_k = (x_k, x_{k+1}, ..., x_{k+d-1}) stacked over the observed
 * columns, built inside each trajectory so pairs never straddle two trajectories. Arbabi & Mezic, "Ergodic theory,
 * dynamic mode decomposition, and computation of spectral properties of the Koopman operator", SIAM J. Appl. Dyn.
 * Syst. 16(4), 2017 (Hankel DMD); Brunton et al., "Chaos as an intermittently forced linear system", Nat. Commun.
 * 8, 2017 (HAVOK: the last retained delay coordinate v_r(t) acts as the forcing).
 */
import { badInput } from '../core/errors';
import type { Trajectory } from './snapshots';

export function delayNames(names: string[], delays: number): string[] {
  const out: string[] = [];
  for (let j = 0; j < delays; j++) for (const n of names) out.push(j === 0 ? n : `${n}(t+${j})`);
  return out;
}

/** Delay-embeds every trajectory; throws when a trajectory is too short for the delays. */
export function delayEmbedTrajectories(trajs: Trajectory[], delays: number, file?: string): Trajectory[] {
  if (!Number.isInteger(delays) || delays < 1)
    throw badInput(`--delays must be a positive integer, got ${delays}`, { file });
  const longest = Math.max(...trajs.map((t) => t.length));
  if (delays + 1 > longest) {
    throw badInput(
      `--delays ${delays} is longer than the series: the longest trajectory has ${longest} samples and Hankel DMD needs at least delays + 1 = ${delays + 1} (better several times more); lower --delays`,
      { file },
    );
  }
  const out: Trajectory[] = [];
  for (const t of trajs) {
    const len = t.length - delays + 1;
    if (len < 2) continue;
    const cols: Float64Array[] = [];
    for (let j = 0; j < delays; j++) {
      for (const c of t.cols) cols.push(c.slice(j, j + len));
    }
    out.push({ cols, length: len, t0: t.t0 });
  }
  return out;
}
