/**
 * A small helper for appending nodes to a GraphDef by hand (the encoder wrapper, signature tails, and the
 * tokenizer's in-graph parts). It writes every attr an op needs without defaults, refuses duplicate names, and
 * keeps insertion order so the serialized bytes are deterministic.
 */
import { DT, type IAttrValue, type IFunctionDef, type IGraphDef, type INodeDef, type ITensor } from '../proto';

export const attr = {
  type: (dtype: number): IAttrValue => ({ type: dtype }),
  int: (i: number): IAttrValue => ({ i }),
  bool: (b: boolean): IAttrValue => ({ b }),
  float: (f: number): IAttrValue => ({ f }),
  str: (s: string): IAttrValue => ({ s: new TextEncoder().encode(s) }),
  shape: (dims: number[] | null): IAttrValue => ({ shape: dims === null ? { unknownRank: true } : { dim: dims.map((size) => ({ size })) } }),
  ints: (values: number[]): IAttrValue => ({ list: { i: values } }),
};

/** TensorProto for a small constant (little-endian tensor_content). */
export function tensorOf(dtype: number, shape: number[], values: ArrayLike<number> | ArrayLike<bigint>): ITensor {
  const count = shape.reduce((a, b) => a * b, 1);
  if (values.length !== count) throw new Error(`tensor of shape [${shape}] needs ${count} values, got ${values.length}`);
  let content: Uint8Array;
  if (dtype === DT.INT32) content = new Uint8Array(Int32Array.from(values as ArrayLike<number>).buffer);
  else if (dtype === DT.FLOAT) content = new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
  else if (dtype === DT.INT64) content = new Uint8Array(BigInt64Array.from(Array.from(values as ArrayLike<number>, (v) => BigInt(v))).buffer);
  else if (dtype === DT.BOOL) content = Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  else throw new Error(`tensorOf: dtype ${dtype} not supported (int32, int64, float, bool)`);
  return { dtype, tensorShape: { dim: shape.map((size) => ({ size })) }, tensorContent: content };
}

export class GraphBuilder {
  readonly nodes: INodeDef[];
  readonly functions: IFunctionDef[] = [];
  private readonly names: Set<string>;
  private readonly index = new Map<string, INodeDef>();

  constructor(nodes: INodeDef[] = []) {
    this.nodes = nodes;
    this.names = new Set(nodes.map((n) => n.name));
    for (const n of nodes) this.index.set(n.name, n);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  get(name: string): INodeDef {
    const node = this.index.get(name);
    if (!node) throw new Error(`graph has no node '${name}'`);
    return node;
  }

  /** Append a node; returns its first output's tensor name (`name`, which TF reads as `name:0`). */
  add(name: string, op: string, input: string[], attrs: Record<string, IAttrValue> = {}): string {
    if (this.names.has(name)) throw new Error(`graph already has a node named '${name}'`);
    const sorted = Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
    const node: INodeDef = { name, op, input, attr: sorted };
    this.nodes.push(node);
    this.names.add(name);
    this.index.set(name, node);
    return name;
  }

  /** Replace an existing node in place (same name, same position), e.g. a Placeholder that becomes a Cast. */
  replace(name: string, op: string, input: string[], attrs: Record<string, IAttrValue>): void {
    const node = this.get(name);
    node.op = op;
    node.input = input;
    node.attr = Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
  }

  const(name: string, dtype: number, shape: number[], values: ArrayLike<number>): string {
    return this.add(name, 'Const', [], { dtype: attr.type(dtype), value: { tensor: tensorOf(dtype, shape, values) } });
  }

  toGraphDef(versions: IGraphDef['versions']): IGraphDef {
    const graph: IGraphDef = { node: this.nodes, versions };
    if (this.functions.length) graph.library = { function: this.functions };
    return graph;
  }
}
