/**
 * The one place the vendored TensorFlow protos are loaded (protobufjs reflection, no codegen).
 *
 * The .proto files under `model/proto/tensorflow/` were reconstructed from the descriptors shipped in the
 * tensorflow-cpu 2.21.0 wheel (see `model/proto/README.md`). Field names follow protobufjs' default camelCase
 * conversion (`tensor_content` → `tensorContent`). int64 fields decode as `Long` (protobufjs uses the `long`
 * package); when building messages, plain numbers are accepted too.
 *
 * Use: `GraphDef.encode(GraphDef.create(obj)).finish()` / `GraphDef.decode(bytes)`; `DataType.DT_FLOAT` etc.
 */
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import type Long from 'long';

const PROTO_ROOT = __dirname;
const ENTRY_FILES = [
  'tensorflow/core/protobuf/saved_model.proto',
  'tensorflow/core/framework/function.proto',
  'tensorflow/core/framework/graph.proto',
];

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports are written relative to the TF source tree; google/protobuf/* come from protobufjs' bundled copies.
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : path.join(PROTO_ROOT, target);
  root.loadSync(ENTRY_FILES);
  root.resolveAll();
  return root;
}

export const tfProtoRoot = loadRoot();

function type(name: string): protobuf.Type {
  return tfProtoRoot.lookupType(`tensorflow.${name}`);
}

export const SavedModel = type('SavedModel');
export const MetaGraphDef = type('MetaGraphDef');
export const SignatureDef = type('SignatureDef');
export const TensorInfo = type('TensorInfo');
export const CollectionDef = type('CollectionDef');
export const GraphDef = type('GraphDef');
export const NodeDef = type('NodeDef');
export const AttrValue = type('AttrValue');
export const TensorProto = type('TensorProto');
export const TensorShapeProto = type('TensorShapeProto');
export const FunctionDef = type('FunctionDef');
export const FunctionDefLibrary = type('FunctionDefLibrary');
export const OpDef = type('OpDef');
export const VersionDef = type('VersionDef');

/** tensorflow.DataType enum values (name → number), e.g. `DataType.DT_INT32 === 3`. */
export const DataType = tfProtoRoot.lookupEnum('tensorflow.DataType').values as Readonly<Record<string, number>>;
export const DT = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  STRING: 7,
  INT64: 9,
  BOOL: 10,
  RESOURCE: 20,
} as const;

// ---- Plain-object shapes of the messages this project builds/reads (a subset of each message's fields). ----
export type Int64 = number | Long | string;

export interface ITensorShape {
  dim?: { size?: Int64; name?: string }[];
  unknownRank?: boolean;
}
export interface ITensor {
  dtype?: number;
  tensorShape?: ITensorShape;
  tensorContent?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: Int64[];
  boolVal?: boolean[];
  stringVal?: Uint8Array[];
}
export interface INameAttrList {
  name?: string;
  attr?: Record<string, IAttrValue>;
}
export interface IAttrValue {
  s?: Uint8Array;
  i?: Int64;
  f?: number;
  b?: boolean;
  type?: number;
  shape?: ITensorShape;
  tensor?: ITensor;
  placeholder?: string;
  func?: INameAttrList;
  list?: {
    s?: Uint8Array[];
    i?: Int64[];
    f?: number[];
    b?: boolean[];
    type?: number[];
    shape?: ITensorShape[];
    tensor?: ITensor[];
    func?: INameAttrList[];
  };
}
export interface INodeDef {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, IAttrValue>;
}
export interface IArgDef {
  name?: string;
  description?: string;
  type?: number;
  typeAttr?: string;
  numberAttr?: string;
  typeListAttr?: string;
  isRef?: boolean;
}
export interface IOpDef {
  name?: string;
  inputArg?: IArgDef[];
  outputArg?: IArgDef[];
  controlOutput?: string[];
  attr?: { name?: string; type?: string; defaultValue?: IAttrValue }[];
  isStateful?: boolean;
}
export interface IFunctionDef {
  signature?: IOpDef;
  attr?: Record<string, IAttrValue>;
  nodeDef?: INodeDef[];
  ret?: Record<string, string>;
  controlRet?: Record<string, string>;
}
export interface IVersionDef {
  producer?: number;
  minConsumer?: number;
  badConsumers?: number[];
}
export interface IGraphDef {
  node?: INodeDef[];
  versions?: IVersionDef;
  library?: { function?: IFunctionDef[]; gradient?: { functionName?: string; gradientFunc?: string }[] };
}
export interface ITensorInfo {
  name?: string;
  dtype?: number;
  tensorShape?: ITensorShape;
}
export interface ISignatureDef {
  inputs?: Record<string, ITensorInfo>;
  outputs?: Record<string, ITensorInfo>;
  methodName?: string;
}
export interface ICollectionDef {
  nodeList?: { value?: string[] };
  bytesList?: { value?: Uint8Array[] };
}
export interface IMetaGraphDef {
  metaInfoDef?: {
    metaGraphVersion?: string;
    tags?: string[];
    tensorflowVersion?: string;
    tensorflowGitVersion?: string;
    strippedDefaultAttrs?: boolean;
  };
  graphDef?: IGraphDef;
  collectionDef?: Record<string, ICollectionDef>;
  signatureDef?: Record<string, ISignatureDef>;
}
export interface ISavedModel {
  savedModelSchemaVersion?: Int64;
  metaGraphs?: IMetaGraphDef[];
}

/** Encode a plain object as the given message type (verifying it first so a wrong field fails loudly). */
export function encodeMessage(msgType: protobuf.Type, value: object): Uint8Array {
  const problem = msgType.verify(value);
  if (problem) throw new Error(`invalid ${msgType.fullName}: ${problem}`);
  return msgType.encode(msgType.fromObject(value)).finish();
}

/** Decode bytes into a plain object (int64 → number where exact, bytes → Uint8Array, enums → numbers). */
export function decodeMessage<T>(msgType: protobuf.Type, bytes: Uint8Array): T {
  return msgType.toObject(msgType.decode(bytes), { longs: Number, bytes: Uint8Array as never, defaults: false }) as T;
}
