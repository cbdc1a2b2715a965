// A typed layer over GraphDef node building for the in-graph tokenizer: every tensor carries its dtype, so each
// op gets exactly the attrs TensorFlow requires, and the same code writes nodes into the main graph or into a
// FunctionDef (While loop bodies), whose output references have a different syntax (`node:arg:index`).
import { DataType, DT, type IAttrValue, type IFunctionDef, type INodeDef, type ITensor } from '../../proto';
import { attr, tensorOf, type GraphBuilder } from '../../savedmodel/graph-builder';

export interface Tensor {
  ref: string;
  dtype: number;
}

type Input = Tensor | string;

/** Output argument names of the ops used inside functions (FunctionDef references name the output arg). */
const OUTPUT_ARGS: Record<string, string[]> = {
  Const: ['output'], Identity: ['output'], Placeholder: ['output'], AddV2: ['z'], Sub: ['z'], Mul: ['z'],
  Maximum: ['z'], Minimum: ['z'], FloorDiv: ['z'], Equal: ['z'], NotEqual: ['z'], Less: ['z'], LessEqual: ['z'],
  Greater: ['z'], GreaterEqual: ['z'], LogicalAnd: ['z'], LogicalOr: ['z'], LogicalNot: ['y'], SelectV2: ['output'],
  Cast: ['y'], GatherV2: ['output'], Cumsum: ['out'], LowerBound: ['output'], UpperBound: ['output'],
  Range: ['output'], Size: ['output'], Shape: ['output'], Reshape: ['output'], ExpandDims: ['output'],
  ConcatV2: ['output'], Pack: ['output'], Unpack: ['output'], Sum: ['output'], Max: ['output'], Any: ['output'],
  Where: ['index'], TensorScatterUpdate: ['output'], Slice: ['output'], ZerosLike: ['y'], Fill: ['output'],
  UnsortedSegmentSum: ['output'], TopKV2: ['values', 'indices'], UnicodeDecode: ['row_splits', 'char_values'],
  While: ['output'], Transpose: ['y'], ReverseV2: ['output'], EmptyTensorList: ['handle'],
  TensorListPushBack: ['output_handle'], TensorListStack: ['tensor'],
};

/** Where nodes go: the main graph (through the export's GraphBuilder) or a function body. */
export interface NodeSink {
  add(node: INodeDef): void;
  /** reference to output `index` of `node` (an op of type `op`) */
  ref(node: string, op: string, index: number): string;
}

export function graphSink(g: GraphBuilder): NodeSink {
  return {
    add: (n) => void g.add(n.name, n.op, n.input ?? [], n.attr ?? {}),
    ref: (node, _op, index) => (index === 0 ? node : `${node}:${index}`),
  };
}

export function functionSink(nodes: INodeDef[]): NodeSink {
  return {
    add: (n) => void nodes.push({ ...n, attr: Object.fromEntries(Object.keys(n.attr ?? {}).sort().map((k) => [k, n.attr![k]])) }),
    ref: (node, op, index) => {
      const args = OUTPUT_ARGS[op];
      if (!args) throw new Error(`ops: output argument names of '${op}' are unknown (add them to OUTPUT_ARGS)`);
      return args.length > 1 ? `${node}:${args[index]}:0` : `${node}:${args[0]}:${index}`;
    },
  };
}

const t = attr.type;
const i32 = DT.INT32;
const i64 = DT.INT64;
const f64 = DT.DOUBLE;
const bool = DT.BOOL;

function constTensor(dtype: number, shape: number[], values: ArrayLike<number>): ITensor {
  if (dtype !== f64) return tensorOf(dtype, shape, values);
  const content = new Uint8Array(Float64Array.from(values).buffer);
  return { dtype, tensorShape: { dim: shape.map((size) => ({ size })) }, tensorContent: content };
}

/** Builds ops under one name scope; names are numbered in creation order, so the bytes are deterministic. */
export class Ops {
  private count = 0;
  constructor(private readonly sink: NodeSink, readonly scope: string) {}

  node(op: string, inputs: Input[], attrs: Record<string, IAttrValue>, outDtypes: number[], hint = op): Tensor[] {
    const name = `${this.scope}/${hint}_${this.count++}`;
    this.sink.add({ name, op, input: inputs.map((x) => (typeof x === 'string' ? x : x.ref)), attr: attrs });
    return outDtypes.map((dtype, i) => ({ ref: this.sink.ref(name, op, i), dtype }));
  }
  private one(op: string, inputs: Input[], attrs: Record<string, IAttrValue>, dtype: number, hint?: string): Tensor {
    return this.node(op, inputs, attrs, [dtype], hint)[0];
  }

  // ---- constants ----
  const(dtype: number, shape: number[], values: ArrayLike<number>, hint = 'const'): Tensor {
    return this.one('Const', [], { dtype: t(dtype), value: { tensor: constTensor(dtype, shape, values) } }, dtype, hint);
  }
  scalar(dtype: number, value: number, hint = 'scalar'): Tensor {
    return this.const(dtype, [], [value], hint);
  }
  vector(dtype: number, values: ArrayLike<number>, hint = 'table'): Tensor {
    return this.const(dtype, [values.length], values, hint);
  }

  // ---- elementwise ----
  private binary(op: string, a: Tensor, b: Tensor, out = a.dtype): Tensor {
    if (a.dtype !== b.dtype) throw new Error(`ops: ${op} of ${a.ref} (dtype ${a.dtype}) and ${b.ref} (dtype ${b.dtype})`);
    return this.one(op, [a, b], { T: t(a.dtype) }, out);
  }
  add(a: Tensor, b: Tensor) { return this.binary('AddV2', a, b); }
  sub(a: Tensor, b: Tensor) { return this.binary('Sub', a, b); }
  mul(a: Tensor, b: Tensor) { return this.binary('Mul', a, b); }
  max(a: Tensor, b: Tensor) { return this.binary('Maximum', a, b); }
  min(a: Tensor, b: Tensor) { return this.binary('Minimum', a, b); }
  floorDiv(a: Tensor, b: Tensor) { return this.binary('FloorDiv', a, b); }
  less(a: Tensor, b: Tensor) { return this.binary('Less', a, b, bool); }
  lessEqual(a: Tensor, b: Tensor) { return this.binary('LessEqual', a, b, bool); }
  greater(a: Tensor, b: Tensor) { return this.binary('Greater', a, b, bool); }
  greaterEqual(a: Tensor, b: Tensor) { return this.binary('GreaterEqual', a, b, bool); }
  equal(a: Tensor, b: Tensor) {
    return this.one('Equal', [a, b], { T: t(a.dtype), incompatible_shape_error: attr.bool(true) }, bool);
  }
  and(a: Tensor, b: Tensor) { return this.one('LogicalAnd', [a, b], {}, bool); }
  or(a: Tensor, b: Tensor) { return this.one('LogicalOr', [a, b], {}, bool); }
  not(a: Tensor) { return this.one('LogicalNot', [a], {}, bool); }
  select(cond: Tensor, a: Tensor, b: Tensor) { return this.one('SelectV2', [cond, a, b], { T: t(a.dtype) }, a.dtype); }
  cast(a: Tensor, dtype: number) {
    if (a.dtype === dtype) return a;
    return this.one('Cast', [a], { SrcT: t(a.dtype), DstT: t(dtype), Truncate: attr.bool(false) }, dtype);
  }
  identity(a: Tensor, hint?: string) { return this.one('Identity', [a], { T: t(a.dtype) }, a.dtype, hint); }

  // ---- shapes and indexing ----
  gather(params: Tensor, indices: Tensor, axis = 0): Tensor {
    const ax = this.scalar(i32, axis, 'axis');
    return this.one('GatherV2', [params, indices, ax], { Tparams: t(params.dtype), Tindices: t(indices.dtype), Taxis: t(i32), batch_dims: attr.int(0) }, params.dtype);
  }
  size(a: Tensor) { return this.one('Size', [a], { T: t(a.dtype), out_type: t(i32) }, i32); }
  shape(a: Tensor) { return this.one('Shape', [a], { T: t(a.dtype), out_type: t(i32) }, i32); }
  reshape(a: Tensor, dims: number[] | Tensor) {
    const shape = Array.isArray(dims) ? this.vector(i32, dims, 'shape') : dims;
    return this.one('Reshape', [a, shape], { T: t(a.dtype), Tshape: t(i32) }, a.dtype);
  }
  expandDims(a: Tensor, axis: number) {
    return this.one('ExpandDims', [a, this.scalar(i32, axis, 'axis')], { T: t(a.dtype), Tdim: t(i32) }, a.dtype);
  }
  concat(parts: Tensor[], axis = 0) {
    return this.one('ConcatV2', [...parts, this.scalar(i32, axis, 'axis')], { N: attr.int(parts.length), T: t(parts[0].dtype), Tidx: t(i32) }, parts[0].dtype);
  }
  pack(parts: Tensor[], axis = 0) {
    return this.one('Pack', parts, { N: attr.int(parts.length), T: t(parts[0].dtype), axis: attr.int(axis) }, parts[0].dtype);
  }
  unpack(a: Tensor, num: number, axis: number): Tensor[] {
    return this.node('Unpack', [a], { num: attr.int(num), T: t(a.dtype), axis: attr.int(axis) }, Array(num).fill(a.dtype));
  }
  /** a[begin : begin + size] along axis 0 of a vector (size -1 = to the end) */
  slice(a: Tensor, begin: Tensor, size: Tensor) {
    return this.one('Slice', [a, this.reshape(begin, [1]), this.reshape(size, [1])], { T: t(a.dtype), Index: t(i32) }, a.dtype);
  }
  range(start: Tensor, limit: Tensor, delta: Tensor) {
    return this.one('Range', [start, limit, delta], { Tidx: t(start.dtype) }, start.dtype);
  }
  fill(dims: Tensor, value: Tensor) {
    return this.one('Fill', [dims, value], { T: t(value.dtype), index_type: t(dims.dtype) }, value.dtype);
  }
  zerosLike(a: Tensor) { return this.one('ZerosLike', [a], { T: t(a.dtype) }, a.dtype); }
  /** int64 [n, 1] coordinates of true elements of a bool vector */
  where(a: Tensor) { return this.one('Where', [a], { T: t(a.dtype) }, i64); }

  // ---- reductions and scans (over axis `axis`, default all of a vector) ----
  private reduce(op: string, a: Tensor, axis: number, out = a.dtype) {
    const attrs: Record<string, IAttrValue> = { Tidx: t(i32), keep_dims: attr.bool(false) };
    if (op !== 'Any') attrs.T = t(a.dtype);
    return this.one(op, [a, this.scalar(i32, axis, 'axis')], attrs, out);
  }
  sum(a: Tensor, axis = 0) { return this.reduce('Sum', a, axis); }
  reduceMax(a: Tensor, axis = 0) { return this.reduce('Max', a, axis); }
  any(a: Tensor, axis = 0) { return this.reduce('Any', a, axis, bool); }
  cumsum(a: Tensor, exclusive = false) {
    return this.one('Cumsum', [a, this.scalar(i32, 0, 'axis')], { T: t(a.dtype), Tidx: t(i32), exclusive: attr.bool(exclusive), reverse: attr.bool(false) }, a.dtype);
  }
  /** for each value, how many sorted entries are < it (lower) or <= it (upper); 1-D in and out */
  private bound(op: string, sorted: Tensor, values: Tensor) {
    const out = this.one(op, [this.expandDims(sorted, 0), this.expandDims(values, 0)], { T: t(sorted.dtype), out_type: t(i32) }, i32);
    return this.reshape(out, [-1]);
  }
  lowerBound(sorted: Tensor, values: Tensor) { return this.bound('LowerBound', sorted, values); }
  upperBound(sorted: Tensor, values: Tensor) { return this.bound('UpperBound', sorted, values); }
  topK(a: Tensor, k: Tensor): [Tensor, Tensor] {
    const [values, indices] = this.node('TopKV2', [a, k], { T: t(a.dtype), sorted: attr.bool(true) }, [a.dtype, i32]);
    return [values, indices];
  }
  transpose(a: Tensor, perm: number[]) {
    return this.one('Transpose', [a, this.vector(i32, perm, 'perm')], { T: t(a.dtype), Tperm: t(i32) }, a.dtype);
  }
  reverse(a: Tensor, axis: number) {
    return this.one('ReverseV2', [a, this.vector(i32, [axis], 'axis')], { T: t(a.dtype), Tidx: t(i32) }, a.dtype);
  }

  // ---- tensor lists: O(1) appends inside loops (what TF's own while_v2 accumulates with) ----
  emptyList(elementShape: Tensor, elementDtype: number) {
    return this.one('EmptyTensorList', [elementShape, this.scalar(i32, -1, 'unbounded')], { element_dtype: t(elementDtype), shape_type: t(i32) }, DataType.DT_VARIANT);
  }
  pushBack(list: Tensor, value: Tensor) {
    return this.one('TensorListPushBack', [list, value], { element_dtype: t(value.dtype) }, DataType.DT_VARIANT);
  }
  /** [count, ...elementShape]; `elementShape` must be fully defined so that an empty list stacks too */
  stack(list: Tensor, elementShape: Tensor, elementDtype: number) {
    return this.one('TensorListStack', [list, elementShape], { element_dtype: t(elementDtype), num_elements: attr.int(-1) }, elementDtype);
  }

  scatterUpdate(a: Tensor, indices: Tensor, updates: Tensor) {
    return this.one('TensorScatterUpdate', [a, indices, updates], { T: t(a.dtype), Tindices: t(indices.dtype) }, a.dtype);
  }
  segmentSum(data: Tensor, segmentIds: Tensor, count: Tensor) {
    return this.one('UnsortedSegmentSum', [data, segmentIds, count], { T: t(data.dtype), Tindices: t(segmentIds.dtype), Tnumsegments: t(count.dtype) }, data.dtype);
  }
}

// ---- While loops with FunctionDef bodies ----

export interface LoopSpec {
  name: string;
  /** the loop variables' initial values, in order */
  vars: Tensor[];
  /** builds the condition from the loop variables (scalar bool) */
  cond: (ops: Ops, vars: Tensor[]) => Tensor;
  /** builds the next loop variables, same order and dtypes */
  body: (ops: Ops, vars: Tensor[]) => Tensor[];
}

function functionDef(name: string, inputs: Tensor[], build: (ops: Ops, args: Tensor[]) => Tensor[], outDtypes: number[]): IFunctionDef {
  const nodeDef: INodeDef[] = [];
  const ops = new Ops(functionSink(nodeDef), name);
  const args = inputs.map((v, i) => ({ ref: `arg${i}`, dtype: v.dtype }));
  const results = build(ops, args);
  const outputArg = results.map((_, i) => ({ name: `out${i}`, type: outDtypes[i] }));
  // A function's result must be produced by a node: route arguments returned unchanged through Identity.
  const ret = Object.fromEntries(results.map((r, i) => [`out${i}`, r.ref.startsWith('arg') ? ops.identity(r).ref : r.ref]));
  return {
    signature: { name, inputArg: args.map((a) => ({ name: a.ref, type: a.dtype })), outputArg },
    nodeDef,
    ret,
  };
}

/** A `While` node whose cond/body FunctionDefs go into the graph library; returns the final loop variables. */
export function whileLoop(ops: Ops, functions: IFunctionDef[], spec: LoopSpec): Tensor[] {
  const dtypes = spec.vars.map((v) => v.dtype);
  functions.push(functionDef(`${spec.name}_cond`, spec.vars, (o, a) => [spec.cond(o, a)], [bool]));
  functions.push(
    functionDef(`${spec.name}_body`, spec.vars, (o, a) => {
      const next = spec.body(o, a);
      next.forEach((n, i) => {
        if (n.dtype !== dtypes[i]) throw new Error(`${spec.name}: loop variable ${i} changes dtype ${dtypes[i]} → ${n.dtype}`);
      });
      return next;
    }, dtypes),
  );
  return ops.node('While', spec.vars, {
    T: { list: { type: dtypes } },
    cond: { func: { name: `${spec.name}_cond` } },
    body: { func: { name: `${spec.name}_body` } },
    output_shapes: { list: { shape: dtypes.map(() => ({ unknownRank: true })) } },
    parallel_iterations: attr.int(1),
  }, dtypes, 'while');
}

export const DTYPES = { i32, i64, f64, bool, string: DT.STRING } as const;
