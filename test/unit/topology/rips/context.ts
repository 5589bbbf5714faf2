/** A context for calling analyses directly in tests (no worker pool; persistence has no sub-tasks). */
import type { AnalysisContext } from '../../../../src/analysis/core/context';
import { tableOfColumns, testContext as sharedContext, type TestContext } from '../../../support';

export function testContext(overrides: Partial<AnalysisContext> = {}): TestContext {
  return Object.assign(sharedContext(), overrides);
}

export { tableOfColumns as table };
