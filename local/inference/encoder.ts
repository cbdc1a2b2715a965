// Contract 9: the local encoder the Vertex emulator's executor (and `npm run predict`) runs. It converts the
// uploaded SavedModel's `encode_ids` graph to ONNX (cached by artifact digest), runs it on onnxruntime-node
// with one intra-op thread per core, tokenizes in JS with the shared tokenizer spec, and batches by length.
import { availableParallelism } from 'node:os';
import { convertSavedModelSignature, type InputElementType } from '../../model/onnx/savedmodel';
import { tokenize, toSparseBatch } from '../../model/tokenizer';
import { planBatches } from './batching';
import { openOnnxSession, type OnnxRuntimeSession, type RuntimeBackend, type TensorFeed } from './runtime';
import { SessionPool } from './session-pool';

interface SmallBatchRunner {
  run: OnnxRuntimeSession['run'];
  concurrency: number;
  close(): Promise<void>;
}

export const EMBEDDING_SIZE = 512;
export const DEFAULT_BATCH_SIZE = 64;
/** Positions the encoder graph keeps (its ClipToMaxLength drops tokens at index >= 128; model/SPEC.md). */
export const MAX_POSITIONS = 128;

export interface LocalEncoderOptions {
  savedModelDir: string;
  /** Intra-op threads; defaults to the number of available cores. */
  threads?: number;
  /** Rows per model call. */
  batchSize?: number;
  /** Group rows of similar length into the same batch (default true). */
  bucketing?: boolean;
  /** Rows considered together for bucketing; bounds memory on long inputs (default 16 batches). */
  windowSize?: number;
  /**
   * Batches smaller than this many token slots (rows × longest row) run on single-threaded sessions, one per
   * thread in worker threads, several batches at once; larger ones run one at a time on one session with
   * `threads` intra-op threads. Default: every batch on the workers, because intra-op threads measured
   * 0.3-0.7× of one thread on the shared 2-core machine (BENCHMARKS.md thread scaling) while batches in
   * parallel need no synchronisation. 0 = always intra-op threads.
   */
  singleThreadBelowTokens?: number;
  cacheDir?: string;
  backend?: RuntimeBackend;
  warn?: (message: string) => void;
}

export interface LocalEncoderInfo {
  backend: RuntimeBackend;
  threads: number;
  artifactDigest: string;
  conversionCacheHit: boolean;
  conversionMs: number;
  sessionStartMs: number;
}

export interface LocalEncoder {
  embed(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
  info: LocalEncoderInfo;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

function feed(type: InputElementType, data: Int32Array, dims: number[]): TensorFeed {
  if (type === 'int32') return { type, data, dims };
  if (type === 'int64') return { type, data: BigInt64Array.from(data, (v) => BigInt(v)), dims };
  throw new Error(`token inputs cannot be fed as ${type}`);
}

export async function createLocalEncoder(options: LocalEncoderOptions): Promise<LocalEncoder> {
  const threads = positiveInt('threads', options.threads, availableParallelism());
  const batchSize = positiveInt('batchSize', options.batchSize, DEFAULT_BATCH_SIZE);
  const windowSize = positiveInt('windowSize', options.windowSize, 16 * batchSize);
  const bucketing = options.bucketing ?? true;
  const singleThreadBelow = options.singleThreadBelowTokens ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(singleThreadBelow) || singleThreadBelow < 0) {
    throw new Error(`singleThreadBelowTokens must be an integer >= 0, got ${singleThreadBelow}`);
  }

  const converted = await convertSavedModelSignature({ savedModelDir: options.savedModelDir, signature: 'encode_ids', cacheDir: options.cacheDir });
  for (const name of ['indices', 'values']) {
    if (!converted.inputs[name]) throw new Error(`encode_ids of ${options.savedModelDir} has no '${name}' input (has: ${Object.keys(converted.inputs).join(', ')})`);
  }
  const outputName = converted.outputs[0];
  const started = performance.now();
  let session: OnnxRuntimeSession | undefined = await openOnnxSession({ model: converted.model, threads, backend: options.backend, warn: options.warn });
  const sessionStartMs = performance.now() - started;
  let small: Promise<SmallBatchRunner> | undefined;

  /** Lazily: the worker pool, or one in-thread single-threaded session if workers cannot start. */
  async function openSmall(backend: RuntimeBackend): Promise<SmallBatchRunner> {
    try {
      const pool = await SessionPool.open(converted.model, threads, backend);
      return { run: (f) => pool.run(f), concurrency: pool.size, close: () => pool.close() };
    } catch (err) {
      (options.warn ?? console.warn)(`session worker threads unavailable (${(err as Error).message}); small batches run one at a time`);
      const s = await openOnnxSession({ model: converted.model, threads: 1, backend, warn: options.warn });
      return { run: (f) => s.run(f), concurrency: 1, close: () => s.release() };
    }
  }

  function isSmall(rows: number[][]): boolean {
    const slots = rows.length * Math.min(MAX_POSITIONS, Math.max(...rows.map((r) => r.length)));
    return threads > 1 && slots < singleThreadBelow;
  }

  async function runBatch(rows: number[][]): Promise<Float32Array> {
    if (!session) throw new Error('the local encoder is closed');
    const backend = session.backend;
    const runner = isSmall(rows) ? await (small ??= openSmall(backend)) : session;
    const sparse = toSparseBatch(rows);
    const n = sparse.values.length;
    const result = await runner.run({
      indices: feed(converted.inputs.indices, sparse.indices, [n, 2]),
      values: feed(converted.inputs.values, sparse.values, [n]),
    });
    const out = result[outputName];
    if (out.dims[0] !== rows.length || out.dims[1] !== EMBEDDING_SIZE) {
      throw new Error(`encode_ids returned [${out.dims}] for ${rows.length} rows; expected [${rows.length}, ${EMBEDDING_SIZE}]`);
    }
    return out.data;
  }

  return {
    info: {
      backend: session.backend,
      threads,
      artifactDigest: converted.artifactDigest,
      conversionCacheHit: converted.cacheHit,
      conversionMs: converted.conversionMs,
      sessionStartMs,
    },
    async embed(texts) {
      const out: Float32Array[] = new Array(texts.length);
      for (let start = 0; start < texts.length; start += windowSize) {
        const ids = texts.slice(start, start + windowSize).map((t) => tokenize(t));
        // Rows without tokens are the zero vector (contract 8) and never reach the model.
        const present: number[] = [];
        ids.forEach((row, i) => (row.length === 0 ? (out[start + i] = new Float32Array(EMBEDDING_SIZE)) : present.push(i)));
        const lengths = present.map((i) => Math.min(ids[i].length, MAX_POSITIONS));
        // Small batches run concurrently on the worker sessions (bounded); large ones one at a time.
        const inFlight = new Set<Promise<void>>();
        const failures: unknown[] = [];
        for (const batch of planBatches(lengths, batchSize, bucketing)) {
          if (failures.length > 0) break;
          const rows = batch.map((k) => present[k]);
          const task = runBatch(rows.map((i) => ids[i])).then(
            (data) => rows.forEach((i, r) => (out[start + i] = data.slice(r * EMBEDDING_SIZE, (r + 1) * EMBEDDING_SIZE))),
            (err) => void failures.push(err),
          );
          if (!isSmall(rows.map((i) => ids[i]))) {
            await Promise.all(inFlight);
            await task;
            continue;
          }
          inFlight.add(task);
          void task.then(() => inFlight.delete(task));
          const limit = 2 * ((await small)?.concurrency ?? 1);
          while (inFlight.size >= limit) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
        if (failures.length > 0) throw failures[0];
      }
      return out;
    },
    async close() {
      const s = session;
      const n = small;
      session = undefined;
      small = undefined;
      await s?.release();
      await (await n)?.close();
    },
  };
}
