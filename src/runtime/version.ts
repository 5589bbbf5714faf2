import pkg from '../../package.json';

/** Runtime version: part of every result's provenance and of the result-store key. */
export const RUNTIME_VERSION: string = pkg.version;
