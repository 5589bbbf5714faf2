// Entry of dist/vendor/parquet-compressors.mjs (see src/analysis/data/vendor.ts), loaded on the first Parquet file
// or compressed Arrow IPC file.
export { compressors, decompressZstd } from 'hyparquet-compressors';
