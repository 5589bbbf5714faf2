import type { AnalysisContext } from '../../../src/analysis/core/context';
import type { LoadOptions } from '../../../src/analysis/core/input';
import { readInput } from '../../../src/analysis/data/load';
import { testContext as sharedContext, type TestContext } from '../../support';

/** A context for calling analyses directly in tests: chunks (cloned, as across threads) run in this thread. */
export function testContext(
  tasks: Record<string, (chunk: unknown, ctx: AnalysisContext) => unknown> = {},
  parallelism = 1,
): TestContext {
  return sharedContext({
    tasks,
    parallelism,
    cloneChunks: true,
    loadInput: async (path: string, options?: LoadOptions) => (await readInput(path, options)).input,
  });
}
