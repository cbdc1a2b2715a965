/**
 * The tfjs reference runtime: the original tfjs graph model executed by @tensorflow/tfjs, with the team's
 * defined edge behaviour (model/SPEC.md) applied around it — a row with no tokens is the 512-d zero vector and
 * never reaches the graph (tfjs WASM throws on it, tfjs CPU returns a non-zero vector), so it cannot change the
 * other rows. Tests of every path (SavedModel in TF, ONNX locally) compare against this.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { MODEL_JSON, parseModelJson } from './model-folder';

export const EMBEDDING_SIZE = 512;
export type ReferenceBackend = 'cpu' | 'wasm';

export interface TfjsReference {
  /** One 512-d vector per row of token ids, in order; empty rows give zeros. */
  embedIds(rows: readonly (readonly number[])[]): Promise<Float32Array[]>;
  dispose(): void;
}

/** tfjs has one global backend per process: the first reference chooses it. */
let chosen: { backend: ReferenceBackend; ready: Promise<void> } | undefined;

async function useBackend(backend: ReferenceBackend): Promise<void> {
  if (backend === 'wasm') {
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${wasmDir}${path.sep}`);
  }
  await tf.setBackend(backend);
  await tf.ready();
}

/** Load a tfjs model folder (model.json + shards) straight from disk into a GraphModel. */
export async function loadGraphModelFromFolder(dir: string): Promise<tf.GraphModel> {
  const modelJson = parseModelJson(await readFile(path.join(dir, MODEL_JSON), 'utf8'));
  const shards = await Promise.all(modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const data = Buffer.concat(shards);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const handler = tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData,
  });
  return tf.loadGraphModel(handler);
}

/** The package's batching: row i's j-th token sits at [i, j] (tokenizer's toSparseBatch does the same). */
function sparseInputs(rows: readonly (readonly number[])[]): { indices: tf.Tensor2D; values: tf.Tensor1D } {
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((ids, row) => ids.forEach((id, col) => {
    indices.push(row, col);
    values.push(id);
  }));
  return { indices: tf.tensor2d(indices, [values.length, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
}

export async function loadTfjsReference(modelDir: string, backend: ReferenceBackend = 'wasm'): Promise<TfjsReference> {
  chosen ??= { backend, ready: useBackend(backend) };
  if (chosen.backend !== backend) throw new Error(`tfjs backend is already '${chosen.backend}' in this process; cannot also use '${backend}'`);
  await chosen.ready;
  const model = await loadGraphModelFromFolder(modelDir);
  return {
    async embedIds(rows) {
      const out = rows.map(() => new Float32Array(EMBEDDING_SIZE));
      const nonEmpty = rows.flatMap((ids, i) => (ids.length > 0 ? [i] : []));
      if (nonEmpty.length === 0) return out;
      const { indices, values } = sparseInputs(nonEmpty.map((i) => rows[i]));
      try {
        const result = (await model.executeAsync({ indices, values })) as tf.Tensor;
        const data = (await result.data()) as Float32Array;
        result.dispose();
        nonEmpty.forEach((row, k) => out[row].set(data.subarray(k * EMBEDDING_SIZE, (k + 1) * EMBEDDING_SIZE)));
      } finally {
        indices.dispose();
        values.dispose();
      }
      return out;
    },
    dispose: () => model.dispose(),
  };
}
