/** What unit tests share: the analysis context, in-memory table inputs, eigenvalue matching, seeded test numbers. */
export { testContext, type TestContext } from './context';
export { tableInput, tableOfColumns, tableOfRows } from './tables';
export { matchEigenvalues, matchEigenvaluePairs } from './eigen';
export { seededCentered } from './random';
export { directAcf } from './reference';
