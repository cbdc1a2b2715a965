/**
 * Reads a SavedModel back (for the local executor and the ONNX converter): parses `saved_model.pb`, returns
 * the `serve` MetaGraph's GraphDef and signatures, and can cut out the sub-graph behind one signature
 * (the nodes its outputs need, stopping at its inputs), e.g. the encoder behind `encode_ids`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeMessage, SavedModel, type IGraphDef, type IMetaGraphDef, type INodeDef, type ISavedModel, type ISignatureDef } from '../proto';
import { SAVED_MODEL_PB, SERVE_TAG } from './write';

export interface LoadedSavedModel {
  metaGraph: IMetaGraphDef;
  graph: IGraphDef;
  signatures: Record<string, ISignatureDef>;
}

export function parseSavedModel(bytes: Uint8Array, where = SAVED_MODEL_PB): LoadedSavedModel {
  const saved = decodeMessage<ISavedModel>(SavedModel, bytes);
  const metaGraph = (saved.metaGraphs ?? []).find((m) => (m.metaInfoDef?.tags ?? []).includes(SERVE_TAG));
  if (!metaGraph) throw new Error(`${where}: no MetaGraphDef tagged '${SERVE_TAG}'`);
  return { metaGraph, graph: metaGraph.graphDef ?? {}, signatures: metaGraph.signatureDef ?? {} };
}

export async function readSavedModel(dir: string): Promise<LoadedSavedModel> {
  const file = path.join(dir, SAVED_MODEL_PB);
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${err.code ?? err.message} (is ${dir} a SavedModel folder?)`);
  });
  return parseSavedModel(bytes, file);
}

/** `name:0` / `name` / `^name` → `name`. */
export function nodeNameOf(tensor: string): string {
  return tensor.replace(/^\^/, '').replace(/:\d+$/, '');
}

/**
 * The nodes a signature's outputs depend on, in graph order, with the nodes the signature feeds kept as
 * they are (their upstream, if any, is dropped: a fed PlaceholderWithDefault is turned into a Placeholder).
 */
export function signatureSubgraph(loaded: LoadedSavedModel, key: string): { graph: IGraphDef; signature: ISignatureDef } {
  const signature = loaded.signatures[key];
  if (!signature) {
    throw new Error(`signature '${key}' not found; the SavedModel has: ${Object.keys(loaded.signatures).sort().join(', ')}`);
  }
  const nodes = loaded.graph.node ?? [];
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const fed = new Set(Object.values(signature.inputs ?? {}).map((t) => nodeNameOf(t.name ?? '')));
  const keep = new Set<string>();
  const stack = Object.values(signature.outputs ?? {}).map((t) => nodeNameOf(t.name ?? ''));
  while (stack.length) {
    const name = stack.pop()!;
    if (keep.has(name)) continue;
    const node = byName.get(name);
    if (!node) throw new Error(`signature '${key}' needs node '${name}', which the graph does not have`);
    keep.add(name);
    if (!fed.has(name)) for (const input of node.input ?? []) stack.push(nodeNameOf(input));
  }
  const picked: INodeDef[] = nodes
    .filter((n) => keep.has(n.name))
    .map((n) => (fed.has(n.name) && n.op === 'PlaceholderWithDefault' ? { ...n, op: 'Placeholder', input: [], attr: { dtype: n.attr!.dtype, shape: n.attr!.shape } } : n));
  return { graph: { node: picked, versions: loaded.graph.versions, library: loaded.graph.library }, signature };
}
