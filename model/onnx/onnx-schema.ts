// Loads the vendored ONNX schema once and encodes ModelProto objects with protobufjs.
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

let root: protobuf.Root | undefined;

function schema(): protobuf.Root {
  root ??= protobuf.loadSync(join(__dirname, 'onnx.proto'));
  return root;
}

export function onnxType(name: 'ModelProto' | 'GraphProto' | 'TensorProto'): protobuf.Type {
  return schema().lookupType(`onnx.${name}`);
}

/** ONNX TensorProto.DataType values. */
export const OnnxDType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;

export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const type = onnxType('ModelProto');
  return type.encode(type.fromObject(model)).finish();
}

export function decodeModel(bytes: Uint8Array): Record<string, any> {
  const type = onnxType('ModelProto');
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as Record<string, any>;
}
