/**
 * What TF Serving's REST row format (`{"instances": [...]}`) makes of one instance for a signature whose single
 * input is a string tensor, and what the exported model then accepts. Source: tensorflow/serving
 * tensorflow_serving/util/json_tensor.cc — FillTensorMapFromInstancesList (an object that is not `{"b64": …}`
 * names inputs: every key must be a signature input, "JSON object: does not have named input: K", and the keys
 * must equal the inputs, "… keys must be equal to: …"; anything else is the value of the one input),
 * AddInstanceItem / GetDenseTensorShape (the instance's nested-list shape, taken along first elements, becomes
 * the row shape of the batched tensor [N, …]) and FillTensorProto / AddValueToTensor / JsonDecodeBase64Object
 * (leaves at the full depth only, strings as UTF-8 bytes, `{"b64": "…"}` decoded, other leaves a type error).
 * The exported `serving_default` then takes one text per instance: shape [N] (a string) or [N,1] (a one-element
 * array; what Vertex sends with keyField + includedFields: [text] + instanceType: array), see
 * model/tokenizer/graph/instance-rows.ts; more strings per instance fail there with its message.
 * Not modelled: TF Serving also requires every instance of one request to have the same shape; here each row is
 * judged alone, so a batch mixing strings and one-element arrays succeeds locally.
 */
import { ONE_TEXT_PER_INSTANCE_MESSAGE } from '../../model/tokenizer/graph/instance-rows';
import { rowError, type RowError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
/** absl::Base64Unescape's alphabet (padding optional); Buffer would silently skip other characters. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** rapidjson's type names, as TF Serving's messages print them (json_tensor.cc JsonTypeString). */
export function jsonType(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return { string: 'String', number: 'Number', object: 'Object' }[typeof value as 'string'] ?? typeof value;
}

const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 200);

/** json_tensor.cc IsValBase64Object: exactly one key, `b64`, holding a string. */
function isBase64Object(value: unknown): value is { b64: string } {
  return isObject(value) && Object.keys(value).length === 1 && typeof value.b64 === 'string';
}

/** GetDenseTensorShape: sizes along the first element of each nested list. */
function denseShape(value: unknown): number[] {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  return shape;
}

/** FillTensorProto for a string tensor: the leaves in row-major order, or TF Serving's error. */
function stringLeaves(value: unknown, level: number, shape: number[], out: string[]): RowError | undefined {
  if (!Array.isArray(value)) {
    if (level !== shape.length) return rowError(`JSON Value: ${show(value)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${shape.length}`);
    if (typeof value === 'string') {
      out.push(value);
      return undefined;
    }
    if (isObject(value)) {
      if (!isBase64Object(value)) return rowError(`JSON Value: ${show(value)} not formatted correctly for base64 data`);
      if (!BASE64.test(value.b64) || value.b64.replace(/=+$/, '').length % 4 === 1) return rowError('Unable to base64 decode');
      out.push(utf8.decode(Buffer.from(value.b64, 'base64')));
      return undefined;
    }
    return rowError(`JSON Value: ${show(value)} Type: ${jsonType(value)} is not of expected type: string`);
  }
  if (level >= shape.length) return rowError(`Encountered list at unexpected level: ${level} expected < ${shape.length}`);
  if (value.length !== shape[level]) return rowError(`Encountered list at unexpected size: ${value.length} at level: ${level} expected size: ${shape[level]}`);
  for (const v of value) {
    const error = stringLeaves(v, level + 1, shape, out);
    if (error) return error;
  }
  return undefined;
}

/** The one text the model embeds for this instance (already transformed by instanceConfig), or the row's error. */
export function instanceText(instance: unknown, inputName: string | undefined): string | RowError {
  let value = instance;
  if (isObject(instance) && !isBase64Object(instance)) {
    const keys = Object.keys(instance);
    const unknown = keys.find((k) => k !== inputName);
    const hint = inputName ? ` (the model's input is "${inputName}")` : '';
    if (unknown !== undefined) return rowError(`JSON object: does not have named input: ${unknown}${hint}`);
    if (keys.length === 0) return rowError(`JSON object: ${show(instance)} keys must be equal to: ${inputName ?? ''}`);
    value = instance[keys[0]];
  }
  const shape = denseShape(value);
  const texts: string[] = [];
  const error = stringLeaves(value, 0, shape, texts);
  if (error) return error;
  if (texts.length !== 1) return rowError(`${ONE_TEXT_PER_INSTANCE_MESSAGE} [N,${shape.join(',')}]`);
  return texts[0];
}
