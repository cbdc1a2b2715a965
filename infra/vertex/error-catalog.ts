// Which Vertex errors mean what, as data. The waiter retries TRANSIENT ones in place; the batch job provider moves
// to the next hardware candidate on CAPACITY ones; everything else is reported to the user as is.
// Each entry names where the pattern was seen, so the table can be re-checked when Vertex changes its wording.

/** gRPC status codes (google.rpc.Code), by name, for readable tables and messages. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export function grpcCodeName(code: number | undefined): string {
  const entry = Object.entries(GrpcCode).find(([, value]) => value === code);
  return entry ? entry[0] : `code ${code}`;
}

export interface ErrorPattern {
  /** gRPC code the error must carry; undefined = any code. */
  code?: number;
  /** Case-insensitive match on the message; undefined = any message. */
  message?: RegExp;
  why: string;
  source: string;
}

/**
 * Capacity errors: the hardware asked for is not available now (quota or stock). Retrying the same hardware soon is
 * pointless; another candidate may run. Checked before TRANSIENT, since a quota error also arrives as
 * RESOURCE_EXHAUSTED (429) and must not be retried in place forever.
 */
export const CAPACITY_ERRORS: readonly ErrorPattern[] = [
  {
    message: /quota metrics? exceeds? quota limits?|quota exceeded|exceeded (?:the )?quota|insufficient quota/i,
    why: 'project quota for the requested machine or accelerator is used up',
    source: 'googleapis/python-aiplatform issues (429 "Quota exceeded for aiplatform.googleapis.com/custom_model_serving_*"); field-notes.md',
  },
  {
    message: /nvidia_[a-z0-9_]+_gpus|custom_model_serving_[a-z0-9_]*(?:gpus|cpus)/i,
    why: 'a per-region GPU/CPU quota metric is named in the error',
    source: 'issue #12 ("429 RESOURCE_EXHAUSTED … nvidia_l4_gpus"); Vertex quota docs (custom_model_serving_nvidia_*_gpus metrics)',
  },
  {
    message: /resources? (?:are|is) insufficient in region|insufficient resources|does not have enough resources available|ZONE_RESOURCE_POOL_EXHAUSTED|stockout|out of stock/i,
    why: 'the region has no free machines/accelerators of this type right now (stockout)',
    source: 'issue #12 ("Resources are insufficient in region"); Compute Engine ZONE_RESOURCE_POOL_EXHAUSTED docs',
  },
];

/**
 * API rate limits that Google words as quota errors ("Quota exceeded for quota metric '… requests' and limit
 * '… requests per minute …'"): they say nothing about hardware, so they are transient (retried in place), never
 * capacity; checked before CAPACITY_ERRORS. Without this a throttled poll failed the update while the job ran.
 */
export const RATE_LIMIT_ERRORS: readonly ErrorPattern[] = [
  {
    code: GrpcCode.RESOURCE_EXHAUSTED,
    message: /requests? per (?:minute|second|day)|requests?_per_(?:minute|second|day)|quota metric '[^']*requests'/i,
    why: 'a per-minute API request quota (e.g. Resource management (CRUD) requests per minute per region) is hit',
    source: 'Google Cloud API quota errors ("Quota exceeded for quota metric … requests per minute"); Vertex AI quotas page (requests per minute per region)',
  },
];

/** Errors worth retrying unchanged after a pause. */
export const TRANSIENT_ERRORS: readonly ErrorPattern[] = [
  {
    code: GrpcCode.UNAVAILABLE,
    why: 'the service or connection is briefly unavailable',
    source: 'google-gax default retry codes; Terraform google provider retries 503',
  },
  {
    code: GrpcCode.DEADLINE_EXCEEDED,
    why: 'the call timed out; Vertex calls are slow right after API enablement',
    source: 'googleapis/nodejs-ai-platform#453',
  },
  {
    code: GrpcCode.RESOURCE_EXHAUSTED,
    why: 'rate limited (429) without naming a quota: back off and retry',
    source: 'Terraform google provider retries 429; field-notes.md',
  },
  {
    code: GrpcCode.FAILED_PRECONDITION,
    message: /service agents are being provisioned/i,
    why: 'right after enabling the Vertex API its service agents take a few minutes to appear',
    source: 'GoogleCloudPlatform/generative-ai#1308',
  },
];

/**
 * gRPC codes that mean the request itself is wrong (user error): never retried, never moved to other hardware.
 * The split user vs system follows Kubeflow's batch prediction launcher.
 */
export const USER_ERROR_CODES: ReadonlySet<number> = new Set([
  GrpcCode.INVALID_ARGUMENT,
  GrpcCode.NOT_FOUND,
  GrpcCode.ALREADY_EXISTS,
  GrpcCode.PERMISSION_DENIED,
  GrpcCode.FAILED_PRECONDITION,
  GrpcCode.OUT_OF_RANGE,
  GrpcCode.UNIMPLEMENTED,
]);
