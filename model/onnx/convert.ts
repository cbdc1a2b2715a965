// TF GraphDef → ONNX ModelProto bytes. Only the part of the graph that the requested outputs depend on is
// converted; every op in it must have a converter, otherwise conversion fails naming each op and node.
import { OnnxGraphBuilder } from './builder';
import { encodeModel, OnnxDType } from './onnx-schema';
import { ConversionError, onnxDTypeOf, OpContext } from './op-context';
import { elementwiseOps } from './ops/elementwise';
import { matmulOps } from './ops/matmul';
import { reduceOps } from './ops/reduce';
import { shapeOps } from './ops/shape';
import { sparseOps } from './ops/sparse';
import type { OpTable } from './ops/table';
import { decodeTensor, dtypeNumber, parseInputRef, shapeDims, tensorValues, type TfGraphDef, type TfNode } from './tf-graph';

export { ConversionError } from './op-context';

/** Bump when the emitted ONNX changes for the same input: it is part of the conversion cache key. */
export const CONVERTER_VERSION = '1';
export const OPSET = 18;
const IR_VERSION = 8;
/** Constants up to this many elements are kept as JS numbers for ops that need them at conversion time. */
const SMALL_CONSTANT = 64;

export const OPS: OpTable = { ...elementwiseOps, ...shapeOps, ...sparseOps, ...matmulOps, ...reduceOps };

export interface ConvertOptions {
  /** ONNX graph input name → TF tensor it feeds (a Placeholder), e.g. { indices: 'indices:0' }. */
  inputs: Record<string, string>;
  /** ONNX graph output name → TF tensor it exposes. */
  outputs: Record<string, string>;
}

function tensorKey(ref: string): string {
  const { node, output } = parseInputRef(ref);
  return `${node}:${output}`;
}

/** ONNX value name of a TF node's output; graph input/output names are reserved for the signature's keys. */
function valueName(node: string, output: number, reserved: Set<string>): string {
  const name = output === 0 ? node : `${node}:${output}`;
  return reserved.has(name) ? `${name}/tf` : name;
}

/** Nodes needed for `targets`, in an order where every node follows its inputs; feeds stop the walk. */
function requiredNodes(byName: Map<string, TfNode>, targets: string[], fedNodes: Set<string>): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: Array<{ name: string; next: number }> = [];
  const push = (name: string) => {
    if (state.has(name)) {
      if (state.get(name) === 'visiting') throw new ConversionError(`the graph has a cycle through node "${name}"`);
      return;
    }
    if (!byName.has(name)) throw new ConversionError(`node "${name}" is referenced but not in the graph`);
    state.set(name, 'visiting');
    stack.push({ name, next: 0 });
  };
  for (const t of targets) {
    push(parseInputRef(t).node);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const node = byName.get(top.name)!;
      const inputs = fedNodes.has(node.name) ? [] : (node.input ?? []).filter((r) => !r.startsWith('^'));
      if (top.next < inputs.length) {
        push(parseInputRef(inputs[top.next++]).node);
        continue;
      }
      stack.pop();
      state.set(node.name, 'done');
      order.push(node);
    }
  }
  return order;
}

/** For ops whose first input is not the one carrying the output's type. */
const VALUE_INPUT: Record<string, number> = { SelectV2: 1, Select: 1, Fill: 1, Concat: 1 };

function outputDType(node: TfNode): number | undefined {
  for (const key of node.op === 'Range' ? ['Tidx'] : ['T', 'dtype', 'DstT', 'out_type', 'Tparams']) {
    const t = node.attr?.[key]?.type;
    if (t !== undefined) return dtypeNumber(t);
  }
  if (['Less', 'Greater', 'LessEqual', 'GreaterEqual', 'Equal', 'NotEqual', 'LogicalNot', 'LogicalAnd', 'LogicalOr'].includes(node.op)) return 10;
  if (node.op === 'Where' && (node.input ?? []).length === 1) return 9;
  if (node.op === 'Shape') return 3;
  return undefined;
}

function valueInfo(name: string, elemType: number, dims: number[] | undefined) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: dims === undefined ? undefined : { dim: dims.map((d, i) => (d >= 0 ? { dimValue: d } : { dimParam: `${name}_dim${i}` })) },
      },
    },
  };
}

export function convertGraphDefToOnnx(graph: TfGraphDef, options: ConvertOptions): Uint8Array {
  const byName = new Map<string, TfNode>();
  for (const node of graph.node ?? []) {
    if (byName.has(node.name)) throw new ConversionError(`duplicate node name "${node.name}" in the GraphDef`);
    byName.set(node.name, node);
  }
  const feeds = new Map(Object.entries(options.inputs).map(([onnxName, tf]) => [tensorKey(tf), onnxName]));
  const fedNodes = new Set([...feeds.keys()].map((k) => parseInputRef(k).node));
  const order = requiredNodes(byName, Object.values(options.outputs), fedNodes);

  const unsupported = order.filter((n) => !fedNodes.has(n.name) && n.op !== 'Const' && n.op !== 'Placeholder' && !OPS[n.op]);
  if (unsupported.length > 0) {
    const list = unsupported.map((n) => `${n.op} (node "${n.name}")`).join(', ');
    throw new ConversionError(`unsupported TF op${unsupported.length > 1 ? 's' : ''}: ${list}. Supported: ${Object.keys(OPS).sort().join(', ')}`);
  }

  const reserved = new Set([...Object.keys(options.inputs), ...Object.keys(options.outputs)]);
  const b = new OnnxGraphBuilder();
  const values = new Map<string, string>(); // TF "node:k" → ONNX value name
  const graphInputs = [];
  for (const [onnxName, tf] of Object.entries(options.inputs)) {
    const node = byName.get(parseInputRef(tf).node);
    if (!node) throw new ConversionError(`input "${onnxName}" names TF tensor "${tf}", which is not in the graph`);
    if (node.op !== 'Placeholder') throw new ConversionError(`input "${onnxName}" must feed a Placeholder; "${node.name}" is a ${node.op}`);
    const dtype = onnxDTypeOf(dtypeNumber(node.attr?.dtype?.type), `placeholder "${node.name}"`);
    const dims = shapeDims(node.attr?.shape?.shape);
    graphInputs.push(valueInfo(onnxName, dtype, dims));
    b.setInfo(onnxName, { rank: dims?.length, dtype });
    values.set(tensorKey(tf), onnxName);
  }

  for (const node of order) {
    if (fedNodes.has(node.name)) continue;
    if (node.op === 'Placeholder') throw new ConversionError(`placeholder "${node.name}" is needed by the outputs but not fed by any input`);
    if (node.op === 'Const') {
      const tensor = node.attr?.value?.tensor;
      if (!tensor) throw new ConversionError(`Const node "${node.name}" has no value`);
      let decoded;
      try {
        decoded = decodeTensor(tensor);
      } catch (e) {
        throw new ConversionError(`Const node "${node.name}": ${(e as Error).message}`);
      }
      const small = decoded.data.length <= SMALL_CONSTANT ? tensorValues(decoded) : undefined;
      const name = valueName(node.name, 0, reserved);
      b.addInitializer(name, onnxDTypeOf(decoded.dtype, `Const node "${node.name}"`), decoded.dims, decoded.data, small);
      values.set(`${node.name}:0`, name);
      continue;
    }
    const inputs = (node.input ?? [])
      .filter((r) => !r.startsWith('^'))
      .map((r) => {
        const v = values.get(tensorKey(r));
        if (v === undefined) throw new ConversionError(`node "${node.name}" reads "${r}", which no converted node produces`);
        return v;
      });
    const outputCount = node.op === 'SplitV' || node.op === 'Split' ? Number(node.attr?.num_split?.i ?? 1) : 1;
    const outputs = Array.from({ length: outputCount }, (_, k) => valueName(node.name, k, reserved));
    OPS[node.op](new OpContext(node, b, inputs, outputs));
    outputs.forEach((v, k) => values.set(`${node.name}:${k}`, v));
    if (b.info.get(outputs[0])?.dtype === undefined) {
      const tf = outputDType(node);
      // Ops without a type attribute keep their first input's type (Identity, Pack of untyped inputs...).
      const dataInput = VALUE_INPUT[node.op] ?? 0;
      const dtype = tf === undefined ? b.info.get(inputs[dataInput])?.dtype : onnxDTypeOf(tf, `TF node "${node.name}"`);
      if (dtype !== undefined) outputs.forEach((v) => b.setInfo(v, { dtype }));
    }
  }

  const graphOutputs = [];
  for (const [onnxName, tf] of Object.entries(options.outputs)) {
    const v = values.get(tensorKey(tf));
    if (v === undefined) throw new ConversionError(`output "${onnxName}" names TF tensor "${tf}", which is not produced`);
    b.addNode(`${onnxName}/output`, 'Identity', [v], [onnxName]);
    const producer = byName.get(parseInputRef(tf).node)!;
    const dt = b.info.get(v)?.dtype ?? onnxDTypeOf(outputDType(producer) ?? 1, `output "${onnxName}"`);
    graphOutputs.push(valueInfo(onnxName, dt, undefined));
  }

  // Drop initializers nothing reads (e.g. a Conv2D kernel replaced by its 2-D MatMul copy).
  const used = new Set(b.nodes.flatMap((n) => n.input));
  const initializer = b.initializers.filter((t) => used.has(t.name));

  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'vertex-embeddings-stack model/onnx',
    producerVersion: CONVERTER_VERSION,
    graph: {
      name: 'tf_graphdef',
      node: b.nodes,
      initializer,
      input: graphInputs,
      output: graphOutputs,
    },
  });
}

export { OnnxDType };
