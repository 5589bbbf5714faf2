import { FitWorkspace, fitConstants } from './constants';
import type { FitData } from './constants';
import { admissible, crossover, mutate, pickMutation } from './mutate';
import type { MutationContext } from './mutate';
import type { OperatorSet } from './operators';
import { EvaluationLimitReached, Evaluator, compile, mse } from './program';
import { Rng } from '../core/random';
import type { RngState } from '../core/random';
import { simplify } from './simplify';
import type { Node } from './tree';
import { clone, complexity, getConstants } from './tree';

/**
 * One island (population) of PySR's search, advanced by one epoch: `cycles` rounds of age-regularized evolution
 * (Real et al. 2019: the child replaces the oldest member) with tournament selection, simulated annealing on the
 * acceptance and adaptive parsimony (Cranmer 2023, Algorithm 1-2), then constant fitting of the members that were
 * not fitted yet and simplification. Pure function of its chunk (data, state, seed): islands can run on any worker.
 */
export interface Member {
  tree: Node;
  /** MSE on the search rows; -1 = not scored yet */
  loss: number;
  complexity: number;
  /** birth order in this island (the oldest is replaced) */
  birth: number;
  fitted: boolean;
}

export interface IslandState {
  id: number;
  members: Member[];
  rng: RngState;
  births: number;
  /** how often each complexity was born recently (adaptive parsimony), index = complexity */
  frequency: number[];
}

export interface IslandConfig {
  ops: OperatorSet;
  maxComplexity: number;
  maxDepth: number;
  /** evolution rounds per epoch (PySR's ncycles_per_iteration) */
  cycles: number;
  tournamentSize: number;
  /** probability of taking the best of the tournament (PySR tournament_selection_p) */
  tournamentP: number;
  /** cost = loss / baseline + parsimony * complexity */
  parsimony: number;
  baseline: number;
  /** adaptive parsimony: tournament costs are multiplied by exp(scaling * frequency share of the complexity) */
  adaptiveScaling: number;
  /** annealing: accept a worse child with probability exp(-(cost' - cost) / (alpha T)) */
  alpha: number;
  crossoverProbability: number;
  fitIterations: number;
  /** chance that a member born with new constants is fitted at the end of the epoch (PySR optimize_probability) */
  fitProbability: number;
  /** short constant fit of mutated children: iterations and probability */
  childFitIterations: number;
  childFitProbability: number;
}

export interface IslandChunk {
  island: IslandState;
  data: FitData;
  config: IslandConfig;
  /** wall-clock deadline (Date.now() ms): the epoch ends early past it, so a time budget is kept even under load */
  deadlineMs: number;
  /** expression evaluations this island may run in this epoch (its share of --max-evals); none when absent */
  maxEvaluations?: number;
}

export interface IslandResult {
  island: IslandState;
  /** best member per complexity seen during the epoch */
  hallOfFame: Member[];
  evaluations: number;
  nodeEvaluations: number;
  /** evolution cycles run (fewer than configured when the deadline passed) */
  cycles: number;
  /** false when the deadline cut the epoch short (its outcome then depends on the machine's speed) */
  complete: boolean;
  /**
   * true when the epoch stopped at its evaluation share: the step that would have passed it is dropped, so the
   * outcome depends on the count only, not on the machine
   */
  exhausted: boolean;
}

export function runIslandEpoch(chunk: IslandChunk): IslandResult {
  const { data, config: cfg } = chunk;
  const island = chunk.island;
  const rng = new Rng(island.rng);
  const ev = new Evaluator();
  if (chunk.maxEvaluations !== undefined) ev.limit = chunk.maxEvaluations;
  const ws = new FitWorkspace(data.rows);
  const nf = data.columns.length;
  const freq = island.frequency;
  const hof = new Map<number, Member>();
  const pred = ws.pred;

  const costOf = (m: Member): number =>
    m.loss === Infinity ? Infinity : m.loss / cfg.baseline + cfg.parsimony * m.complexity;
  const record = (m: Member): void => {
    if (!(m.loss < Infinity)) return;
    const h = hof.get(m.complexity);
    if (!h || m.loss < h.loss || (m.loss === h.loss && m.birth < h.birth))
      hof.set(m.complexity, {
        tree: clone(m.tree),
        loss: m.loss,
        complexity: m.complexity,
        birth: m.birth,
        fitted: m.fitted,
      });
  };
  const score = (tree: Node, fitted: boolean): Member => {
    ev.evaluate(compile(tree, nf), data.columns, data.rows, pred);
    const m: Member = {
      tree,
      loss: mse(pred, data.y, data.rows, data.weights),
      complexity: complexity(tree, cfg.ops),
      birth: island.births++,
      fitted,
    };
    record(m);
    return m;
  };
  const mctx: MutationContext = {
    rng,
    ops: cfg.ops,
    nFeatures: nf,
    maxComplexity: cfg.maxComplexity,
    maxDepth: cfg.maxDepth,
    temperature: 1,
  };
  const freqShare = (c: number): number => {
    let total = 0;
    for (const f of freq) total += f;
    return total > 0 ? freq[bucket(c)] / total : 0;
  };
  const bucket = (c: number): number => Math.max(0, Math.min(Math.round(c), freq.length - 1));
  const bump = (c: number): void => {
    freq[bucket(c)] += 1;
  };

  let cyclesRun = 0;
  let complete = true;
  let exhausted = false;
  try {
    const members = island.members;
    for (let i = 0; i < members.length; i++) {
      if (members[i].loss < 0) members[i] = score(members[i].tree, false);
      else record(members[i]);
    }
    // forget half of the old frequencies each epoch, so adaptive parsimony follows the current population
    for (let c = 0; c < freq.length; c++) freq[c] *= 0.5;

    const tournament = (): number => {
      const k = Math.min(cfg.tournamentSize, members.length);
      const picks: number[] = [];
      for (let j = 0; j < k; j++) picks.push(rng.int(members.length));
      const adjusted = picks.map(
        (i) => costOf(members[i]) * Math.exp(cfg.adaptiveScaling * freqShare(members[i].complexity)),
      );
      const order = picks.map((_, j) => j).sort((a, b) => adjusted[a] - adjusted[b]);
      for (let j = 0; j < order.length; j++) if (rng.next() < cfg.tournamentP) return picks[order[j]];
      return picks[order[order.length - 1]];
    };
    const oldest = (): number => {
      let o = 0;
      for (let i = 1; i < members.length; i++) if (members[i].birth < members[o].birth) o = i;
      return o;
    };

    const rounds = Math.max(1, Math.round(members.length / cfg.tournamentSize));
    for (let cycle = 0; cycle < cfg.cycles; cycle++) {
      if (Date.now() > chunk.deadlineMs) {
        complete = false;
        break;
      }
      cyclesRun++;
      const temperature = 1 - cycle / Math.max(1, cfg.cycles);
      mctx.temperature = temperature;
      for (let r = 0; r < rounds; r++) {
        if (rng.next() < cfg.crossoverProbability) {
          const p1 = members[tournament()];
          const p2 = members[tournament()];
          const [c1, c2] = crossover(p1.tree, p2.tree, rng);
          for (const c of [c1, c2]) {
            if (!admissible(c, cfg)) continue;
            const child = score(c, false);
            bump(child.complexity);
            members[oldest()] = child;
          }
          continue;
        }
        const parent = members[tournament()];
        let childTree: Node | undefined;
        for (let attempt = 0; attempt < 10 && !childTree; attempt++) {
          const t = mutate(parent.tree, pickMutation(rng), mctx);
          if (t && admissible(t, cfg)) childTree = t;
        }
        let baby: Member;
        if (childTree) {
          // a child with constants gets a short Levenberg-Marquardt fit before it is judged (as Operon fits every
          // child): a new random constant otherwise makes almost every structural change look bad and be rejected
          let child: Member;
          if (
            cfg.childFitIterations > 0 &&
            getConstants(childTree).length > 0 &&
            rng.next() < cfg.childFitProbability
          ) {
            const loss = fitConstants(childTree, data, ev, ws, rng, {
              maxIterations: cfg.childFitIterations,
              restarts: 0,
            });
            child = {
              tree: childTree,
              loss,
              complexity: complexity(childTree, cfg.ops),
              birth: island.births++,
              fitted: true,
            };
            record(child);
          } else child = score(childTree, false);
          const before = costOf(parent);
          const after = costOf(child);
          let accept: number;
          if (!(after < Infinity)) accept = 0;
          else if (!(before < Infinity)) accept = 1;
          else
            accept =
              temperature > 0 ? Math.exp(-(after - before) / (cfg.alpha * temperature)) : after <= before ? 1 : 0;
          accept *= (1 + freq[bucket(parent.complexity)]) / (1 + freq[bucket(child.complexity)]);
          baby =
            rng.next() < accept
              ? child
              : {
                  tree: clone(parent.tree),
                  loss: parent.loss,
                  complexity: parent.complexity,
                  birth: island.births++,
                  fitted: parent.fitted,
                };
        } else {
          baby = {
            tree: clone(parent.tree),
            loss: parent.loss,
            complexity: parent.complexity,
            birth: island.births++,
            fitted: parent.fitted,
          };
        }
        bump(baby.complexity);
        members[oldest()] = baby;
      }
    }

    // constant fitting of members born with new constants, then simplification (PySR's optimize and simplify steps)
    for (let i = 0; i < members.length; i++) {
      if (Date.now() > chunk.deadlineMs) {
        complete = false;
        break;
      }
      const m = members[i];
      const tree = simplify(m.tree, cfg.ops);
      if (!m.fitted && getConstants(tree).length > 0 && rng.next() < cfg.fitProbability) {
        const loss = fitConstants(tree, data, ev, ws, rng, { maxIterations: cfg.fitIterations, restarts: 0 });
        members[i] = { tree, loss, complexity: complexity(tree, cfg.ops), birth: m.birth, fitted: true };
        record(members[i]);
      } else if (tree !== m.tree) {
        const s = score(tree, m.fitted);
        s.birth = m.birth;
        members[i] = s;
      }
    }
  } catch (e) {
    // The evaluation share is spent: the step in progress is dropped (its child was never placed; a member whose
    // constants were being fitted is not used again, since the search ends with this epoch).
    if (!(e instanceof EvaluationLimitReached)) throw e;
    exhausted = true;
  }
  island.rng = rng.state();
  return {
    island,
    hallOfFame: [...hof.values()],
    evaluations: ev.evaluations,
    nodeEvaluations: ev.nodeEvaluations,
    cycles: cyclesRun,
    complete,
    exhausted,
  };
}
