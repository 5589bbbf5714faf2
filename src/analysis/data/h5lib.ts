/**
 * h5wasm: HDF5 compiled to WebAssembly, Node build (files are opened by path and read on demand, so only the
 * selected hyperslab comes into memory). Loaded on first use (vendor.ts).
 */
import type * as H5 from 'h5wasm';
import { vendor } from './vendor';

export type H5Lib = typeof H5;
export type H5Module = Awaited<typeof H5.ready>;

let loading: Promise<{ lib: H5Lib; module: H5Module }> | undefined;

async function importLib(): Promise<H5Lib> {
  const mod = (await vendor('h5wasm')) as H5Lib & { default?: H5Lib };
  return mod.default && 'File' in mod.default ? mod.default : mod;
}

export function h5wasm(): Promise<{ lib: H5Lib; module: H5Module }> {
  loading ??= (async () => {
    const lib = await importLib();
    const module = await lib.ready;
    // HDF5 errors become exceptions carrying HDF5's error stack instead of lines printed on stderr.
    (module as unknown as { activate_throwing_error_handler(): void }).activate_throwing_error_handler();
    return { lib, module };
  })();
  return loading;
}

/** HDF5's error stack ends with the most specific cause ("bad superblock version number"): keep that line. */
export function hdf5Reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const minors = [...text.matchAll(/#\d+: .*? in (\w+\(\)): ([^\n]+)/g)];
  const last = minors[minors.length - 1];
  return last ? last[2].trim() : text.split('\n')[0].slice(0, 200);
}
