import type { AnalysisContext } from '../../../src/analysis/core/context';
import type { AnalysisInput } from '../../../src/analysis/core/input';
import { tableInput as sharedTableInput, testContext as sharedContext } from '../../support';
import { getAnalysis } from '../../../src/analysis/registry';
import { resolveParams } from '../../../src/analysis/core/params';

/** A test context: runs the lyapunov entry's parallel tasks in this thread, collects log lines into `logs`. */
export function testContext(logs: string[] = []): AnalysisContext {
  return sharedContext({ logs, tasks: getAnalysis('lyapunov').tasks });
}

export function odeInput(text: string, path = 'model.ode'): AnalysisInput {
  return { kind: 'ode', path, text };
}

export function tableInput(columns: Record<string, ArrayLike<number>>, path = 'series.csv'): AnalysisInput {
  return sharedTableInput(columns, path);
}

/** Runs a registered analysis the way the runtime does: defaults applied by resolveParams. */
export async function runAnalysis<R>(
  id: string,
  input: AnalysisInput,
  raw: Record<string, unknown> = {},
  ctx = testContext(),
): Promise<R> {
  const a = getAnalysis(id);
  return (await a.run(input, resolveParams(a.params, raw), ctx)) as R;
}
