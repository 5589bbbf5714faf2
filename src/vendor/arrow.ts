// Entry of dist/vendor/arrow.mjs (see src/analysis/data/vendor.ts): apache-arrow, loaded on first use.
export { CompressionType, DataType, compressionRegistry, tableFromIPC } from 'apache-arrow';
