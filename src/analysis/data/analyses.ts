import { defineAnalysis, type RegisteredAnalysis } from '../core/definition';
import type { SummaryResult } from '../../protocol/results/summary';
import { runSummary, spectraTask, summaryJson, summaryToCsv, type SpectraChunk } from './summary';
import { estimateSummary } from './estimate';

/** The data domain's analyses (registered in src/analysis/registry.ts). */
export const dataAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'summary',
    title: 'Data summary',
    description:
      'Per-column count, NaN count, mean, std, min, max over all rows; time-series plot (decimated for display); autocorrelation; Welch power spectral density; delay-embedding preview of one column.',
    inputs: ['table'],
    params: {
      dt: {
        type: 'number',
        max: 1e12,
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Sample spacing; default: from the time column (t or time), else axes in samples',
      },
      timeColumn: {
        type: 'string',
        optional: true,
        description: 'Time column name; default: a column named t or time (any case)',
      },
      maxLag: {
        type: 'number',
        max: 1_000_000,
        default: 200,
        min: 1,
        integer: true,
        unit: 'samples',
        description: 'Largest autocorrelation lag',
      },
      embedColumn: {
        type: 'string',
        optional: true,
        description: 'Column for the delay-embedding preview; default: the first non-time column',
      },
      embedDim: {
        type: 'number',
        default: 3,
        min: 2,
        max: 3,
        integer: true,
        description: 'Delay-embedding dimension (2 or 3)',
      },
      embedLag: {
        type: 'number',
        max: 1_000_000,
        optional: true,
        min: 1,
        integer: true,
        unit: 'samples',
        description:
          'Delay-embedding lag; default: first minimum of mutual information, else first zero of the autocorrelation',
      },
      maxPoints: {
        type: 'number',
        default: 4000,
        min: 10,
        max: 1_000_000,
        integer: true,
        description: 'Display points per series (min/max decimation) and embedding points',
      },
    },
    run: (input, params, ctx) => runSummary(input, params, ctx),
    estimate: estimateSummary,
    toJson: (r: SummaryResult) => summaryJson(r),
    toCsv: (r: SummaryResult) => summaryToCsv(r),
    tasks: { spectra: (chunk: SpectraChunk, ctx) => spectraTask(chunk, ctx) },
  }),
];
