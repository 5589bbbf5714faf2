/** The `bifurcation` analysis (registered in src/analysis/registry.ts). */
import { defineAnalysis, type RegisteredAnalysis } from '../../core/definition';
import type { BifurcationResult } from '../../../protocol/results/bifurcation';
import { runBifurcation } from './run-bifurcation';

function toCsv(r: BifurcationResult): string {
  const params = [r.parameter, ...(r.secondParameter ? [r.secondParameter] : [])];
  const head = ['branch', 'kind', ...params, ...r.stateNames, 'stable', 'label'];
  const labels = new Map<string, string>();
  for (const s of r.specialPoints) labels.set(`${s.branch}:${s.index}`, s.label);
  const rows = [head.join(',')];
  for (const b of r.branches) {
    b.points.forEach((p, i) => {
      const values = params.map((k) => (p.parameters[k] === undefined ? '' : String(p.parameters[k])));
      rows.push([b.id, b.kind, ...values, ...p.state, p.stable, labels.get(`${b.id}:${i}`) ?? ''].join(','));
    });
  }
  return rows.join('\n') + '\n';
}

export const continuationAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'bifurcation',
    title: 'Bifurcation diagram (continuation)',
    description:
      'Pseudo-arclength continuation of the equilibria of an .ode flow (or fixed points and cycles of a map) in one parameter: stability along the branch, folds, Hopf points with their first Lyapunov coefficient (sub- or supercritical), branch points with branch switching, flips and Neimark-Sacker points of maps with the period-doubled cycles, and with --two-param the fold and Hopf curves in two parameters (Bogdanov-Takens, cusp, generalized Hopf), or for maps the fold, flip and Neimark-Sacker curves.',
    inputs: ['ode'],
    params: {
      param: {
        type: 'string',
        optional: true,
        description: 'The parameter to continue in (a name from the par lines); default: the first parameter',
      },
      from: {
        type: 'number',
        min: -1e300,
        max: 1e300,
        optional: true,
        description: 'Lower end of the parameter range; default: value - 10 max(1, |value|)',
      },
      to: {
        type: 'number',
        min: -1e300,
        max: 1e300,
        optional: true,
        description: 'Upper end of the parameter range; default: value + 10 max(1, |value|)',
      },
      start: {
        type: 'string',
        default: 'equilibrium',
        choices: ['equilibrium', 'hopf', 'orbit'],
        description:
          'equilibrium: the equilibria (fixed points) found at the current parameter values, and with --cycles the orbits born at their Hopf points; hopf: the same with the periodic orbits whatever --cycles says; orbit: the periodic orbit that a simulation from the initial state settles on',
      },
      twoParam: {
        type: 'string-list',
        optional: true,
        description:
          'Two parameters, e.g. I,g: continue the fold and Hopf points found in both (flows), or the fold, flip and Neimark-Sacker points of fixed points and cycles (maps)',
      },
      ds: {
        type: 'number',
        min: 0,
        max: 1e12,
        optional: true,
        description: 'Initial step (arclength); default 0.5% of max(range, 1)',
      },
      dsMin: {
        type: 'number',
        min: 0,
        max: 1e12,
        optional: true,
        description: 'Smallest step; default 1e-7 of max(range, 1)',
      },
      dsMax: {
        type: 'number',
        min: 0,
        max: 1e12,
        optional: true,
        description: 'Largest step; default 5% of max(range, 1) (periodic orbits: 20%)',
      },
      maxSteps: {
        type: 'number',
        default: 500,
        min: 1,
        max: 100000,
        integer: true,
        description: 'Steps per direction (AUTO NMAX)',
      },
      normMax: {
        type: 'number',
        min: 0,
        max: 1e300,
        default: 1e6,
        description: 'Stop where max|x| exceeds this (AUTO NORMMAX)',
      },
      period: {
        type: 'number',
        default: 1,
        min: 1,
        max: 64,
        integer: true,
        description: 'Maps: period k of the cycles to continue',
      },
      maxBranches: {
        type: 'number',
        default: 8,
        min: 1,
        max: 100,
        integer: true,
        description: 'Most branches to follow (switching at BP and PD points)',
      },
      cycles: {
        type: 'boolean',
        default: true,
        description:
          'Flows: continue the periodic orbits born at the Hopf points (collocation) and their period doublings',
      },
      orbitDiagram: {
        type: 'number',
        default: 0,
        min: 0,
        max: 2000,
        integer: true,
        description:
          'Also simulate this many parameter values across the range and draw their attractors (local maxima; maps: iterates) beneath the branches; 0 = off',
      },
      ntst: {
        type: 'number',
        default: 20,
        min: 2,
        max: 2000,
        integer: true,
        description: 'Periodic orbits: mesh intervals (AUTO NTST)',
      },
      ncol: {
        type: 'number',
        default: 4,
        min: 1,
        max: 7,
        integer: true,
        description: 'Periodic orbits: collocation points per interval (AUTO NCOL)',
      },
      set: { type: 'string-list', optional: true, description: 'Parameter overrides name=value' },
      init: {
        type: 'number-list',
        min: -1e300,
        max: 1e300,
        optional: true,
        description: 'Initial state near the equilibrium to start from',
      },
    },
    run: (input, params, ctx) => runBifurcation(input, params, ctx),
    toCsv: (r: BifurcationResult) => toCsv(r),
  }),
];
