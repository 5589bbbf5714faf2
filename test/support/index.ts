/** What unit tests share: the analysis context, in-memory table inputs and eigenvalue matching. */
export { testContext, type TestContext } from './context';
export { tableInput, tableOfColumns, tableOfRows } from './tables';
export { matchEigenvalues, matchEigenvaluePairs } from './eigen';
