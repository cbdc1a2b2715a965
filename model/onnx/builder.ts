// Accumulates ONNX nodes and initializers in emission order (which makes the encoded bytes deterministic)
// and remembers what is statically known about each value: rank and, for small constants, the values.
import { OnnxDType } from './onnx-schema';
import type { TensorData } from './tf-graph';

export type AttrInput = number | number[] | string | { tensor: OnnxTensor };

export interface OnnxTensor {
  name: string;
  dataType: number;
  dims: number[];
  rawData: Uint8Array;
}

export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: Array<Record<string, unknown>>;
}

export interface ValueInfo {
  rank?: number;
  /** Values of a constant (initializer) small enough to be useful at conversion time. */
  constant?: number[];
  /** ONNX element type when known. */
  dtype?: number;
  /** Static length of a 1-D value (a shape vector built by Pack/Concat/Shape). */
  length1d?: number;
}

const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_INTS = 7;

function toAttribute(name: string, value: AttrInput): Record<string, unknown> {
  if (typeof value === 'string') return { name, type: ATTR_STRING, s: Buffer.from(value, 'utf8') };
  if (Array.isArray(value)) return { name, type: ATTR_INTS, ints: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: ATTR_INT, i: value } : { name, type: ATTR_FLOAT, f: value };
  }
  return { name, type: ATTR_TENSOR, t: value.tensor };
}

export function tensorBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly info = new Map<string, ValueInfo>();
  private readonly pooled = new Map<string, string>();
  private readonly byName = new Map<string, OnnxTensor>();

  addInitializer(name: string, dataType: number, dims: number[], data: TensorData, constant?: number[]): string {
    const tensor = { name, dataType, dims, rawData: data instanceof Uint8Array ? data : tensorBytes(data) };
    this.initializers.push(tensor);
    this.byName.set(name, tensor);
    this.info.set(name, { rank: dims.length, dtype: dataType, constant, length1d: dims.length === 1 ? dims[0] : undefined });
    return name;
  }

  /** A shared int64 constant (1-D, or scalar when `scalar`), reused by every node that needs the same values. */
  int64(values: number[], scalar = false): string {
    const key = `i64:${scalar ? 's' : 'v'}:${values.join(',')}`;
    const existing = this.pooled.get(key);
    if (existing) return existing;
    const name = `__const/int64/${this.pooled.size}`;
    const data = BigInt64Array.from(values.map((v) => clampInt64(v)));
    this.addInitializer(name, OnnxDType.INT64, scalar ? [] : [values.length], data, values);
    this.pooled.set(key, name);
    return name;
  }

  scalar(dataType: number, value: number): string {
    const key = `s:${dataType}:${value}`;
    const existing = this.pooled.get(key);
    if (existing) return existing;
    const name = `__const/scalar/${this.pooled.size}`;
    this.addInitializer(name, dataType, [], typedScalar(dataType, value), [value]);
    this.pooled.set(key, name);
    return name;
  }

  addNode(name: string, opType: string, input: string[], output: string[], attrs: Record<string, AttrInput> = {}): void {
    const attribute = Object.keys(attrs)
      .sort()
      .map((k) => toAttribute(k, attrs[k]));
    this.nodes.push({ name, opType, input, output, attribute });
  }

  initializer(name: string): OnnxTensor | undefined {
    return this.byName.get(name);
  }

  setInfo(value: string, info: ValueInfo): void {
    this.info.set(value, { ...this.info.get(value), ...info });
  }

  rank(value: string): number | undefined {
    return this.info.get(value)?.rank;
  }

  constant(value: string): number[] | undefined {
    return this.info.get(value)?.constant;
  }
}

/** ±Infinity stand for "to the end" in Slice bounds; ONNX wants the int64 extremes there. */
function clampInt64(v: number): bigint {
  if (v >= 2 ** 63) return 2n ** 63n - 1n;
  if (v <= -(2 ** 63)) return -(2n ** 63n);
  return BigInt(Math.trunc(v));
}

export function typedScalar(dataType: number, value: number): TensorData {
  switch (dataType) {
    case OnnxDType.FLOAT:
      return Float32Array.of(value);
    case OnnxDType.DOUBLE:
      return Float64Array.of(value);
    case OnnxDType.INT32:
      return Int32Array.of(value);
    case OnnxDType.INT64:
      return BigInt64Array.of(clampInt64(value));
    case OnnxDType.BOOL:
    case OnnxDType.UINT8:
      return Uint8Array.of(value);
    default:
      throw new Error(`no scalar encoding for ONNX dtype ${dataType}`);
  }
}
