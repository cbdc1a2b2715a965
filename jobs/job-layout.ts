// Where the notebook jobs live, as plain functions of plain values: the objects each job reads, where its predictions
// go, its display name and labels. `pulumi up` (./declare.ts, on Pulumi Inputs) and `npm start` (local/cli/notebook.ts,
// on plain config values) both lay the jobs out through these, so the two runs cannot drift apart.
import type { HardwareCandidate } from '../infra/vertex/batch-job-inputs';
import type { InputFile, JobDefinition } from './notebook-jobs';
import { renderContent } from './notebook-jobs';

/** Folder (in the bucket) holding the jobs' input files; predictions go under the stack's output prefix. */
export const JOB_INPUT_PREFIX = 'inputs';
/** What the registered model is called and says it is. */
export const MODEL_DESCRIPTION = 'Universal Sentence Encoder lite (512-d sentence embeddings), exported to a TF SavedModel';
export const modelDisplayName = (namePrefix: string) => `${namePrefix}-use-lite`;

/** gs:// URI of the folder every job input file is uploaded to (file names are unique across jobs). */
export const inputFolderUri = (bucket: string) => `gs://${bucket}/${JOB_INPUT_PREFIX}`;
/** Object name of one input file in the bucket. */
export const inputObjectName = (file: InputFile) => `${JOB_INPUT_PREFIX}/${file.path}`;
/** Content of one text input file once uploaded (`{input}` → the input folder). */
export const inputObjectContent = (file: { content: string }, bucket: string) => renderContent(file, inputFolderUri(bucket));
/** Pulumi name of the BucketObject holding one input file (one per object name, whichever jobs read it). */
export const inputResourceName = (file: InputFile) => `job-input-${file.path.replace(/[^a-z0-9]+/gi, '-')}`;
/** The job's gcsSourceUris: its files in the stack bucket, then the objects it reads in place. */
export const jobSourceUris = (definition: JobDefinition, bucket: string) => [
  ...definition.sources.map((source) => `${inputFolderUri(bucket)}/${source}`),
  ...(definition.foreignSources ?? []),
];
/** The job's gcsDestinationPrefix: one folder per job under the stack's prediction output prefix. */
export const jobDestination = (definition: JobDefinition, bucket: string, predictionOutputPrefix: string) =>
  `gs://${bucket}/${predictionOutputPrefix.replace(/\/+$/, '')}/${definition.key}`;
export const jobDisplayName = (definition: JobDefinition, namePrefix: string) => `${namePrefix}-${definition.key}`;
export const jobLabels = (definition: JobDefinition, labels: Readonly<Record<string, string>>) => ({ ...labels, ...definition.labels, job: definition.key });

/** The stack's prediction.* settings a job runs with unless it names its own hardware. */
export interface StackHardware {
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  startingReplicaCount: number;
  maxReplicaCount: number;
  batchSize: number;
  candidates?: readonly HardwareCandidate[];
}

/** Serving image of the model a job runs on: its own hardware's, or the stack's. */
export const jobServingImage = (definition: JobDefinition, stackImage: string) => definition.hardware?.servingImageUri ?? stackImage;

/**
 * The provider inputs of a job that depend neither on the bucket nor on the model (both Pulumi outputs in
 * declare.ts, plain values in `npm start`): formats, BigQuery source/destination, hardware, labels, waiting.
 */
export function jobFields(definition: JobDefinition, stack: { hardware: StackHardware; servingImageUri: string; namePrefix: string; labels: Readonly<Record<string, string>> }) {
  const { candidates, batchSize, ...primary } = definition.hardware ?? stack.hardware;
  return {
    displayName: jobDisplayName(definition, stack.namePrefix),
    servingImageUri: jobServingImage(definition, stack.servingImageUri),
    instancesFormat: definition.instancesFormat,
    predictionsFormat: definition.predictionsFormat,
    ...(definition.bigquerySource ? { bigquerySourceUri: definition.bigquerySource } : {}),
    ...(definition.bigqueryDestination ? { bigqueryDestinationPrefix: definition.bigqueryDestination } : {}),
    machineType: primary.machineType,
    ...(primary.acceleratorType ? { acceleratorType: primary.acceleratorType, acceleratorCount: primary.acceleratorCount } : {}),
    startingReplicaCount: primary.startingReplicaCount,
    maxReplicaCount: primary.maxReplicaCount,
    manualBatchSize: batchSize,
    labels: jobLabels(definition, stack.labels),
    ...(candidates?.length ? { candidates: candidates.map((c) => ({ ...c })) } : {}),
    ...(definition.instanceConfig ? { instanceConfig: definition.instanceConfig } : {}),
    waitForCompletion: definition.waitForCompletion ?? true,
    ...(definition.completionTimeoutSeconds === undefined ? {} : { completionTimeoutSeconds: definition.completionTimeoutSeconds }),
  };
}

/** Whether the job reads objects from the stack bucket / writes files there (not BigQuery). */
export const readsGcs = (definition: JobDefinition) => definition.bigquerySource === undefined;
export const writesGcs = (definition: JobDefinition) => definition.bigqueryDestination === undefined;
