/**
 * What TF Serving's REST row format (`{"instances": [...]}`) makes of one request's instances for a signature
 * whose single input is a string tensor, and what the exported model then accepts. Source: tensorflow/serving
 * tensorflow_serving/util/json_tensor.cc (commit 00f8ba53d72c2e34ca8d1befb17231bb3b66e653):
 * - FillTensorMapFromInstancesList converts the instances of a request **together**: the first instance decides
 *   whether all are objects naming inputs or all are plain values ("Expecting object but got list at item I of
 *   input list" / "Expecting value/list but got object at item I of input list"), and the first converted value
 *   fixes the tensor size and shape every later one must have (AddInstanceItem: "Expecting tensor size: S but
 *   got: s", "Expecting shape [..] but got: [..]"). The first failing instance fails the whole request with one
 *   message, wrapped as "Failed to process element: I [key: K ]of 'instances' list. Error: " + the inner
 *   status's ToString() ("INVALID_ARGUMENT: …" in the absl Status of TF >= 2.13; older servers printed
 *   "Invalid argument: …", e.g. tensorflow/serving#1292 "Failed to process element: 1 key: seq_input of
 *   'instances' list. Error: Invalid argument: Expecting tensor size: 34 but got: 20").
 * - An object that is not `{"b64": …}` names inputs: every key must be a signature input ("JSON object: does not
 *   have named input: K") and the keys must equal the inputs ("… keys must be equal to: …").
 * - GetDenseTensorShape (the nested-list shape, taken along first elements) and FillTensorProto /
 *   AddValueToTensor / JsonDecodeBase64Object (leaves at the full depth only, strings as UTF-8 bytes, `{"b64":
 *   "…"}` decoded, other leaves a type error).
 * The exported `serving_default` then takes one text per instance: the batched tensor must be [N] (strings) or
 * [N,1] (one-element arrays; what Vertex sends with keyField + includedFields: [text] + instanceType: array),
 * see model/tokenizer/graph/instance-rows.ts; more strings per instance fail the request there with its message.
 * So on the real server any of these errors fails every instance of the request, not just the bad one.
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

/**
 * JsonValueToString: rapidjson's PrettyWriter (4-space indent, `"key": value`), which JSON.stringify with an
 * indent of 4 matches. Cut at 200 characters here (TF Serving prints it whole): the message is repeated on
 * every row of a failed request, beside the instance itself.
 */
const show = (value: unknown) => (JSON.stringify(value, null, 4) ?? String(value)).slice(0, 200);

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

/** FillTensorProto for a string tensor: the leaves in row-major order, or TF Serving's (inner) error message. */
function stringLeaves(value: unknown, level: number, shape: number[], out: string[]): string | undefined {
  if (!Array.isArray(value)) {
    if (level !== shape.length) return `JSON Value: ${show(value)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${shape.length}`;
    if (typeof value === 'string') {
      out.push(value);
      return undefined;
    }
    if (isObject(value)) {
      if (!isBase64Object(value)) return `JSON Value: ${show(value)} not formatted correctly for base64 data`;
      if (!BASE64.test(value.b64) || value.b64.replace(/=+$/, '').length % 4 === 1) return 'Unable to base64 decode';
      out.push(utf8.decode(Buffer.from(value.b64, 'base64')));
      return undefined;
    }
    return `JSON Value: ${show(value)} Type: ${jsonType(value)} is not of expected type: string`;
  }
  if (level >= shape.length) return `Encountered list at unexpected level: ${level} expected < ${shape.length}`;
  if (value.length !== shape[level]) return `Encountered list at unexpected size: ${value.length} at level: ${level} expected size: ${shape[level]}`;
  for (const v of value) {
    const error = stringLeaves(v, level + 1, shape, out);
    if (error) return error;
  }
  return undefined;
}

/** ShapeToString: `[d0,d1]`, `[]` for a scalar. */
const shapeText = (shape: number[]) => `[${shape.join(',')}]`;

/** A request's one input tensor as it is filled: the row shape the first instance fixed, and the leaves so far. */
interface InputTensor {
  shape?: number[];
  size?: number;
  texts: string[];
}

/** AddInstanceItem for the one string input: the instance's leaves appended, or the inner error message. */
function addInstanceItem(item: unknown, tensor: InputTensor): string | undefined {
  const shape = denseShape(item);
  const leaves: string[] = [];
  const error = stringLeaves(item, 0, shape, leaves);
  if (error) return error;
  if (tensor.shape === undefined || tensor.size === undefined) {
    tensor.shape = shape;
    tensor.size = leaves.length;
  } else if (tensor.size !== leaves.length) {
    return `Expecting tensor size: ${tensor.size} but got: ${leaves.length}`;
  } else if (shapeText(tensor.shape) !== shapeText(shape)) {
    return `Expecting shape ${shapeText(tensor.shape)} but got: ${shapeText(shape)}`;
  }
  tensor.texts.push(...leaves);
  return undefined;
}

/** json_tensor.cc IsElementObject: an object naming inputs (a `{"b64": …}` object is a value). */
const isElementObject = (value: unknown): value is Record<string, unknown> => isObject(value) && !isBase64Object(value);

/** The inner status as Status::ToString() prints it inside the request's message (absl: `CODE: message`). */
const innerStatus = (message: string) => `INVALID_ARGUMENT: ${message}`;

/** One instance of the request into the tensor, or the message that fails the whole request. */
function addInstance(instance: unknown, index: number, objects: boolean, inputName: string | undefined, tensor: InputTensor): string | undefined {
  if (!objects) {
    if (isElementObject(instance)) return `Expecting value/list but got object at item ${index} of input list`;
    const error = addInstanceItem(instance, tensor);
    return error && `Failed to process element: ${index} of 'instances' list. Error: ${innerStatus(error)}`;
  }
  if (!isElementObject(instance)) return `Expecting object but got list at item ${index} of input list`;
  for (const [key, item] of Object.entries(instance)) {
    // Not TF Serving's text: the hint names the input an object has to use.
    const error = key === inputName ? addInstanceItem(item, tensor) : `JSON object: does not have named input: ${key}${inputName ? ` (the model's input is "${inputName}")` : ''}`;
    if (error) return `Failed to process element: ${index} key: ${key} of 'instances' list. Error: ${innerStatus(error)}`;
  }
  if (Object.keys(instance).length === 0) {
    return `Failed to process element: ${index} of 'instances' list. JSON object: ${show(instance)} keys must be equal to: ${inputName ?? ''}`;
  }
  return undefined;
}

/**
 * FillTensorMapFromInstancesList, then the model's one-text-per-instance check: the one text of each instance of
 * a request (instances already transformed by instanceConfig), or the one error that fails the whole request.
 */
export function requestTexts(instances: unknown[], inputName: string | undefined): string[] | RowError {
  const objects = isElementObject(instances[0]);
  const tensor: InputTensor = { texts: [] };
  for (let index = 0; index < instances.length; index++) {
    const error = addInstance(instances[index], index, objects, inputName, tensor);
    if (error) return rowError(error);
  }
  if (tensor.size !== 1) return rowError(`${ONE_TEXT_PER_INSTANCE_MESSAGE} [N,${(tensor.shape ?? []).join(',')}]`);
  return tensor.texts;
}
