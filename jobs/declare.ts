// Declares the notebook's prediction pipeline in the stack: the job input files in the bucket, the Vertex model
// registration, and one BatchPredictionJob per definition in ./notebook-jobs, all wired to the platform's bucket,
// service account and the stack's machine/accelerator settings. Called once by infra/index.ts.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { HardwareCandidate } from '../infra/vertex/batch-job-inputs';
import { BatchPredictionJob, VertexModel } from '../infra/vertex/resources';
import {
  inputObjectContent,
  inputObjectName,
  jobDestination,
  jobDisplayName,
  jobLabels,
  jobSourceUris,
  MODEL_DESCRIPTION,
  modelDisplayName,
} from './job-layout';
import { type JobDefinition, NOTEBOOK_JOBS } from './notebook-jobs';

export interface PredictionHardware {
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  startingReplicaCount: number;
  maxReplicaCount: number;
  /** Instances per request sent to a replica. */
  batchSize: number;
  /** Ordered fallback hardware for GPU shortages (same region). */
  candidates?: HardwareCandidate[];
}

export interface NotebookPredictionArgs {
  project: string;
  region: string;
  /** Prefix for display names, e.g. `use-a1b2c3`. */
  namePrefix: string;
  bucketName: pulumi.Input<string>;
  /** Prefix inside the bucket for prediction outputs (the bucket's retention rule matches it), e.g. `predictions/`. */
  predictionOutputPrefix: string;
  serviceAccountEmail: pulumi.Input<string>;
  /** gs:// folder of the exported SavedModel. */
  artifactUri: pulumi.Input<string>;
  servingImageUri: string;
  hardware: PredictionHardware;
  labels: Readonly<Record<string, string>>;
  /** Register as a new version of this model instead of a new model. */
  parentModel?: pulumi.Input<string>;
  /** Default true: `pulumi up` returns when the jobs have ended. */
  waitForCompletion?: boolean;
  definitions?: readonly JobDefinition[];
}

export interface NotebookPrediction {
  model: VertexModel;
  jobs: Record<string, BatchPredictionJob>;
  inputFiles: gcp.storage.BucketObject[];
}

export function declareNotebookPrediction(args: NotebookPredictionArgs, opts: pulumi.CustomResourceOptions = {}): NotebookPrediction {
  const model = new VertexModel(
    'model',
    {
      project: args.project,
      region: args.region,
      displayName: modelDisplayName(args.namePrefix),
      description: MODEL_DESCRIPTION,
      artifactUri: args.artifactUri,
      imageUri: args.servingImageUri,
      labels: { ...args.labels },
      ...(args.parentModel ? { parentModel: args.parentModel } : {}),
    },
    opts,
  );

  const bucket = pulumi.output(args.bucketName);
  const inputFiles: gcp.storage.BucketObject[] = [];
  const jobs: Record<string, BatchPredictionJob> = {};
  for (const definition of args.definitions ?? NOTEBOOK_JOBS) {
    const files = definition.files.map(
      (file) =>
        new gcp.storage.BucketObject(
          `job-input-${file.path.replace(/[^a-z0-9]+/gi, '-')}`,
          {
            bucket: args.bucketName,
            name: inputObjectName(file),
            content: bucket.apply((name) => inputObjectContent(file, name)),
            contentType: 'text/plain; charset=utf-8',
          },
          opts,
        ),
    );
    inputFiles.push(...files);
    const { candidates, batchSize, ...primary } = args.hardware;
    jobs[definition.key] = new BatchPredictionJob(
      `job-${definition.key}`,
      {
        project: args.project,
        region: args.region,
        displayName: jobDisplayName(definition, args.namePrefix),
        // The exact version registered, so a re-registration replaces the jobs rather than silently changing them.
        model: model.versionName,
        servingImageUri: args.servingImageUri,
        instancesFormat: definition.instancesFormat,
        predictionsFormat: definition.predictionsFormat,
        gcsSourceUris: bucket.apply((name) => jobSourceUris(definition, name)),
        gcsDestinationPrefix: bucket.apply((name) => jobDestination(definition, name, args.predictionOutputPrefix)),
        ...primary,
        manualBatchSize: batchSize,
        serviceAccount: args.serviceAccountEmail,
        labels: jobLabels(definition, args.labels),
        ...(candidates?.length ? { candidates } : {}),
        waitForCompletion: args.waitForCompletion ?? true,
      },
      { ...opts, dependsOn: [...files, ...toArray(opts.dependsOn)] },
    );
  }
  return { model, jobs, inputFiles };
}

function toArray(dependsOn: pulumi.CustomResourceOptions['dependsOn']): pulumi.Input<pulumi.Resource>[] {
  if (!dependsOn) return [];
  return Array.isArray(dependsOn) ? dependsOn : [dependsOn as pulumi.Input<pulumi.Resource>];
}
