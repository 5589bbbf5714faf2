/**
 * Pareto front of complexity vs loss and PySR's choice of the "best" expression (Cranmer 2023, sec. 3.3 and the
 * `model_selection="best"` rule of PySR): among the front members whose loss is within 1.5x of the lowest loss,
 * the one with the largest score -d log(loss) / d complexity (the drop in log loss per unit of complexity from the
 * previous, simpler member of the front).
 */
export interface FrontItem {
  complexity: number;
  loss: number;
}

/** Indices of the Pareto-optimal items: sorted by complexity, each strictly better in loss than all simpler ones. */
export function paretoIndices(items: readonly FrontItem[]): number[] {
  const order = items.map((_, i) => i).filter((i) => Number.isFinite(items[i].loss));
  order.sort((a, b) => items[a].complexity - items[b].complexity || items[a].loss - items[b].loss);
  const out: number[] = [];
  let bestLoss = Infinity;
  for (const i of order) {
    if (items[i].loss < bestLoss) {
      out.push(i);
      bestLoss = items[i].loss;
    }
  }
  return out;
}

/**
 * Scores along a front sorted by complexity: score_0 = 0, score_i = -(log l_i - log l_{i-1}) / (c_i - c_{i-1}).
 * Losses are floored at `lossFloor` (round-off level) so that two exact fits do not differ by log(1e-32/1e-30).
 */
export function frontScores(front: readonly FrontItem[], lossFloor: number): number[] {
  const scores: number[] = [];
  for (let i = 0; i < front.length; i++) {
    if (i === 0) {
      scores.push(0);
      continue;
    }
    const l0 = Math.max(front[i - 1].loss, lossFloor);
    const l1 = Math.max(front[i].loss, lossFloor);
    const dc = front[i].complexity - front[i - 1].complexity;
    scores.push(dc > 0 ? -(Math.log(l1) - Math.log(l0)) / dc : 0);
  }
  return scores;
}

/** Index (into `front`, sorted by complexity) of PySR's "best". */
export function selectBest(front: readonly FrontItem[], lossFloor: number): number {
  if (front.length === 0) return -1;
  const scores = frontScores(front, lossFloor);
  let minLoss = Infinity;
  for (const f of front) minLoss = Math.min(minLoss, Math.max(f.loss, lossFloor));
  let best = -1;
  for (let i = 0; i < front.length; i++) {
    if (Math.max(front[i].loss, lossFloor) > 1.5 * minLoss) continue;
    if (best < 0 || scores[i] > scores[best]) best = i;
  }
  return best;
}
