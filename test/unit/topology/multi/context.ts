import type { AnalysisContext } from '../../../../src/analysis/core/context';
import type { AnalysisInput } from '../../../../src/analysis/core/input';
import type { RegisteredAnalysis } from '../../../../src/analysis/core/definition';
import { tableOfRows, testContext as sharedContext } from '../../../support';

/** A context that runs everything in this thread (the entry's tasks); `files` answers ctx.loadInput. */
export function testContext(files: Record<string, AnalysisInput> = {}, entry?: RegisteredAnalysis): AnalysisContext {
  return sharedContext({ files, tasks: entry?.tasks });
}

/** A table input from row-major points. */
export function tableInput(path: string, points: number[][], names?: string[]): AnalysisInput {
  return tableOfRows(points, path, names);
}
