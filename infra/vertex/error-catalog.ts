// Which Vertex errors mean what, as data. The waiter retries TRANSIENT ones in place; the create calls wait out
// IAM_PROPAGATION ones for a bounded time; the batch job provider moves to the next hardware candidate on CAPACITY
// ones; BATCH_QUOTA ones are neither; everything else is reported to the user as is, with the `advice` of the entry
// it matches. Each entry's `source` is a URL or a proto file of @google-cloud/aiplatform where the text or rule is
// documented, so the table can be re-checked when Vertex changes its wording.

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
  /** A URL, or a proto file under node_modules/@google-cloud/aiplatform/build/protos/google/cloud/aiplatform/v1/. */
  source: string;
  /** What the user should do, appended to the error they see. */
  advice?: string;
}

const PROTO_DIR = 'node_modules/@google-cloud/aiplatform/build/protos/google/cloud/aiplatform/v1';
/** A proto file shipped with the client, as a source. */
export const protoSource = (file: string, what: string) => `${PROTO_DIR}/${file} (${what})`;

/**
 * Refusals that clear by themselves within minutes of a first deploy: fresh IAM grants not yet applied (Vertex
 * answers PERMISSION_DENIED, or FAILED_PRECONDITION naming the missing storage permission), and the Vertex service
 * agents still being created after the API was enabled. Only the create calls wait these out, within the bounded
 * window of iam-propagation.ts; a refusal that outlasts it is reported with the missing grant (missing-grant.ts).
 */
export const IAM_PROPAGATION_ERRORS: readonly ErrorPattern[] = [
  {
    code: GrpcCode.PERMISSION_DENIED,
    why: 'IAM changes take effect within about 2 minutes (up to 7 in rare cases)',
    source: 'https://cloud.google.com/iam/docs/access-change-propagation',
  },
  {
    code: GrpcCode.FAILED_PRECONDITION,
    message: /does not have \[[^\]]*\] IAM permission/i,
    why: 'Vertex checks the job or model bucket before starting and answers FAILED_PRECONDITION naming the storage permissions it lacks',
    source:
      'https://github.com/googleapis/nodejs-automl/issues/254 ("9 FAILED_PRECONDITION: Service account … does not have [storage.buckets.get] IAM permission to the input bucket"); ' +
      'https://github.com/statmike/vertex-ai-mlops/issues/60 ("… does not have [storage.objects.get, storage.objects.create] IAM permission(s) to the bucket")',
  },
  {
    code: GrpcCode.FAILED_PRECONDITION,
    message: /service agents are being provisioned/i,
    why: 'right after enabling the Vertex API its service agents take a few minutes to appear',
    source: 'https://github.com/GoogleCloudPlatform/generative-ai/issues/1308',
  },
];

/**
 * Batch prediction's own per-project quota (not a machine or GPU quota): another machine type does not help and
 * retrying at once does not either, so it is neither capacity nor transient.
 */
export const BATCH_QUOTA_ERRORS: readonly ErrorPattern[] = [
  {
    message: /quota exhausted\.? please reach out to \S+ for batch prediction quota increase/i,
    why: 'the project has used up its batch prediction quota (concurrent jobs / resources for batch prediction)',
    source: 'https://cloud.google.com/vertex-ai/docs/general/troubleshooting (batch prediction: "Quota exhausted. Please reach out to ai-platform-unified-feedback@google.com for batch prediction quota increase.")',
    advice:
      'This is Vertex AI\'s batch prediction quota for the project, not a machine or GPU quota: other hardware (candidates) would be refused the same way, ' +
      'so none was tried. Ask for a batch prediction quota increase at ai-platform-unified-feedback@google.com (as the message says), or let running batch ' +
      'jobs in this project and region finish, then run `pulumi up` again.',
  },
];

/** Errors whose wording says what is wrong with the request; never retried, reported with the advice. */
export const REQUEST_ERRORS: readonly ErrorPattern[] = [
  {
    code: GrpcCode.FAILED_PRECONDITION,
    message: /is expected to contain exactly one of: \[saved_model\.pb, saved_model\.pbtxt\]/i,
    why: 'UploadModel with a TensorFlow serving image reads the artifact folder: it must hold the SavedModel at its top level',
    source: 'Vertex\'s text as reported in this repository\'s issue 16 ("FailedPrecondition: Model directory gs://… is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt]"); https://cloud.google.com/vertex-ai/docs/training/exporting-model-artifacts#tensorflow',
    advice:
      'artifactUri must be the SavedModel folder itself (the one holding saved_model.pb and variables/), not a parent folder or a file, ' +
      'and exactly one of saved_model.pb / saved_model.pbtxt must be in it; check that the artifact upload finished.',
  },
  {
    code: GrpcCode.FAILED_PRECONDITION,
    message: /^(?=.*\bdeployed)(?=.*\bendpoint)/is,
    why: 'DeleteModel / DeleteModelVersion are refused while an endpoint serves the model (a DeployedModel based on it)',
    source: protoSource('model_service.proto', 'rpc DeleteModel: "A model cannot be deleted if any Endpoint resource has a DeployedModel based on the model"'),
    advice: 'Undeploy the model from the endpoints listed in its deployedModels (Vertex AI console → Online prediction → the endpoint → Undeploy), then run the deletion again.',
  },
];

/**
 * Capacity errors: the hardware asked for is not available now (quota or stock). Retrying the same hardware soon is
 * pointless; another candidate may run. Checked before TRANSIENT, since a quota error also arrives as
 * RESOURCE_EXHAUSTED (429) and must not be retried in place forever.
 */
export const CAPACITY_ERRORS: readonly ErrorPattern[] = [
  {
    message: /quota metrics? exceeds? quota limits?|quota exceeded|exceeded (?:the )?quota|insufficient quota/i,
    why: 'project quota for the requested machine or accelerator is used up',
    source: 'https://github.com/GoogleCloudPlatform/vertex-ai-samples/issues/700 ("The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_…")',
    advice: 'Request quota for the named metric (https://console.cloud.google.com/iam-admin/quotas), or add `candidates` with hardware that has quota in the region.',
  },
  {
    message: /nvidia_[a-z0-9_]+_gpus|custom_model_serving_[a-z0-9_]*(?:gpus|cpus)/i,
    why: 'a per-region GPU/CPU quota metric is named in the error',
    source: 'https://cloud.google.com/vertex-ai/docs/quotas (per-region custom_model_serving_nvidia_*_gpus / *_cpus quota metrics)',
  },
  {
    message: /resources? (?:are|is) insufficient in region|insufficient resources|does not have enough resources available|ZONE_RESOURCE_POOL_EXHAUSTED|stockout|out of stock/i,
    why: 'the region has no free machines/accelerators of this type right now (stockout)',
    source: 'https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-resource-availability (ZONE_RESOURCE_POOL_EXHAUSTED, "does not have enough resources available")',
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
    source: 'https://cloud.google.com/vertex-ai/docs/quotas (Resource management (CRUD) requests per minute per region)',
  },
];

/** Errors worth retrying unchanged after a pause. */
export const TRANSIENT_ERRORS: readonly ErrorPattern[] = [
  {
    code: GrpcCode.UNAVAILABLE,
    why: 'the service or connection is briefly unavailable',
    source: 'https://github.com/googleapis/gax-nodejs/blob/main/gax/src/grpc.ts (UNAVAILABLE among the default retry codes); https://google.aip.dev/194',
  },
  {
    code: GrpcCode.DEADLINE_EXCEEDED,
    why: 'the call timed out; Vertex calls are slow right after API enablement',
    source: 'https://github.com/googleapis/nodejs-ai-platform/issues/453',
  },
  {
    code: GrpcCode.RESOURCE_EXHAUSTED,
    why: 'rate limited (429) without naming a quota: back off and retry',
    source: 'https://google.aip.dev/194 (RESOURCE_EXHAUSTED without a quota named: retry with backoff)',
  },
];

/**
 * gRPC codes that mean the request itself is wrong (user error): never retried, never moved to other hardware.
 * The split user vs system follows Kubeflow's batch prediction launcher
 * (https://github.com/kubeflow/pipelines/tree/master/components/google-cloud/google_cloud_pipeline_components).
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
