// The slice of TensorFlow's GraphDef that the ONNX converter reads, typed structurally so that both
// protobufjs messages (model/proto) and hand-built objects in tests satisfy it, plus tensor decoding.

/** int64 as protobufjs may hand it over: number, Long, decimal string or bigint. */
export type Int64Like = number | string | bigint | { low: number; high: number; unsigned?: boolean };

export interface TfTensorShape {
  dim?: Array<{ size?: Int64Like }>;
  unknownRank?: boolean;
}

export interface TfTensor {
  dtype?: number | string;
  tensorShape?: TfTensorShape;
  tensorContent?: Uint8Array | string;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: Int64Like[];
  boolVal?: boolean[];
}

export interface TfAttrValue {
  s?: Uint8Array | string;
  i?: Int64Like;
  f?: number;
  b?: boolean;
  type?: number | string;
  shape?: TfTensorShape;
  tensor?: TfTensor;
  list?: { i?: Int64Like[]; s?: Array<Uint8Array | string>; f?: number[]; type?: Array<number | string> };
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}

export interface TfGraphDef {
  node?: TfNode[];
}

/** TensorFlow DataType enum values used here (tensorflow/core/framework/types.proto). */
export const TfDType = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  STRING: 7,
  INT64: 9,
  BOOL: 10,
  HALF: 19,
} as const;

const DTYPE_BY_NAME: Record<string, number> = {
  DT_FLOAT: 1, DT_DOUBLE: 2, DT_INT32: 3, DT_UINT8: 4, DT_INT16: 5, DT_INT8: 6, DT_STRING: 7,
  DT_INT64: 9, DT_BOOL: 10, DT_HALF: 19,
};

export function dtypeNumber(dtype: number | string | undefined): number {
  if (dtype === undefined) return 0;
  if (typeof dtype === 'number') return dtype;
  if (/^\d+$/.test(dtype)) return Number(dtype);
  return DTYPE_BY_NAME[dtype] ?? -1;
}

export function int64ToNumber(v: Int64Like | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string') return Number(v);
  const low = v.low >>> 0;
  return v.unsigned ? v.high * 2 ** 32 + low : (v.high | 0) * 2 ** 32 + low;
}

export function bytesOf(v: Uint8Array | string | number[] | undefined): Uint8Array {
  if (v === undefined) return new Uint8Array(0);
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  if (Array.isArray(v)) return Uint8Array.from(v);
  return v;
}

export function stringOf(v: Uint8Array | string | number[] | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v; // protobufjs toObject gives bytes as base64, but attr strings arrive decoded in JSON forms
  return Buffer.from(bytesOf(v)).toString('utf8');
}

export function shapeDims(shape: TfTensorShape | undefined): number[] | undefined {
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => int64ToNumber(d.size));
}

export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface DecodedTensor {
  dtype: number;
  dims: number[];
  data: TensorData;
}

/**
 * Decodes a TensorProto into a typed array. TF stores either packed little-endian `tensor_content` or a typed
 * `*_val` list that may be shorter than the tensor: its last value then fills the rest (TF's own rule).
 */
export function decodeTensor(t: TfTensor): DecodedTensor {
  const dtype = dtypeNumber(t.dtype);
  const dims = shapeDims(t.tensorShape) ?? [];
  const count = dims.reduce((a, b) => a * b, 1);
  const content = bytesOf(t.tensorContent);
  const fill = <T extends TensorData>(out: T, vals: ArrayLike<number | bigint> | undefined, conv: (x: any) => any): T => {
    if (content.length > 0) {
      new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(content.subarray(0, out.byteLength));
      return out;
    }
    const n = vals?.length ?? 0;
    for (let k = 0; k < count; k++) (out as any)[k] = n === 0 ? conv(0) : conv(vals![Math.min(k, n - 1)]);
    return out;
  };
  switch (dtype) {
    case TfDType.FLOAT:
      return { dtype, dims, data: fill(new Float32Array(count), t.floatVal, Number) };
    case TfDType.DOUBLE:
      return { dtype, dims, data: fill(new Float64Array(count), t.doubleVal, Number) };
    case TfDType.INT32:
    case TfDType.INT16:
    case TfDType.INT8:
      if (dtype !== TfDType.INT32 && content.length > 0) throw new Error(`tensor_content for dtype ${dtype} is not supported`);
      return { dtype, dims, data: fill(new Int32Array(count), t.intVal, Number) };
    case TfDType.INT64:
      return {
        dtype,
        dims,
        data: fill(new BigInt64Array(count), (t.int64Val ?? []).map((v) => BigInt(int64ToNumber(v))), BigInt),
      };
    case TfDType.BOOL:
    case TfDType.UINT8:
      return {
        dtype,
        dims,
        data: fill(new Uint8Array(count), dtype === TfDType.BOOL ? (t.boolVal ?? []).map((b) => (b ? 1 : 0)) : t.intVal, Number),
      };
    default:
      throw new Error(`constant tensors of TF dtype ${String(t.dtype)} are not supported`);
  }
}

export function tensorValues(t: DecodedTensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Splits a TF input reference "node:2" / "node" / "^control" into node name and output index. */
export function parseInputRef(ref: string): { node: string; output: number; control: boolean } {
  if (ref.startsWith('^')) return { node: ref.slice(1), output: 0, control: true };
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1], output: Number(m[2]), control: false } : { node: ref, output: 0, control: false };
}
