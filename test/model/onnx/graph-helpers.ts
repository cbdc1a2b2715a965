// Hand-built GraphDefs for the converter tests: tiny constructors for nodes plus a runner that converts a
// graph and executes it in onnxruntime-node.
import * as ort from 'onnxruntime-node';
import { convertGraphDefToOnnx } from '../../../model/onnx/convert';
import type { TfAttrValue, TfGraphDef, TfNode } from '../../../model/onnx/tf-graph';

export const DT = { float: 1, int32: 3, int64: 9, bool: 10 } as const;
type DTypeName = keyof typeof DT;

export const type = (t: DTypeName): TfAttrValue => ({ type: DT[t] });
export const int = (i: number): TfAttrValue => ({ i });
export const bool = (b: boolean): TfAttrValue => ({ b });
export const str = (s: string): TfAttrValue => ({ s: Buffer.from(s) });
export const ints = (i: number[]): TfAttrValue => ({ list: { i } });

export function node(name: string, op: string, input: string[] = [], attr: Record<string, TfAttrValue> = {}): TfNode {
  return { name, op, input, attr };
}

export function placeholder(name: string, dtype: DTypeName, dims: number[]): TfNode {
  return node(name, 'Placeholder', [], { dtype: type(dtype), shape: { shape: { dim: dims.map((size) => ({ size })) } } });
}

export function constant(name: string, dtype: DTypeName, dims: number[], values: number[]): TfNode {
  const tensor =
    dtype === 'float'
      ? { floatVal: values }
      : dtype === 'int64'
        ? { int64Val: values }
        : dtype === 'bool'
          ? { boolVal: values.map(Boolean) }
          : { intVal: values };
  return node(name, 'Const', [], { dtype: type(dtype), value: { tensor: { dtype: DT[dtype], tensorShape: { dim: dims.map((size) => ({ size })) }, ...tensor } } });
}

export function graph(...nodes: TfNode[]): TfGraphDef {
  return { node: nodes };
}

export type Feed = Record<string, ort.Tensor>;

export const f32 = (dims: number[], v: number[]) => new ort.Tensor('float32', Float32Array.from(v), dims);
export const i32 = (dims: number[], v: number[]) => new ort.Tensor('int32', Int32Array.from(v), dims);
export const i64 = (dims: number[], v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
export const b8 = (dims: number[], v: boolean[]) => new ort.Tensor('bool', Uint8Array.from(v.map(Number)), dims);

export interface RunResult {
  dims: readonly number[];
  values: number[];
}

/** Converts `g` with the placeholders named in `feed` as inputs and runs it, returning each named TF tensor. */
export async function runConverted(g: TfGraphDef, feed: Feed, outputs: string[]): Promise<Record<string, RunResult>> {
  const bytes = convertGraphDefToOnnx(g, {
    inputs: Object.fromEntries(Object.keys(feed).map((k) => [k, k])),
    outputs: Object.fromEntries(outputs.map((o, i) => [`out${i}`, o])),
  });
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run(feed);
    return Object.fromEntries(
      outputs.map((o, i) => {
        const t = result[`out${i}`];
        return [o, { dims: t.dims, values: Array.from(t.data as ArrayLike<number | bigint>, Number) }];
      }),
    );
  } finally {
    await session.release();
  }
}

/** Element-wise |a - e| <= tolerance, relative to |e| once |e| > 1 (float32 results vs float64 expectations). */
export function assertClose(actual: number[], expected: number[], tolerance = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}: [${actual}]`);
  actual.forEach((a, i) => {
    if (!(Math.abs(a - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])))) throw new Error(`element ${i}: ${a} != expected ${expected[i]} (all: [${actual}])`);
  });
}
