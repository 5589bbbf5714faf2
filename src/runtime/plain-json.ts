/** Plain-JSON conversion for the host (results cross to webviews as JSON). */
export { toPlainJson } from '../analysis/core/json';
