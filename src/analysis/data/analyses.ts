import { summaryFeatures } from './features';
import { defineAnalysis, type RegisteredAnalysis } from '../core/definition';
import type { SummaryResult } from '../../protocol/results/summary';
import { runSummary, spectraTask, summaryJson, summaryParams, summaryToCsv, type SpectraChunk } from './summary';
import { estimateSummary } from './estimate';

/** The data domain's analyses (registered in src/analysis/registry.ts). */
export const dataAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'summary',
    title: 'Data summary',
    description:
      'Per-column count, NaN count, mean, std, min, max over all rows; time-series plot (decimated for display); autocorrelation; Welch power spectral density; delay-embedding preview of one column.',
    inputs: ['table'],
    params: summaryParams,
    run: (input, params, ctx) => runSummary(input, params, ctx),
    estimate: estimateSummary,
    toJson: (r: SummaryResult) => summaryJson(r),
    toCsv: (r: SummaryResult) => summaryToCsv(r),
    features: summaryFeatures,
    tasks: { spectra: (chunk: SpectraChunk, ctx) => spectraTask(chunk, ctx) },
  }),
];
