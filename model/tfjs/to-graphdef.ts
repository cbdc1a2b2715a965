/**
 * tfjs graph model → TensorFlow GraphDef that computes exactly what the tfjs graph computes.
 *
 * - Every topology node is kept, with its name, inputs and every attr (converted by `attrs.ts`).
 * - Const nodes whose value lives in the weight shards get it back as `tensor_content`. tfjs stores int64
 *   constants as int32 bytes (it has no int64); the node's own `dtype` attr says int64, so those are widened
 *   back (sign-extended) — TF would otherwise reject the graph or misread the bytes.
 * - Ops are checked against the list below (the ops of USE lite, verified in TF): an op outside it is an
 *   error naming the op and the node, never a guess. Renames are where TF's op differs from the tfjs name.
 */
import { DT, type IAttrValue, type IGraphDef, type INodeDef, type ITensor } from '../proto';
import { convertAttr } from './attrs';
import { elementCount, type TfjsJsonNode, type TfjsModel, type TfjsWeight } from './model-folder';

/** Ops this converter maps, each to the TF op that has the same semantics (see model/SPEC.md for notes). */
export const SUPPORTED_OPS: Readonly<Record<string, string>> = Object.freeze({
  Add: 'Add',
  // tfjs executes BatchMatMul with broadcasting (V2 semantics); V2 exists since TF 1.14, so it is the faithful op.
  BatchMatMul: 'BatchMatMulV2',
  BatchMatMulV2: 'BatchMatMulV2',
  BiasAdd: 'BiasAdd',
  Cast: 'Cast',
  ConcatV2: 'ConcatV2',
  Const: 'Const',
  Conv2D: 'Conv2D',
  Cos: 'Cos',
  ExpandDims: 'ExpandDims',
  GatherNd: 'GatherNd',
  GatherV2: 'GatherV2',
  Greater: 'Greater',
  Identity: 'Identity',
  Less: 'Less',
  LogicalNot: 'LogicalNot',
  MatMul: 'MatMul',
  Max: 'Max',
  Maximum: 'Maximum',
  Mean: 'Mean',
  Mul: 'Mul',
  Pack: 'Pack',
  Placeholder: 'Placeholder',
  Prod: 'Prod',
  Range: 'Range',
  RealDiv: 'RealDiv',
  Relu: 'Relu',
  Reshape: 'Reshape',
  Rsqrt: 'Rsqrt',
  ScatterNd: 'ScatterNd',
  Shape: 'Shape',
  Sin: 'Sin',
  Slice: 'Slice',
  Softmax: 'Softmax',
  SparseToDense: 'SparseToDense',
  SplitV: 'SplitV',
  Square: 'Square',
  Squeeze: 'Squeeze',
  StridedSlice: 'StridedSlice',
  Sub: 'Sub',
  Sum: 'Sum',
  Tanh: 'Tanh',
  Transpose: 'Transpose',
  Where: 'Where',
});

export class UnsupportedOpError extends Error {
  constructor(readonly op: string, readonly node: string) {
    super(`unsupported op '${op}' at node '${node}': the converter maps only ${Object.keys(SUPPORTED_OPS).join(', ')}`);
  }
}

const WEIGHT_DTYPE: Record<TfjsWeight['entry']['dtype'], number> = { float32: DT.FLOAT, int32: DT.INT32, bool: DT.BOOL };

/** int32 little-endian bytes → int64 little-endian bytes (sign-extended). */
export function widenInt32ToInt64(int32Bytes: Uint8Array): Uint8Array {
  const src = new DataView(int32Bytes.buffer, int32Bytes.byteOffset, int32Bytes.byteLength);
  const out = new Uint8Array(int32Bytes.byteLength * 2);
  const dst = new DataView(out.buffer);
  for (let i = 0; i < int32Bytes.byteLength / 4; i++) dst.setBigInt64(i * 8, BigInt(src.getInt32(i * 4, true)), true);
  return out;
}

function constValue(node: TfjsJsonNode, tensor: ITensor, weight: TfjsWeight): ITensor {
  const want = tensor.dtype ?? 0;
  const have = WEIGHT_DTYPE[weight.entry.dtype];
  const dims = (tensor.tensorShape?.dim ?? []).map((d) => Number(d.size));
  if (dims.join(',') !== weight.entry.shape.join(',') || elementCount(dims) !== elementCount(weight.entry.shape)) {
    throw new Error(`node '${node.name}': Const shape [${dims}] differs from its weight's shape [${weight.entry.shape}]`);
  }
  let content: Uint8Array;
  if (want === have) content = Uint8Array.from(weight.bytes);
  else if (want === DT.INT64 && have === DT.INT32) content = widenInt32ToInt64(weight.bytes);
  else throw new Error(`node '${node.name}': Const of dtype ${want} cannot take a ${weight.entry.dtype} weight`);
  return { dtype: want, tensorShape: tensor.tensorShape, tensorContent: content };
}

function sortedAttrs(attrs: Record<string, IAttrValue>): Record<string, IAttrValue> {
  return Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
}

export function convertNode(node: TfjsJsonNode, weights: Map<string, TfjsWeight>): INodeDef {
  const op = SUPPORTED_OPS[node.op];
  if (!op) throw new UnsupportedOpError(node.op, node.name);
  const attr: Record<string, IAttrValue> = {};
  for (const [key, value] of Object.entries(node.attr ?? {})) {
    attr[key] = convertAttr(value, `node '${node.name}' attr '${key}'`);
  }
  if (node.op === 'Const') {
    const weight = weights.get(node.name);
    const tensor = attr.value?.tensor;
    if (!tensor) throw new Error(`node '${node.name}': Const without a value attr`);
    if (weight) attr.value = { tensor: constValue(node, tensor, weight) };
    else if (!tensor.tensorContent && !tensor.floatVal && !tensor.intVal && !tensor.int64Val && !tensor.boolVal && !tensor.doubleVal) {
      if (elementCount((tensor.tensorShape?.dim ?? []).map((d) => Number(d.size))) !== 0) {
        throw new Error(`node '${node.name}': Const has no inline value and no weight in the manifest`);
      }
    }
  }
  const out: INodeDef = { name: node.name, op, input: [...(node.input ?? [])], attr: sortedAttrs(attr) };
  if (node.device) out.device = node.device;
  return out;
}

/** The whole topology as a GraphDef (versions are set by the SavedModel writer). */
export function tfjsToGraphDef(model: TfjsModel): IGraphDef {
  const names = new Set(model.nodes.map((n) => n.name));
  for (const name of model.weights.keys()) {
    if (!names.has(name)) throw new Error(`weight '${name}' has no Const node in the topology`);
  }
  const node = model.nodes.map((n) => convertNode(n, model.weights));
  for (const n of node) {
    for (const input of n.input ?? []) {
      const source = input.replace(/^\^/, '').replace(/:\d+$/, '');
      if (!names.has(source)) throw new Error(`node '${n.name}' reads '${input}', which is not in the topology`);
    }
  }
  return { node };
}
