/**
 * Large format libraries load on first use from their own ES modules beside the worker (dist/vendor/*.mjs, built
 * from src/vendor/ by esbuild.mjs): a worker that never reads HDF5, Arrow or compressed Parquet never parses them
 * (h5wasm alone is 4 MB with its WebAssembly). Tests running from source import the packages themselves.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as H5 from 'h5wasm';
import type * as Arrow from '../../vendor/arrow';
import type * as ParquetCompressors from '../../vendor/parquet-compressors';

const PACKAGES = {
  h5wasm: 'h5wasm/node',
  arrow: 'apache-arrow',
  'parquet-compressors': 'hyparquet-compressors',
} as const;

interface Vendors {
  h5wasm: typeof H5;
  arrow: typeof Arrow;
  'parquet-compressors': typeof ParquetCompressors;
}

const cache = new Map<string, Promise<unknown>>();

export function vendor<K extends keyof Vendors>(name: K): Promise<Vendors[K]> {
  let p = cache.get(name);
  if (!p) {
    const bundled = join(__dirname, 'vendor', `${name}.mjs`);
    // A computed specifier: the bundler leaves this import to run time.
    const specifier = existsSync(bundled) ? pathToFileURL(bundled).href : [PACKAGES[name]][0];
    p = import(specifier);
    cache.set(name, p);
  }
  return p as Promise<Vendors[K]>;
}
