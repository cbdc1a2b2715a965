/**
 * TF protobuf-JSON attr values (as they appear in a tfjs model.json) → protobufjs AttrValue objects.
 *
 * In that JSON form `s` is an array of byte values, int64 (`i`, shape dims) are decimal strings and dtypes are
 * enum numbers. Every AttrValue case is mapped; an unknown key is an error rather than a silently dropped attr.
 */
import type { IAttrValue, ITensor, ITensorShape } from '../proto';

type Json = Record<string, unknown>;

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) return Uint8Array.from(value);
  throw new Error(`${where}: expected a byte array, got ${JSON.stringify(value)}`);
}

function int64(value: unknown, where: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`${where}: expected an int64, got ${JSON.stringify(value)}`);
  return n;
}

export function convertShape(json: Json | undefined, where: string): ITensorShape {
  if (!json) return {};
  const shape: ITensorShape = {};
  if (json.unknownRank) shape.unknownRank = true;
  const dims = (json.dim as Json[] | undefined) ?? [];
  if (dims.length) shape.dim = dims.map((d, i) => ({ size: int64(d.size ?? 0, `${where}.dim[${i}]`) }));
  return shape;
}

/** A TensorProto from JSON. Repeated *Val fields are kept only when non-empty (tfjs writes empty arrays for all). */
export function convertTensor(json: Json, where: string): ITensor {
  const tensor: ITensor = { dtype: Number(json.dtype ?? 0), tensorShape: convertShape(json.tensorShape as Json, `${where}.tensorShape`) };
  const nonEmpty = (key: string): unknown[] | undefined => {
    const v = json[key];
    return Array.isArray(v) && v.length ? v : undefined;
  };
  if (json.tensorContent) tensor.tensorContent = bytes(json.tensorContent, `${where}.tensorContent`);
  const f = nonEmpty('floatVal');
  if (f) tensor.floatVal = f.map(Number);
  const d = nonEmpty('doubleVal');
  if (d) tensor.doubleVal = d.map(Number);
  const iv = nonEmpty('intVal');
  if (iv) tensor.intVal = iv.map(Number);
  const i64 = nonEmpty('int64Val');
  if (i64) tensor.int64Val = i64.map((v, k) => int64(v, `${where}.int64Val[${k}]`));
  const b = nonEmpty('boolVal');
  if (b) tensor.boolVal = b.map(Boolean);
  const s = nonEmpty('stringVal');
  if (s) tensor.stringVal = s.map((v, k) => bytes(v, `${where}.stringVal[${k}]`));
  for (const key of ['halfVal', 'scomplexVal', 'dcomplexVal', 'resourceHandleVal', 'variantVal', 'uint32Val', 'uint64Val']) {
    if (nonEmpty(key)) throw new Error(`${where}: tensor field ${key} is not supported`);
  }
  return tensor;
}

function convertList(json: Json, where: string): NonNullable<IAttrValue['list']> {
  const list: NonNullable<IAttrValue['list']> = {};
  const arr = (key: string): unknown[] => (Array.isArray(json[key]) ? (json[key] as unknown[]) : []);
  if (arr('s').length) list.s = arr('s').map((v, k) => bytes(v, `${where}.s[${k}]`));
  if (arr('i').length) list.i = arr('i').map((v, k) => int64(v, `${where}.i[${k}]`));
  if (arr('f').length) list.f = arr('f').map(Number);
  if (arr('b').length) list.b = arr('b').map(Boolean);
  if (arr('type').length) list.type = arr('type').map(Number);
  if (arr('shape').length) list.shape = arr('shape').map((v, k) => convertShape(v as Json, `${where}.shape[${k}]`));
  if (arr('tensor').length) list.tensor = arr('tensor').map((v, k) => convertTensor(v as Json, `${where}.tensor[${k}]`));
  if (arr('func').length) throw new Error(`${where}: function-list attrs are not supported`);
  return list;
}

export function convertAttr(json: Json, where: string): IAttrValue {
  const keys = Object.keys(json);
  if (keys.length !== 1) throw new Error(`${where}: an attr value has exactly one field, got ${JSON.stringify(keys)}`);
  const [key] = keys;
  const value = json[key];
  switch (key) {
    case 's':
      return { s: bytes(value, where) };
    case 'i':
      return { i: int64(value, where) };
    case 'f':
      return { f: Number(value) };
    case 'b':
      return { b: Boolean(value) };
    case 'type':
      return { type: Number(value) };
    case 'shape':
      return { shape: convertShape(value as Json, where) };
    case 'tensor':
      return { tensor: convertTensor(value as Json, where) };
    case 'list':
      return { list: convertList(value as Json, where) };
    case 'placeholder':
      return { placeholder: String(value) };
    default:
      throw new Error(`${where}: attr field '${key}' is not supported (allowed: s, i, f, b, type, shape, tensor, list, placeholder)`);
  }
}
