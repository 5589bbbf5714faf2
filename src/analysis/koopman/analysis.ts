/**
 * Registry entry `koopman`: DMD, forward-backward DMD, TLS DMD, Hankel DMD, EDMD and kernel EDMD with ResDMD
 * residuals for every eigenvalue, pseudospectra, modes, reconstruction and forecast. The pipeline is engine.ts;
 * this file holds the parameter schema (mirroring `dynlens koopman FILE --method ... --json`), the JSON and CSV
 * documents, and the tasks the runtime spreads over workers (pseudospectrum grid chunks, row blocks of the snapshot QR).
 */
import { estimateKoopman } from './estimate';
import { badInput } from '../core/errors';
import { defineAnalysis, type RegisteredAnalysis } from '../core/definition';
import { toPlainJson } from '../core/json';
import type { KoopmanResult } from '../../protocol/results/koopman';
import { runKoopman } from './engine';
import { pseudospectrumChunk, type PseudospectrumChunk } from './pseudospectrum';
import { qrBlockR, type QrBlockChunk } from './resdmd';

const params = {
  method: {
    type: 'string',
    default: 'dmd',
    choices: ['dmd', 'fbdmd', 'tlsdmd', 'hankel', 'edmd', 'kedmd'] as const,
    description:
      'dmd (exact DMD), fbdmd (forward-backward), tlsdmd (total least squares), hankel (delay DMD), edmd (dictionary), kedmd (kernel EDMD)',
  },
  dt: {
    type: 'number',
    min: 0,
    max: 1e12,
    optional: true,
    unit: 'time unit',
    description: 'sample spacing; default: from a time column (t/time), else 1 sample (the result says so)',
  },
  timeColumn: {
    type: 'string',
    optional: true,
    description: 'time column (default: auto-detect t or time); must be uniformly sampled',
  },
  columns: {
    type: 'string-list',
    optional: true,
    description: 'state columns (default: all but time and trajectory columns)',
  },
  rank: {
    type: 'string',
    default: 'auto',
    description:
      'rank truncation: auto (Gavish-Donoho for DMD methods, numerical rank for dictionaries), full, energy:0.99, or an integer; for kedmd an integer is the number of kernel landmarks',
  },
  delays: {
    type: 'number',
    max: 100_000,
    optional: true,
    integer: true,
    min: 1,
    description: 'delay count for hankel (default min(64, length/3))',
  },
  dictionary: {
    type: 'string',
    default: 'poly:2',
    description: 'EDMD dictionary: poly:DEG[:w1,w2,..] (weighted degree), rbf:N, rff:N, delay:K',
  },
  trajectoryColumn: {
    type: 'string',
    optional: true,
    description: 'column of trajectory ids; snapshot pairs never cross two trajectories',
  },
  pairs: {
    type: 'string',
    optional: true,
    description: 'explicit snapshot pairs x_cols:y_cols (e.g. x,y:x1,y1), one pair per row',
  },
  maxResidual: {
    type: 'number',
    max: 1e300,
    optional: true,
    min: 0,
    description: 'mark eigenvalues with ResDMD residual above this as spurious',
  },
  pseudospectrum: {
    type: 'boolean',
    default: false,
    description: 'compute the ResDMD pseudospectrum tau(z) on a grid of the complex plane',
  },
  grid: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description:
      'pseudospectrum grid xmin,xmax,ymin,ymax,nx,ny (discrete-time plane); default around the eigenvalues, 80 x 80',
  },
  forecast: {
    type: 'number',
    max: 1e9,
    default: 0,
    integer: true,
    min: 0,
    unit: 'steps',
    description: 'forecast this many steps past the end of the first trajectory',
  },
  modes: {
    type: 'number',
    max: 100_000,
    default: 6,
    integer: true,
    min: 0,
    description: 'how many leading modes and eigenfunctions to return',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 1,
    integer: true,
    description: 'seed for rbf centres (k-means++) and random Fourier features',
  },
} as const;

/** The issue's --json document: eigenvalues as [re, im] pairs with units, singular values, errors, modes on request. */
export function koopmanJson(r: KoopmanResult): unknown {
  return toPlainJson({
    dt: r.dt,
    dtSource: r.dtSource,
    timeUnit: r.timeUnit,
    units: r.unitsNote,
    method: r.method,
    dictionary: r.dictionary,
    rank: r.rank,
    rankRule: r.rankRule,
    eigenvalues: r.eigenvalues.map((e, i) => ({
      discrete: e.discrete,
      continuous: e.continuous,
      frequency: e.frequency,
      angularFrequency: e.angularFrequency,
      growthRate: e.growthRate,
      period: e.period,
      residual: e.residual,
      amplitude: e.amplitude,
      spurious: r.spurious[i],
    })),
    singularValues: r.singularValues,
    conditionNumber: r.conditionNumber,
    regularization: r.regularization,
    reconstructionError: r.reconstructionError,
    reconstructionKind: r.reconstructionKind,
    oneStepError: r.oneStepError,
    pairs: r.pairs,
    trajectories: r.trajectories,
    delays: r.delays,
    maxResidual: r.maxResidual,
    modes: r.modes.length ? r.modes.map((m) => ({ index: m.index, re: m.re, im: m.im })) : undefined,
    forecast: r.forecast,
    notes: r.notes,
  });
}

function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** One row per eigenvalue. */
export function koopmanCsv(r: KoopmanResult): string {
  const head =
    'discrete_re,discrete_im,continuous_re,continuous_im,frequency,angular_frequency,growth_rate,period,residual,amplitude,spurious';
  const rows = r.eigenvalues.map(
    (e, i) =>
      [
        e.discrete[0],
        e.discrete[1],
        e.continuous[0],
        e.continuous[1],
        e.frequency,
        e.angularFrequency,
        e.growthRate,
        e.period,
        e.residual,
        e.amplitude,
      ]
        .map(csvNumber)
        .join(',') +
      ',' +
      (r.spurious[i] ? 1 : 0),
  );
  return [`# dt=${r.dt} (${r.unitsNote}); method=${r.method}; rank=${r.rank}`, head, ...rows].join('\n') + '\n';
}

export const koopmanAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'koopman',
    title: 'Koopman spectrum (DMD / EDMD with residuals)',
    description:
      'Koopman eigenvalues, modes and pseudospectra from snapshots, each eigenvalue with a ResDMD residual that flags spurious ones; explicit units (dt given, from a time column, or assumed)',
    inputs: ['table'],
    params,
    async run(input, p, ctx) {
      if (input.kind !== 'table')
        throw badInput(`koopman needs a table (csv, npy, ...), got a ${input.kind} file`, { file: input.path });
      return runKoopman(input.dataset, p, ctx);
    },
    estimate: estimateKoopman,
    toJson: koopmanJson,
    toCsv: koopmanCsv,
    tasks: {
      pseudospectrum: (chunk: PseudospectrumChunk, ctx) =>
        pseudospectrumChunk(chunk, () => ctx.signal.throwIfCancelled()),
      qrBlock: (chunk: QrBlockChunk) => qrBlockR(chunk),
    },
    view: 'koopman',
  }),
];
