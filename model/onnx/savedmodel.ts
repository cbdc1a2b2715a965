// One signature of an exported SavedModel as ONNX, cached by the artifact's digest: the same saved_model.pb
// (weights are Consts inside it) with the same converter version is converted once per cache folder.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseSavedModel, signatureSubgraph } from '../savedmodel/read';
import { SAVED_MODEL_PB } from '../savedmodel/write';
import { convertGraphDefToOnnx, CONVERTER_VERSION } from './convert';
import { dtypeNumber, TfDType } from './tf-graph';

export type InputElementType = 'int32' | 'int64' | 'float32';

export interface ConvertedSignature {
  model: Uint8Array;
  /** ONNX input name (= signature input key) → element type to feed. */
  inputs: Record<string, InputElementType>;
  outputs: string[];
  /** sha256 of saved_model.pb. */
  artifactDigest: string;
  cachePath: string;
  cacheHit: boolean;
  /** Wall time of the conversion itself (0 on a cache hit). */
  conversionMs: number;
}

export interface ConvertSavedModelOptions {
  savedModelDir: string;
  signature?: string;
  /** Defaults to the repository's .cache/onnx (git-ignored). */
  cacheDir?: string;
}

export const DEFAULT_CACHE_DIR = path.resolve(__dirname, '..', '..', '.cache', 'onnx');

const ELEMENT_TYPES: Record<number, InputElementType> = { [TfDType.INT32]: 'int32', [TfDType.INT64]: 'int64', [TfDType.FLOAT]: 'float32' };

interface CacheMeta {
  inputs: Record<string, InputElementType>;
  outputs: string[];
}

async function readCached(base: string): Promise<{ model: Uint8Array; meta: CacheMeta } | undefined> {
  try {
    const [model, meta] = await Promise.all([readFile(`${base}.onnx`), readFile(`${base}.json`, 'utf8')]);
    return { model: new Uint8Array(model), meta: JSON.parse(meta) as CacheMeta };
  } catch {
    return undefined;
  }
}

/** Write-then-rename so a concurrent reader never sees half a model. */
async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export async function convertSavedModelSignature(options: ConvertSavedModelOptions): Promise<ConvertedSignature> {
  const signatureKey = options.signature ?? 'encode_ids';
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const pbPath = path.join(options.savedModelDir, SAVED_MODEL_PB);
  const pb = await readFile(pbPath).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`savedModelDir ${options.savedModelDir}: cannot read ${SAVED_MODEL_PB} (${err.code ?? err.message}); expected an exported SavedModel folder`);
  });
  const artifactDigest = createHash('sha256').update(pb).digest('hex');
  const key = createHash('sha256').update(`${artifactDigest}\n${signatureKey}\n${CONVERTER_VERSION}`).digest('hex').slice(0, 32);
  const base = path.join(cacheDir, key);
  const cached = await readCached(base);
  if (cached) {
    return { model: cached.model, ...cached.meta, artifactDigest, cachePath: `${base}.onnx`, cacheHit: true, conversionMs: 0 };
  }

  const started = performance.now();
  const loaded = parseSavedModel(pb, pbPath);
  const { graph, signature } = signatureSubgraph(loaded, signatureKey);
  const inputs: Record<string, string> = {};
  const inputTypes: Record<string, InputElementType> = {};
  for (const [k, info] of Object.entries(signature.inputs ?? {})) {
    const type = ELEMENT_TYPES[dtypeNumber(info.dtype)];
    if (!type) throw new Error(`signature '${signatureKey}' input '${k}' has dtype ${info.dtype}; supported: int32, int64, float32`);
    inputs[k] = info.name ?? '';
    inputTypes[k] = type;
  }
  const outputs = Object.fromEntries(Object.entries(signature.outputs ?? {}).map(([k, info]) => [k, info.name ?? '']));
  const model = convertGraphDefToOnnx(graph, { inputs, outputs });
  const conversionMs = performance.now() - started;

  const meta: CacheMeta = { inputs: inputTypes, outputs: Object.keys(outputs) };
  await mkdir(cacheDir, { recursive: true });
  await writeAtomically(`${base}.onnx`, model);
  await writeAtomically(`${base}.json`, JSON.stringify(meta));
  return { model, ...meta, artifactDigest, cachePath: `${base}.onnx`, cacheHit: false, conversionMs };
}
