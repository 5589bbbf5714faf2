import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { badInput } from '../core/errors';

/**
 * Running an ONNX network with onnxruntime-web's WebAssembly backend, single-threaded (workers are the parallelism).
 * Chosen over onnxruntime-node because it ships inside the package with no native install step (onnxruntime-node
 * downloads binaries at install time). The .wasm is looked up, in order, in $DYNLENS_ORT_WASM_DIR, next to the
 * running bundle (the build copies ort-wasm-simd-threaded.wasm and .mjs into dist/), and in
 * node_modules/onnxruntime-web/dist.
 */
export interface OnnxNetwork {
  inputName: string;
  outputName: string;
  /** features per sample (last dimension of the input), when the model declares it */
  inputWidth: number | undefined;
  run(batch: Float32Array, rows: number, width: number): Promise<{ data: Float32Array; outputs: number }>;
  release(): Promise<void>;
}

type Ort = typeof import('onnxruntime-web');

let ortPromise: Promise<Ort> | undefined;

function wasmDir(): string | undefined {
  const candidates: string[] = [];
  const env = typeof process !== 'undefined' ? process.env.DYNLENS_ORT_WASM_DIR : undefined;
  if (env) candidates.push(env);
  if (typeof __dirname !== 'undefined') candidates.push(__dirname);
  let dir = process.cwd();
  for (let up = 0; up < 6; up++) {
    candidates.push(join(dir, 'node_modules', 'onnxruntime-web', 'dist'));
    dir = dirname(dir);
  }
  return candidates.find((d) => existsSync(join(d, 'ort-wasm-simd-threaded.wasm')));
}

async function loadOrt(): Promise<Ort> {
  if (!ortPromise) {
    // A literal require() in CommonJS bundles (CLI, worker): esbuild then picks the package's "require" build
    // (dist/ort.node.min.js), which loads ort-wasm-simd-threaded.mjs/.wasm from wasmPaths at run time. Its "import"
    // build calls createRequire(import.meta.url), which is undefined in a CommonJS bundle. ESM hosts (vitest) import.
    const load: Promise<Ort> =
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: CommonJS bundles need require()
      typeof require === 'function' ? Promise.resolve(require('onnxruntime-web') as Ort) : import('onnxruntime-web');
    ortPromise = load.then((ort) => {
      ort.env.wasm.numThreads = 1;
      const dir = wasmDir();
      if (dir) ort.env.wasm.wasmPaths = dir.endsWith('/') ? dir : dir + '/';
      return ort;
    });
  }
  return ortPromise;
}

export async function loadNetwork(bytes: Uint8Array, file: string): Promise<OnnxNetwork> {
  const ort = await loadOrt();
  let session: import('onnxruntime-web').InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  } catch (e) {
    throw badInput(`the ONNX model failed to load: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (session.inputNames.length !== 1)
    throw badInput(
      `the model has ${session.inputNames.length} inputs; distillation needs one input tensor [batch, features]`,
      { file },
    );
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const meta = (
    session.inputMetadata as unknown as Array<{ name: string; isTensor: boolean; shape?: Array<number | string> }>
  )[0];
  let inputWidth: number | undefined;
  if (meta && meta.isTensor && meta.shape) {
    if (meta.shape.length !== 2)
      throw badInput(
        `the model's input "${inputName}" has shape [${meta.shape.join(', ')}]; distillation needs [batch, features]`,
        { file },
      );
    const last = meta.shape[1];
    if (typeof last === 'number' && last > 0) inputWidth = last;
  }
  return {
    inputName,
    outputName,
    inputWidth,
    async run(batch, rows, width) {
      let result;
      try {
        result = await session.run({ [inputName]: new ort.Tensor('float32', batch, [rows, width]) });
      } catch (e) {
        throw badInput(
          `running the model on inputs of width ${width} failed: ${e instanceof Error ? e.message : String(e)}`,
          { file },
        );
      }
      const t = result[outputName];
      const data = t.data as Float32Array;
      const outputs = t.dims.length >= 2 ? Number(t.dims[t.dims.length - 1]) : 1;
      return { data, outputs };
    },
    async release() {
      await session.release();
    },
  };
}

/** Evaluates the network on column-major samples; returns one Float64Array per output. */
export async function sampleNetwork(net: OnnxNetwork, X: Float64Array[], file: string): Promise<Float64Array[]> {
  const width = X.length;
  const n = X[0].length;
  if (net.inputWidth !== undefined && net.inputWidth !== width) {
    throw badInput(`the model expects ${net.inputWidth} input features but the samples have ${width}`, { file });
  }
  const batchRows = 4096;
  let outs: Float64Array[] | undefined;
  for (let off = 0; off < n; off += batchRows) {
    const rows = Math.min(batchRows, n - off);
    const batch = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) batch[r * width + j] = X[j][off + r];
    const { data, outputs } = await net.run(batch, rows, width);
    if (!outs) outs = Array.from({ length: outputs }, () => new Float64Array(n));
    for (let r = 0; r < rows; r++) for (let o = 0; o < outputs; o++) outs[o][off + r] = data[r * outputs + o];
  }
  return outs ?? [];
}
