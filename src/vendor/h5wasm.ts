// Entry of dist/vendor/h5wasm.mjs (see src/analysis/data/vendor.ts): h5wasm's Node build, loaded on first use.
export * from 'h5wasm/node';
export { default } from 'h5wasm/node';
