/**
 * Error texts real Vertex AI returns, for fault scenarios (`faults.failNext` / `faults.failOperation`) and for the
 * emulator's own refusals. Each one names where the text was seen; keep the wording exact, the providers match it.
 */
import { status } from '@grpc/grpc-js';

export interface VertexErrorText {
  code: status;
  message: string;
  source: string;
}

export const VERTEX_ERROR_TEXTS = {
  /** Job service account cannot read the input bucket's metadata (batch prediction checks it at create). */
  inputBucketGetDenied: (account: string): VertexErrorText => ({
    code: status.FAILED_PRECONDITION,
    message: `Service account ${account} does not have [storage.buckets.get] IAM permission to the input bucket. Please either copy the files to the Google Cloud Storage bucket owned by your project, or grant the required permission to the service account.`,
    source: 'https://github.com/googleapis/nodejs-automl/issues/254',
  }),
  /** Read/write objects missing on the bucket (model upload, job input and output). */
  objectsDenied: (account: string): VertexErrorText => ({
    code: status.FAILED_PRECONDITION,
    message: `Service account ${account} does not have [storage.objects.get, storage.objects.create] IAM permission(s) to the bucket.`,
    source: 'https://github.com/statmike/vertex-ai-mlops/issues/60',
  }),
  /** Right after aiplatform.googleapis.com is enabled. */
  serviceAgentsProvisioning: (): VertexErrorText => ({
    code: status.FAILED_PRECONDITION,
    message: 'Service agents are being provisioned (https://cloud.google.com/iam/docs/service-agents). Service agents are needed to read the Cloud Storage files provided. So please try again in a few minutes.',
    source: 'https://github.com/GoogleCloudPlatform/generative-ai/issues/1308',
  }),
  /** The project's batch prediction quota, not a hardware quota. */
  batchQuotaExhausted: (): VertexErrorText => ({
    code: status.RESOURCE_EXHAUSTED,
    message: 'Quota exhausted. Please reach out to ai-platform-unified-feedback@google.com for batch prediction quota increase.',
    source: 'https://cloud.google.com/vertex-ai/docs/general/troubleshooting',
  }),
  /** UploadModel with a TF serving image: the artifact folder is not a SavedModel folder. */
  modelDirectory: (artifactUri: string): VertexErrorText => ({
    code: status.FAILED_PRECONDITION,
    message: `Model directory ${artifactUri} is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt].`,
    source: "text reported in this repository's issue 16 (\"FailedPrecondition: Model directory gs://… is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt]\")",
  }),
} as const;
