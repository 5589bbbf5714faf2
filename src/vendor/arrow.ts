// Entry of dist/vendor/arrow.mjs (see src/analysis/data/vendor.ts): apache-arrow, loaded on first use.
export { DataType, tableFromIPC } from 'apache-arrow';
