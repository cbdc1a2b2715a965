/**
 * Reads a TensorFlow.js graph-model folder (model.json + weight shards) from disk.
 *
 * Only the weights-manifest layout this project meets is accepted: float32/int32/bool weights, not quantized,
 * shards concatenated in manifest order. Anything else is a clear error naming the file and field.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';

const weightEntrySchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: z
    .unknown()
    .optional()
    .refine((q) => q === undefined, 'quantized weights are not supported (re-export the model unquantized)'),
});

const modelJsonSchema = z.object({
  format: z.string().optional(),
  modelTopology: z.object({
    node: z.array(z.record(z.string(), z.unknown())),
    library: z.unknown().optional(),
    versions: z.unknown().optional(),
  }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightEntrySchema) })),
});

export type TfjsWeightEntry = z.infer<typeof weightEntrySchema>;
/** A node of `modelTopology` in TF's protobuf-JSON form (attr `s` as byte arrays, int64 as strings, enums as numbers). */
export interface TfjsJsonNode {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, Record<string, unknown>>;
}

export interface TfjsWeight {
  entry: TfjsWeightEntry;
  /** The weight's raw little-endian bytes (a view into the concatenated shards). */
  bytes: Uint8Array;
}

export interface TfjsModel {
  nodes: TfjsJsonNode[];
  /** Weights by node name, in manifest order. */
  weights: Map<string, TfjsWeight>;
  /** Every file the model is made of (model.json first, then shards), relative to the folder. */
  files: string[];
}

export const MODEL_JSON = 'model.json';
const BYTES_PER_ELEMENT: Record<TfjsWeightEntry['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function parseModelJson(text: string, where = MODEL_JSON): z.infer<typeof modelJsonSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Slice the concatenated shard bytes into one view per weight, checking the total size. */
export function splitWeights(entries: TfjsWeightEntry[], data: Uint8Array, where: string): Map<string, TfjsWeight> {
  const weights = new Map<string, TfjsWeight>();
  let offset = 0;
  for (const entry of entries) {
    const size = elementCount(entry.shape) * BYTES_PER_ELEMENT[entry.dtype];
    if (offset + size > data.length) {
      throw new Error(`${where}: weight ${entry.name} needs bytes ${offset}..${offset + size} but the shards hold ${data.length}`);
    }
    weights.set(entry.name, { entry, bytes: data.subarray(offset, offset + size) });
    offset += size;
  }
  if (offset !== data.length) {
    throw new Error(`${where}: the manifest describes ${offset} weight bytes but the shards hold ${data.length}`);
  }
  return weights;
}

export async function readTfjsModelFolder(dir: string): Promise<TfjsModel> {
  const modelPath = path.join(dir, MODEL_JSON);
  const text = await readFile(modelPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${modelPath}: ${err.code ?? err.message} (a tfjs model folder holds ${MODEL_JSON} and its weight shards)`);
  });
  const modelJson = parseModelJson(text, modelPath);
  const shardPaths = modelJson.weightsManifest.flatMap((group) => group.paths);
  const shards = await Promise.all(
    shardPaths.map((shard) =>
      readFile(path.join(dir, shard)).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`cannot read weight shard ${path.join(dir, shard)}: ${err.code ?? err.message}`);
      }),
    ),
  );
  const data = new Uint8Array(Buffer.concat(shards));
  const entries = modelJson.weightsManifest.flatMap((group) => group.weights);
  return {
    nodes: modelJson.modelTopology.node as unknown as TfjsJsonNode[],
    weights: splitWeights(entries, data, modelPath),
    files: [MODEL_JSON, ...shardPaths],
  };
}
