/**
 * Writes a TF1-style SavedModel: `saved_model.pb` holding one MetaGraphDef tagged `serve` (the whole graph,
 * weights as Const tensor_content, the signatures) and an empty `variables/` folder (no variables: TF's loader
 * and TF Serving skip the restore when `variables/variables.index` is absent).
 *
 * Compatibility: only ops that exist in TF 2.5 are used (checked by `assertOpsAvailable`), and the GraphDef
 * declares producer = TF 2.5's GraphDef version with min_consumer 0, so Vertex's prebuilt tf2-cpu/gpu.2-x
 * containers (TF Serving ≥ 2.5) accept it. Default-valued attrs may be omitted (`stripped_default_attrs`), and
 * the loader fills them in.
 *
 * Deterministic bytes: protobufjs writes fields in field-number order and maps in insertion order, and every
 * map here is built in sorted key order; nothing time- or host-dependent is written.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { encodeMessage, SavedModel, type IGraphDef, type IMetaGraphDef, type ISignatureDef } from '../proto';

export const SAVED_MODEL_PB = 'saved_model.pb';
export const VARIABLES_DIR = 'variables';
export const SERVE_TAG = 'serve';
/** TF_GRAPH_DEF_VERSION of TensorFlow 2.5.0: the oldest runtime the artifact targets. */
export const TF25_GRAPH_DEF_VERSION = 716;
export const TARGET_TF_VERSION = '2.5.0';
export const PREDICT_METHOD = 'tensorflow/serving/predict';
/** The key TF ≥ 2.0 loaders read the init op from (run once after loading, e.g. to fill lookup tables). */
export const INIT_OP_SIGNATURE_KEY = '__saved_model_init_op';

/**
 * Ops this artifact may use: all present in TF 2.5 (a new op must be checked against TF 2.5 before adding).
 * Added by the tokenizer (issue #6): TopKV2 (NFKC canonical reordering) and EmptyTensorList/TensorListPushBack/
 * TensorListStack (O(1) appends in its While loops, as TF's while_v2 does); all exist since TF 1.13.
 */
export const TF25_OPS = new Set([
  'Abs', 'Add', 'AddV2', 'All', 'Any', 'ArgMax', 'ArgMin', 'Assert', 'BatchMatMulV2', 'BiasAdd', 'BitwiseAnd', 'BitwiseOr',
  'BroadcastTo', 'Bucketize', 'Cast', 'Ceil', 'ConcatV2', 'Const', 'Conv2D', 'Cos', 'Cumsum', 'DecodeBase64', 'Equal',
  'ExpandDims', 'Fill', 'Floor', 'FloorDiv', 'FloorMod', 'GatherNd', 'GatherV2', 'Greater', 'GreaterEqual',
  'HashTableV2', 'Identity', 'IdentityN', 'If', 'LeftShift', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalNot',
  'LogicalOr', 'LookupTableFindV2', 'LookupTableImportV2', 'LowerBound', 'MatMul', 'Max', 'Maximum', 'Mean', 'Min',
  'Minimum', 'Mul', 'Neg', 'NoOp', 'NotEqual', 'OneHot', 'Pack', 'Pad', 'PadV2', 'PartitionedCall', 'Placeholder',
  'PlaceholderWithDefault', 'Prod', 'Range', 'RaggedTensorToSparse', 'RealDiv', 'Relu', 'Reshape', 'ReverseV2',
  'RightShift', 'Rsqrt', 'ScatterNd', 'SegmentMax', 'SegmentMin', 'SegmentSum', 'Select', 'SelectV2', 'Shape', 'Sin',
  'Size', 'Slice', 'Softmax', 'SparseToDense', 'SplitV', 'Square', 'Squeeze', 'StatefulPartitionedCall',
  'StatelessIf', 'StatelessWhile', 'StridedSlice', 'StringJoin', 'StringLength', 'StringSplitV2', 'StringToHashBucketFast',
  'Sub', 'Substr', 'Sum', 'Tanh', 'TensorScatterUpdate', 'Tile', 'TopKV2', 'Transpose',
  'EmptyTensorList', 'TensorListPushBack', 'TensorListStack', 'UnicodeDecode', 'UnicodeDecodeWithOffsets',
  'UnicodeEncode', 'UnicodeTranscode', 'Unique', 'Unpack', 'UnsortedSegmentMax', 'UnsortedSegmentMin',
  'UnsortedSegmentSum', 'UpperBound', 'Where', 'While', 'ZerosLike',
]);

export interface SavedModelParts {
  graph: IGraphDef;
  signatures: Record<string, ISignatureDef>;
  /** Node to run once after loading (a NoOp with control inputs), if any. */
  initOp?: string;
}

export function assertOpsAvailable(graph: IGraphDef): void {
  const nodes = [...(graph.node ?? []), ...(graph.library?.function ?? []).flatMap((f) => f.nodeDef ?? [])];
  const functions = new Set((graph.library?.function ?? []).map((f) => f.signature?.name));
  for (const node of nodes) {
    if (!TF25_OPS.has(node.op) && !functions.has(node.op)) {
      throw new Error(`node '${node.name}' uses op '${node.op}', which is not on the TF 2.5 op list of model/savedmodel/write.ts`);
    }
  }
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

function sortedSignature(sig: ISignatureDef): ISignatureDef {
  return { inputs: sortedRecord(sig.inputs ?? {}), outputs: sortedRecord(sig.outputs ?? {}), methodName: sig.methodName ?? PREDICT_METHOD };
}

/** The serialized saved_model.pb for these parts. */
export function serializeSavedModel(parts: SavedModelParts): Uint8Array {
  assertOpsAvailable(parts.graph);
  const signatures: Record<string, ISignatureDef> = {};
  for (const key of Object.keys(parts.signatures)) signatures[key] = sortedSignature(parts.signatures[key]);
  if (parts.initOp) signatures[INIT_OP_SIGNATURE_KEY] = { outputs: { [INIT_OP_SIGNATURE_KEY]: { name: parts.initOp } } };
  const metaGraph: IMetaGraphDef = {
    metaInfoDef: { metaGraphVersion: '', tags: [SERVE_TAG], tensorflowVersion: TARGET_TF_VERSION, strippedDefaultAttrs: true },
    graphDef: parts.graph,
    signatureDef: sortedRecord(signatures),
  };
  if (parts.initOp) metaGraph.collectionDef = { saved_model_main_op: { nodeList: { value: [parts.initOp] } } };
  return encodeMessage(SavedModel, { savedModelSchemaVersion: 1, metaGraphs: [metaGraph] });
}

/**
 * Write the SavedModel folder atomically: built in a sibling temp folder, then renamed over `outDir`, so a
 * failed export never leaves a half-written model behind. Extra files (e.g. a manifest) go in beside it.
 */
export async function writeSavedModelFolder(outDir: string, files: Record<string, Uint8Array>): Promise<void> {
  const staging = `${outDir.replace(/[\\/]+$/, '')}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(path.join(staging, VARIABLES_DIR), { recursive: true });
    for (const name of Object.keys(files).sort()) {
      await mkdir(path.dirname(path.join(staging, name)), { recursive: true });
      await writeFile(path.join(staging, name), files[name]);
    }
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
