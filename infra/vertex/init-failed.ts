// What the engine needs to keep a resource whose create (or update) failed after it came to exist: an error carrying
// `id`, `properties` (the state so far, with `__provider`) and `reasons` is reported by the dynamic provider host as
// ErrorResourceInitFailed, so Pulumi records the resource (with init errors) instead of forgetting it, and the next
// `pulumi up` calls Update on it.

export type TrackedError = Error & { id: string; properties: object; reasons: string[] };

export function initFailedError(id: string, message: string, properties: object): TrackedError {
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}
