// Opens an ONNX model on onnxruntime-node (native, multi-threaded), or, where its native binary cannot be
// loaded, on onnxruntime-web's WASM build of the same runtime, with a warning saying what that costs.
import type * as OrtNode from 'onnxruntime-node';

type Ort = typeof OrtNode;
export type RuntimeBackend = 'onnxruntime-node' | 'onnxruntime-web';

/** Measured by `npm run bench` on the 2-core reference machine (BENCHMARKS.md): WASM vs native, batch 64. */
export const WASM_SLOWDOWN = '3-6x';

export interface TensorFeed {
  type: 'int32' | 'int64' | 'float32';
  data: Int32Array | BigInt64Array | Float32Array;
  dims: number[];
}

export interface OnnxRuntimeSession {
  backend: RuntimeBackend;
  threads: number;
  run(feeds: Record<string, TensorFeed>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>;
  release(): Promise<void>;
}

export interface OpenOptions {
  model: Uint8Array;
  threads: number;
  /** Force a backend (benchmarks, tests); by default native first, WASM when native cannot load. */
  backend?: RuntimeBackend;
  /** How the native module is loaded (tests inject a failing loader to exercise the fallback). */
  loadNative?: () => Ort;
  warn?: (message: string) => void;
}

function loadWeb(threads: number): Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const web = require('onnxruntime-web') as Ort & { env: { wasm: { numThreads?: number } } };
  web.env.wasm.numThreads = threads;
  return web;
}

async function open(ort: Ort, backend: RuntimeBackend, model: Uint8Array, threads: number): Promise<OnnxRuntimeSession> {
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    ...(backend === 'onnxruntime-web' ? { executionProviders: ['wasm'] } : {}),
  });
  return {
    backend,
    threads,
    async run(feeds) {
      const inputs = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor(f.type, f.data, f.dims)]));
      const result = await session.run(inputs);
      return Object.fromEntries(Object.entries(result).map(([k, t]) => [k, { data: t.data as Float32Array, dims: t.dims }]));
    },
    release: () => session.release(),
  };
}

export async function openOnnxSession(options: OpenOptions): Promise<OnnxRuntimeSession> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  if (options.backend === 'onnxruntime-web') return open(loadWeb(options.threads), 'onnxruntime-web', options.model, options.threads);
  let native: Ort;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    native = (options.loadNative ?? (() => require('onnxruntime-node') as Ort))();
  } catch (err) {
    if (options.backend === 'onnxruntime-node') throw err;
    warn(
      `onnxruntime-node is unavailable on this platform (${(err as Error).message.split('\n')[0]}); ` +
        `falling back to onnxruntime-web (WASM), which runs this encoder ${WASM_SLOWDOWN} slower than the native runtime.`,
    );
    return open(loadWeb(options.threads), 'onnxruntime-web', options.model, options.threads);
  }
  return open(native, 'onnxruntime-node', options.model, options.threads);
}
