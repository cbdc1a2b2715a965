/**
 * From an input instance to the model's input, in two steps as on Vertex:
 * 1. `instanceConfig` (jsonl objects only, as documented): `keyField` is taken out and reported as `key`
 *    instead of the instance; `includedFields` / `excludedFields` select fields; `instanceType` `object` or
 *    `array` (array order from `includedFields`).
 * 2. What the prebuilt TF serving container does for a signature with one string input: a JSON string is the
 *    text; `{"b64": …}` is decoded to bytes (bytes that are not UTF-8 become U+FFFD when read as text); an
 *    object naming the signature's input carries one of those. Anything else is a row error worded like TF
 *    Serving's.
 */
import { rowError, type RowError } from './errors';

export interface InstanceConfig {
  instanceType?: string;
  keyField?: string;
  includedFields?: string[];
  excludedFields?: string[];
}

export interface PreparedRow {
  /** What the output line carries besides the prediction: `{instance}` or, with a key field, `{key}`. */
  echo: { instance: unknown } | { key: unknown };
  text: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  return { string: 'String', number: 'Number', boolean: 'Boolean', object: 'Object' }[typeof value as 'string'] ?? typeof value;
}

function applyInstanceConfig(instance: unknown, config: InstanceConfig): { value: unknown } | RowError {
  const included = config.includedFields ?? [];
  const excluded = config.excludedFields ?? [];
  const selects = Boolean(config.keyField) || included.length > 0 || excluded.length > 0 || Boolean(config.instanceType);
  if (!selects) return { value: instance };
  if (!isObject(instance)) {
    if (config.instanceType === 'array' && Array.isArray(instance) && !config.keyField) return { value: instance };
    return rowError(`instance_config needs each JSONL line to be an object; got ${jsonType(instance)}: ${JSON.stringify(instance).slice(0, 200)}`);
  }
  let fields = Object.keys(instance).filter((f) => f !== config.keyField && !excluded.includes(f));
  if (included.length > 0) {
    const missing = included.filter((f) => !(f in instance));
    if (missing.length > 0) return rowError(`instance has no field ${missing.map((f) => `"${f}"`).join(', ')} listed in included_fields`);
    fields = included;
  }
  if (config.instanceType === 'array') {
    if (included.length === 0) return rowError('instance_type "array" with JSONL objects needs included_fields to fix the order of the values');
    return { value: fields.map((f) => instance[f]) };
  }
  return { value: Object.fromEntries(fields.map((f) => [f, instance[f]])) };
}

function toText(value: unknown, inputName: string | undefined, depth = 0): string | RowError {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'b64') {
      if (typeof value.b64 !== 'string') return rowError(`JSON Value: ${JSON.stringify(value.b64)} Type: ${jsonType(value.b64)} is not of expected type: string (b64)`);
      return utf8.decode(Buffer.from(value.b64, 'base64'));
    }
    if (depth === 0 && inputName !== undefined && keys.length === 1 && keys[0] === inputName) return toText(value[inputName], inputName, 1);
    const missing = keys.find((k) => k !== inputName) ?? '(none)';
    return rowError(`JSON object: does not have named input: ${missing}${inputName ? ` (the model's input is "${inputName}")` : ''}`);
  }
  return rowError(`JSON Value: ${JSON.stringify(value)?.slice(0, 200)} Type: ${jsonType(value)} is not of expected type: string`);
}

export function prepareInstance(instance: unknown, config: InstanceConfig | undefined, inputName: string | undefined): PreparedRow | RowError {
  const configured = config ? applyInstanceConfig(instance, config) : { value: instance };
  if ('code' in configured) return configured;
  const text = toText(configured.value, inputName);
  if (typeof text !== 'string') return text;
  return { echo: echoOf(instance, config), text };
}

/** The output line's `key` when a key field is configured and present, else the `instance` as read. */
export function echoOf(instance: unknown, config: InstanceConfig | undefined): PreparedRow['echo'] {
  if (config?.keyField && isObject(instance) && config.keyField in instance) return { key: instance[config.keyField] };
  return { instance };
}
