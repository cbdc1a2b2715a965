/**
 * From an input instance to the model's input, in two steps as on Vertex:
 * 1. `instanceConfig` (jsonl objects only, as documented): `keyField` is taken out and reported as `key`
 *    instead of the instance; `includedFields` / `excludedFields` select fields; `instanceType` `object` or
 *    `array` (array order from `includedFields`).
 * 2. What the prebuilt TF serving container (TF Serving's REST row format) and the exported model make of the
 *    instances of one request together: row-format.ts (a string, `{"b64": …}`, a one-element array of those, or
 *    an object naming the signature's one input and holding one of those, all instances of a request in the same
 *    form; anything else fails the whole request with TF Serving's message).
 */
import { rowError, type RowError } from './errors';
import { isObject, jsonType } from './row-format';

export interface InstanceConfig {
  instanceType?: string;
  keyField?: string;
  includedFields?: string[];
  excludedFields?: string[];
}

/** What an output line carries besides the prediction or error: `{instance}` or, with a key field, `{key}`. */
export type RowEcho = { instance: unknown } | { key: unknown };

/** An instance as Vertex sends it to the model server (after instanceConfig), with what its output line echoes. */
export interface PreparedRow {
  echo: RowEcho;
  value: unknown;
}

/** The instance Vertex sends to the model after instanceConfig (keyField dropped, fields selected, object or array). */
export function applyInstanceConfig(instance: unknown, config: InstanceConfig): { value: unknown } | RowError {
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

export function prepareInstance(instance: unknown, config: InstanceConfig | undefined): PreparedRow | RowError {
  const configured = config ? applyInstanceConfig(instance, config) : { value: instance };
  if ('code' in configured) return configured;
  return { echo: echoOf(instance, config), value: configured.value };
}

/** The output line's `key` when a key field is configured and present, else the `instance` as read. */
export function echoOf(instance: unknown, config: InstanceConfig | undefined): RowEcho {
  if (config?.keyField && isObject(instance) && config.keyField in instance) return { key: instance[config.keyField] };
  return { instance };
}
