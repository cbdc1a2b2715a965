// The notebook's two jobs (jobs/notebook-jobs.ts) as plain provider inputs and input files, laid out exactly as
// jobs/declare.ts lays them out for `pulumi up` (input folder, output prefix, display names, labels, hardware),
// so `npm start` runs the jobs the stack would run. declare.ts works on Pulumi Inputs; here values are plain.
import type { StackConfig } from '../../infra/config';
import type { BatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { PROVIDER_VERSION } from '../../infra/vertex/version';
import { JOB_INPUT_PREFIX } from '../../jobs/declare';
import { NOTEBOOK_JOBS, renderContent } from '../../jobs/notebook-jobs';

const BATCH_JOB_TYPE = 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob';

export interface NotebookJob {
  key: string;
  /**
   * Name test/policy/program-with-jobs.ts registers the job under (`notebook-<format>-job`, from an earlier version
   * of this module); the stack itself names it `job-<key>` (jobs/declare.ts), as resourceKey below does.
   */
  resourceName: string;
  inputs: BatchJobInputs;
  /** Objects to upload before the job runs: name in the bucket → contents. */
  files: { name: string; contents: string }[];
}

/** Display-name prefix as the stack uses it: `<namePrefix>-<suffix>`, e.g. `use-91c075`. */
export function stackNamePrefix(config: StackConfig): string {
  return `${config.names.prefix}-${config.names.suffix}`;
}

/**
 * `legacyProjectName`: an earlier signature was (config, model, stack, projectName), still used by
 * test/policy/program-with-jobs.ts; the stack now comes from `config.stack`, so a 4th argument means that form.
 */
export function notebookJobs(config: StackConfig, modelVersionName: string, projectNameOrStack: string, legacyProjectName?: string): NotebookJob[] {
  const projectName = legacyProjectName ?? projectNameOrStack;
  const bucket = config.bucket.name;
  const inputFolder = `gs://${bucket}/${JOB_INPUT_PREFIX}`;
  const outputPrefix = config.bucket.predictionOutputPrefix.replace(/\/+$/, '');
  const { prediction } = config;
  return NOTEBOOK_JOBS.map((definition) => ({
    key: definition.key,
    resourceName: `notebook-${definition.instancesFormat}-job`,
    files: definition.files.map((file) => ({
      name: `${JOB_INPUT_PREFIX}/${definition.key}/${file.path}`,
      contents: renderContent(file, `${inputFolder}/${definition.key}`),
    })),
    inputs: {
      providerVersion: PROVIDER_VERSION,
      // The URN Pulumi would give `job-<key>` (pulumi.createUrn without a parent): the adoption label hashes it.
      resourceKey: `urn:pulumi:${config.stack}::${projectName}::${BATCH_JOB_TYPE}::job-${definition.key}`,
      project: config.project,
      region: config.region,
      displayName: `${stackNamePrefix(config)}-${definition.key}`,
      model: modelVersionName,
      servingImageUri: prediction.servingImageUri,
      instancesFormat: definition.instancesFormat,
      predictionsFormat: definition.predictionsFormat,
      gcsSourceUris: definition.sources.map((source) => `${inputFolder}/${definition.key}/${source}`),
      gcsDestinationPrefix: `gs://${bucket}/${outputPrefix}/${definition.key}`,
      machineType: prediction.machineType,
      ...(prediction.acceleratorType ? { acceleratorType: prediction.acceleratorType, acceleratorCount: prediction.acceleratorCount } : {}),
      startingReplicaCount: prediction.startingReplicaCount,
      maxReplicaCount: prediction.maxReplicaCount,
      manualBatchSize: prediction.batchSize,
      serviceAccount: `${config.names.serviceAccountId}@${config.project}.iam.gserviceaccount.com`,
      labels: { ...config.labels, job: definition.key },
      waitForCompletion: true,
    },
  }));
}
