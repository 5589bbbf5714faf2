// Entry of dist/vendor/parquet-compressors.mjs (see src/analysis/data/vendor.ts), loaded on the first Parquet file.
export { compressors } from 'hyparquet-compressors';
