// The stack's jobs (its own `jobs` config, else the notebook's two) as plain provider inputs and input files, laid
// out by jobs/job-layout.ts exactly as jobs/declare.ts lays them out for `pulumi up` (input folder, output prefix,
// display names, labels, hardware, content-addressed local files), so `npm start` runs the jobs the stack would
// run. declare.ts works on Pulumi Inputs; here values are plain.
import { readFileSync } from 'node:fs';
import { vertexNamePrefix } from '../../infra/artifact-registration';
import type { StackConfig } from '../../infra/config';
import type { BatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { PROVIDER_VERSION } from '../../infra/vertex/version';
import { configJobDefinitions } from '../../jobs/config-jobs';
import { inputObjectContent, inputObjectName, jobDestination, jobFields, jobServingImage, jobSourceUris, readsGcs, writesGcs } from '../../jobs/job-layout';
import { type InputFile, type JobDefinition, NOTEBOOK_JOBS } from '../../jobs/notebook-jobs';

const BATCH_JOB_TYPE = 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob';

export interface NotebookJob {
  key: string;
  definition: JobDefinition;
  inputs: BatchJobInputs;
  /** Objects to upload before the job runs: name in the bucket → contents. */
  files: { name: string; contents: string | Buffer }[];
}

/** The job definitions a stack runs: its `jobs`, or the notebook's two when it declares none. */
export const stackDefinitions = (config: StackConfig): readonly JobDefinition[] => (config.jobs ? configJobDefinitions(config.jobs) : NOTEBOOK_JOBS);

/** `--job KEY` with `--stack`: a job key of the stack names its job's display name (`<namePrefix>-<key>`). */
export function jobReference(config: StackConfig, nameOrKey: string): string {
  return stackDefinitions(config).some((d) => d.key === nameOrKey) ? `${vertexNamePrefix(config)}-${nameOrKey}` : nameOrKey;
}

/** `modelFor(servingImageUri)` = the registered model version to run a job on that image. */
export function notebookJobs(config: StackConfig, modelFor: string | ((servingImageUri: string) => string), projectName: string): NotebookJob[] {
  const bucket = config.bucket.name;
  const { prediction } = config;
  const model = typeof modelFor === 'string' ? () => modelFor : modelFor;
  const stack = { hardware: prediction, servingImageUri: prediction.servingImageUri, namePrefix: vertexNamePrefix(config), labels: config.labels };
  return stackDefinitions(config).map((definition) => ({
    key: definition.key,
    definition,
    files: definition.files.map((file) => ({ name: inputObjectName(file), contents: fileContents(file, bucket) })),
    inputs: {
      providerVersion: PROVIDER_VERSION,
      // The URN Pulumi would give `job-<key>` (pulumi.createUrn without a parent): the adoption label hashes it.
      resourceKey: `urn:pulumi:${config.stack}::${projectName}::${BATCH_JOB_TYPE}::job-${definition.key}`,
      project: config.project,
      region: config.region,
      model: model(jobServingImage(definition, prediction.servingImageUri)),
      ...jobFields(definition, stack),
      ...(readsGcs(definition) ? { gcsSourceUris: jobSourceUris(definition, bucket) } : {}),
      ...(writesGcs(definition) ? { gcsDestinationPrefix: jobDestination(definition, bucket, config.bucket.predictionOutputPrefix) } : {}),
      serviceAccount: `${config.names.serviceAccountId}@${config.project}.iam.gserviceaccount.com`,
    },
  }));
}

function fileContents(file: InputFile, bucket: string): string | Buffer {
  return 'localPath' in file ? readFileSync(file.localPath) : inputObjectContent(file, bucket);
}
