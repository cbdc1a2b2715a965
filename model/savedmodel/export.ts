/**
 * exportSavedModel: a tfjs USE-lite folder → a SavedModel folder Vertex's prebuilt TF2 containers serve
 * (contract 6). A pure function of the source bytes: the same source gives byte-identical files, and the
 * manifest (export-manifest.json) names the source digests, every output digest, the converter version and
 * one artifact digest, so an unchanged artifact is never uploaded twice.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { DT, type ISignatureDef } from '../proto';
import { readTfjsModelFolder } from '../tfjs/model-folder';
import { tfjsToGraphDef } from '../tfjs/to-graphdef';
import { EMBEDDING_SIZE, ENCODE_IDS, resizeBatch, wrapEncoder } from './encoder';
import type { ExportContext, GraphExtension } from './extension';
import { DEFAULT_EXTENSIONS } from './extensions';
import { attr, GraphBuilder } from './graph-builder';
import { SAVED_MODEL_PB, serializeSavedModel, TF25_GRAPH_DEF_VERSION, VARIABLES_DIR, writeSavedModelFolder } from './write';

/** Bump when the exported bytes change for the same source (it is part of the manifest and the digest). */
export const CONVERTER_VERSION = '1.0.0';
export const MANIFEST_FILE = 'export-manifest.json';
/** Optional source files that are digested into the manifest when present (the tokenizer reads vocab.json). */
const EXTRA_SOURCE_FILES = ['vocab.json'];

export interface ExportOptions {
  sourceDir: string;
  outDir: string;
  extensions?: readonly GraphExtension[];
}

export interface ExportManifest {
  converterVersion: string;
  extensions: { name: string; version: string }[];
  source: Record<string, string>;
  outputs: Record<string, { sha256: string; bytes: number }>;
  signatures: string[];
  artifactDigest: string;
}

export interface ExportResult {
  outDir: string;
  manifest: ExportManifest;
  artifactDigest: string;
  savedModelBytes: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function tensorInfo(name: string, dtype: number, dims: number[]) {
  return { name: `${name}:0`, dtype, tensorShape: { dim: dims.map((size) => ({ size })) } };
}

export const ENCODE_IDS_SIGNATURE: ISignatureDef = {
  inputs: {
    indices: tensorInfo(ENCODE_IDS.indices, DT.INT32, [-1, 2]),
    values: tensorInfo(ENCODE_IDS.values, DT.INT32, [-1]),
  },
  outputs: { outputs: tensorInfo(ENCODE_IDS.outputs, DT.FLOAT, [-1, EMBEDDING_SIZE]) },
  methodName: 'tensorflow/serving/predict',
};

/** Refuse to replace a folder that is not a previous export: `--out ~` must never wipe a home directory. */
async function assertReplaceable(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new Error(`--out ${outDir}: exists and is not a folder`);
  const entries = await readdir(outDir);
  if (entries.length && !entries.includes(MANIFEST_FILE)) {
    throw new Error(`--out ${outDir}: folder exists, is not empty and holds no ${MANIFEST_FILE} (not a previous export); choose an empty or new folder`);
  }
}

export async function buildSavedModel(sourceDir: string, extensions: readonly GraphExtension[]) {
  const model = await readTfjsModelFolder(sourceDir);
  const g = new GraphBuilder(tfjsToGraphDef(model).node ?? []);
  const encoder = wrapEncoder(g);
  const signatures: Record<string, ISignatureDef> = {};
  const initOps: string[] = [];
  resizeBatch(g, encoder.embeddings, encoder.rowsFromIndices, ENCODE_IDS.outputs);
  signatures[ENCODE_IDS.signature] = ENCODE_IDS_SIGNATURE;

  const ctx: ExportContext = {
    sourceDir,
    graph: g,
    encoder,
    routeEncoderInputs(indices, values) {
      for (const [node, from, dims] of [[encoder.indicesInput, indices, [-1, 2]], [encoder.valuesInput, values, [-1]]] as const) {
        g.replace(node, 'PlaceholderWithDefault', [from], { dtype: attr.type(DT.INT32), shape: attr.shape([...dims]) });
      }
    },
    resizeBatch: (embeddings, batchSize, name) => resizeBatch(g, embeddings, batchSize, name),
    addSignature(key, signature) {
      if (signatures[key]) throw new Error(`signature '${key}' is defined twice`);
      signatures[key] = signature;
    },
    addInitOp: (node) => void initOps.push(node),
  };
  for (const extension of extensions) await extension.extend(ctx);
  let initOp: string | undefined;
  if (initOps.length) initOp = g.add('saved_model_init', 'NoOp', initOps.map((n) => `^${n}`));
  const graph = g.toGraphDef({ producer: TF25_GRAPH_DEF_VERSION, minConsumer: 0 });
  return { bytes: serializeSavedModel({ graph, signatures, initOp }), signatures: Object.keys(signatures).sort(), files: model.files };
}

export async function exportSavedModel(options: ExportOptions): Promise<ExportResult> {
  const extensions = options.extensions ?? DEFAULT_EXTENSIONS;
  await assertReplaceable(options.outDir);
  const built = await buildSavedModel(options.sourceDir, extensions);

  const source: Record<string, string> = {};
  const present = new Set(await readdir(options.sourceDir));
  for (const name of [...built.files, ...EXTRA_SOURCE_FILES.filter((f) => present.has(f))].sort()) {
    source[name] = sha256(await readFile(path.join(options.sourceDir, name)));
  }
  const outputs = { [SAVED_MODEL_PB]: { sha256: sha256(built.bytes), bytes: built.bytes.length } };
  const digestInput = JSON.stringify({ converterVersion: CONVERTER_VERSION, outputs, emptyDirs: [VARIABLES_DIR] });
  const artifactDigest = sha256(new TextEncoder().encode(digestInput));
  const manifest: ExportManifest = {
    converterVersion: CONVERTER_VERSION,
    extensions: extensions.map((e) => ({ name: e.name, version: e.version })),
    source,
    outputs,
    signatures: built.signatures,
    artifactDigest,
  };
  await writeSavedModelFolder(options.outDir, {
    [SAVED_MODEL_PB]: built.bytes,
    [MANIFEST_FILE]: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  });
  return { outDir: options.outDir, manifest, artifactDigest, savedModelBytes: built.bytes.length };
}
