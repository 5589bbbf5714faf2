/**
 * Registry entry `koopman`: DMD, forward-backward DMD, TLS DMD, Hankel DMD, EDMD and kernel EDMD with ResDMD
 * residuals for every eigenvalue, pseudospectra, modes, reconstruction and forecast. The pipeline is engine.ts;
 * this file holds the parameter schema (mirroring `dynlens koopman FILE --method ... --json`), the JSON and CSV
 * documents, and the tasks the runtime spreads over workers (pseudospectrum grid chunks, row blocks of the snapshot QR).
 */
import { koopmanFeatures } from './features';
import { estimateKoopman } from './estimate';
import { badInput } from '../core/errors';
import { defineAnalysis, type RegisteredAnalysis } from '../core/definition';
import { toPlainJson } from '../core/json';
import type { KoopmanResult } from '../../protocol/results/koopman';
import { runKoopman } from './engine';
import { assessKoopman } from './defaults';
import { koopmanParams as params } from './params';
import { pseudospectrumChunk, type PseudospectrumChunk } from './pseudospectrum';
import { qrBlockR, type QrBlockChunk } from './resdmd';

/** The --json document (see KoopmanResult in src/protocol/results/koopman.ts): eigenvalues as [re, im] pairs with units, singular values, errors, modes on request. */
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
    features: koopmanFeatures,
    toCsv: koopmanCsv,
    assess: assessKoopman,
    tasks: {
      pseudospectrum: (chunk: PseudospectrumChunk, ctx) =>
        pseudospectrumChunk(chunk, () => ctx.signal.throwIfCancelled()),
      qrBlock: (chunk: QrBlockChunk) => qrBlockR(chunk),
    },
    view: 'koopman',
  }),
];
