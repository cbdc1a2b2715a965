// Declares the stack's prediction pipeline: the job input files in the bucket, the Vertex model registration (one
// per serving image the jobs need: a GPU job in a CPU stack runs on a second registration with the GPU image), the
// access each job needs beyond the stack bucket (./job-access.ts), and one BatchPredictionJob per definition: the
// notebook's two (./notebook-jobs.ts) or the stack's own (./config-jobs.ts). Called once by infra/index.ts.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { isGpuServingImage } from '../infra/catalog/machines';
import { BatchPredictionJob, VertexModel } from '../infra/vertex/resources';
import { declareJobAccess } from './job-access';
import {
  inputObjectContent,
  inputObjectName,
  inputResourceName,
  jobDestination,
  jobFields,
  jobServingImage,
  jobSourceUris,
  MODEL_DESCRIPTION,
  modelDisplayName,
  readsGcs,
  type StackHardware,
  writesGcs,
} from './job-layout';
import { type InputFile, type JobDefinition, NOTEBOOK_JOBS } from './notebook-jobs';

/** The stack's prediction.* settings (the hardware every job runs on unless it names its own). */
export type PredictionHardware = StackHardware;

export interface NotebookPredictionArgs {
  project: string;
  region: string;
  /** Prefix for display names, e.g. `use-a1b2c3`. */
  namePrefix: string;
  bucketName: pulumi.Input<string>;
  /** The stack bucket's name as a plain value, to tell foreign buckets in `uris` apart from it. */
  ownBucketName?: string;
  /** Prefix inside the bucket for prediction outputs (the bucket's retention rule matches it), e.g. `predictions/`. */
  predictionOutputPrefix: string;
  serviceAccountEmail: pulumi.Input<string>;
  /** Vertex AI service agent: reads inputs and writes outputs for the jobs, granted like the job account. */
  vertexServiceAgentEmail?: pulumi.Input<string>;
  /** gs:// folder of the exported SavedModel. */
  artifactUri: pulumi.Input<string>;
  servingImageUri: string;
  hardware: PredictionHardware;
  labels: Readonly<Record<string, string>>;
  /** Register as a new version of this model instead of a new model. */
  parentModel?: pulumi.Input<string>;
  /** A model made outside Pulumi that the stack's own registration (its serving image) takes over on create. */
  adoptModel?: string;
  /** Job key → a batch prediction job made outside Pulumi that the job of that key takes over on create. */
  adoptJobs?: Readonly<Record<string, string>>;
  /** Default true: `pulumi up` returns when the jobs have ended (a definition's own setting wins). */
  waitForCompletion?: boolean;
  definitions?: readonly JobDefinition[];
}

export interface NotebookPrediction {
  /** The model on the stack's serving image. */
  model: VertexModel;
  /** Every registration, by serving image (the stack's, plus the other CPU/GPU image when a job needs it). */
  models: Record<string, VertexModel>;
  jobs: Record<string, BatchPredictionJob>;
  inputFiles: gcp.storage.BucketObject[];
}

export function declareNotebookPrediction(args: NotebookPredictionArgs, opts: pulumi.CustomResourceOptions = {}): NotebookPrediction {
  const definitions = args.definitions ?? NOTEBOOK_JOBS;
  const models: Record<string, VertexModel> = {};
  const modelFor = (image: string) =>
    (models[image] ??= new VertexModel(
      // The stack's own image keeps the name `model`; the other one is `model-gpu` / `model-cpu`.
      image === args.servingImageUri ? 'model' : `model-${isGpuServingImage(image) ? 'gpu' : 'cpu'}`,
      {
        project: args.project,
        region: args.region,
        displayName: image === args.servingImageUri ? modelDisplayName(args.namePrefix) : `${modelDisplayName(args.namePrefix)}-${isGpuServingImage(image) ? 'gpu' : 'cpu'}`,
        description: MODEL_DESCRIPTION,
        artifactUri: args.artifactUri,
        imageUri: image,
        labels: { ...args.labels },
        ...(args.parentModel ? { parentModel: args.parentModel } : {}),
        // Only the stack's own image: a second registration (GPU/CPU) is the stack's addition, never adopted.
        ...(image === args.servingImageUri && args.adoptModel ? { adopt: args.adoptModel } : {}),
      },
      opts,
    ));
  const model = modelFor(args.servingImageUri);

  const bucket = pulumi.output(args.bucketName);
  const objects = new Map<string, gcp.storage.BucketObject>();
  const objectFor = (file: InputFile) => {
    const name = inputResourceName(file);
    if (!objects.has(name)) objects.set(name, declareInputObject(name, file, args.bucketName, bucket, opts));
    return objects.get(name)!;
  };
  const access = declareJobAccess(
    { project: args.project, region: args.region, labels: args.labels, ownBucketName: args.ownBucketName, definitions,
      members: [args.serviceAccountEmail, ...(args.vertexServiceAgentEmail ? [args.vertexServiceAgentEmail] : [])] },
    opts,
  );
  const stack = { hardware: args.hardware, servingImageUri: args.servingImageUri, namePrefix: args.namePrefix, labels: args.labels };
  const jobs: Record<string, BatchPredictionJob> = {};
  for (const definition of definitions) {
    const files = definition.files.map(objectFor);
    const fields = jobFields(definition, stack);
    jobs[definition.key] = new BatchPredictionJob(
      `job-${definition.key}`,
      {
        project: args.project,
        region: args.region,
        // The exact version registered, so a re-registration replaces the jobs rather than silently changing them.
        model: modelFor(jobServingImage(definition, args.servingImageUri)).versionName,
        ...fields,
        ...(readsGcs(definition) ? { gcsSourceUris: bucket.apply((name) => jobSourceUris(definition, name)) } : {}),
        ...(writesGcs(definition) ? { gcsDestinationPrefix: bucket.apply((name) => jobDestination(definition, name, args.predictionOutputPrefix)) } : {}),
        serviceAccount: args.serviceAccountEmail,
        waitForCompletion: definition.waitForCompletion ?? args.waitForCompletion ?? true,
        ...(args.adoptJobs?.[definition.key] ? { adopt: args.adoptJobs[definition.key] } : {}),
      },
      { ...opts, dependsOn: [...files, ...(access.byJob[definition.key] ?? []), ...toArray(opts.dependsOn)] },
    );
  }
  return { model, models, jobs, inputFiles: [...objects.values()] };
}

function declareInputObject(
  name: string,
  file: InputFile,
  bucketName: pulumi.Input<string>,
  bucket: pulumi.Output<string>,
  opts: pulumi.CustomResourceOptions,
): gcp.storage.BucketObject {
  return new gcp.storage.BucketObject(
    name,
    {
      bucket: bucketName,
      name: inputObjectName(file),
      // A local file goes up as an asset (its bytes are hashed, never copied into state); its name already carries
      // its digest, so the object is replaced exactly when the file changes.
      ...('localPath' in file
        ? { source: new pulumi.asset.FileAsset(file.localPath) }
        : { content: bucket.apply((b) => inputObjectContent(file, b)), contentType: 'text/plain; charset=utf-8' }),
    },
    opts,
  );
}

function toArray(dependsOn: pulumi.CustomResourceOptions['dependsOn']): pulumi.Input<pulumi.Resource>[] {
  if (!dependsOn) return [];
  return Array.isArray(dependsOn) ? dependsOn : [dependsOn as pulumi.Input<pulumi.Resource>];
}
