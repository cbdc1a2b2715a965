// The notebook's two jobs (jobs/notebook-jobs.ts) as plain provider inputs and input files, laid out by
// jobs/job-layout.ts exactly as jobs/declare.ts lays them out for `pulumi up` (input folder, output prefix, display
// names, labels, hardware), so `npm start` runs the jobs the stack would run. declare.ts works on Pulumi Inputs; here
// values are plain.
import { vertexNamePrefix } from '../../infra/artifact-registration';
import type { StackConfig } from '../../infra/config';
import type { BatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { PROVIDER_VERSION } from '../../infra/vertex/version';
import { inputObjectContent, inputObjectName, jobDestination, jobDisplayName, jobLabels, jobSourceUris } from '../../jobs/job-layout';
import { NOTEBOOK_JOBS } from '../../jobs/notebook-jobs';

const BATCH_JOB_TYPE = 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob';

export interface NotebookJob {
  key: string;
  inputs: BatchJobInputs;
  /** Objects to upload before the job runs: name in the bucket → contents. */
  files: { name: string; contents: string }[];
}

export function notebookJobs(config: StackConfig, modelVersionName: string, projectName: string): NotebookJob[] {
  const bucket = config.bucket.name;
  const { prediction } = config;
  return NOTEBOOK_JOBS.map((definition) => ({
    key: definition.key,
    files: definition.files.map((file) => ({ name: inputObjectName(file), contents: inputObjectContent(file, bucket) })),
    inputs: {
      providerVersion: PROVIDER_VERSION,
      // The URN Pulumi would give `job-<key>` (pulumi.createUrn without a parent): the adoption label hashes it.
      resourceKey: `urn:pulumi:${config.stack}::${projectName}::${BATCH_JOB_TYPE}::job-${definition.key}`,
      project: config.project,
      region: config.region,
      displayName: jobDisplayName(definition, vertexNamePrefix(config)),
      model: modelVersionName,
      servingImageUri: prediction.servingImageUri,
      instancesFormat: definition.instancesFormat,
      predictionsFormat: definition.predictionsFormat,
      gcsSourceUris: jobSourceUris(definition, bucket),
      gcsDestinationPrefix: jobDestination(definition, bucket, config.bucket.predictionOutputPrefix),
      machineType: prediction.machineType,
      ...(prediction.acceleratorType ? { acceleratorType: prediction.acceleratorType, acceleratorCount: prediction.acceleratorCount } : {}),
      startingReplicaCount: prediction.startingReplicaCount,
      maxReplicaCount: prediction.maxReplicaCount,
      manualBatchSize: prediction.batchSize,
      serviceAccount: `${config.names.serviceAccountId}@${config.project}.iam.gserviceaccount.com`,
      labels: jobLabels(definition, config.labels),
      ...(prediction.candidates ? { candidates: [...prediction.candidates] } : {}),
      waitForCompletion: true,
    },
  }));
}
