// The Pulumi program: read the stack config once, export the model, compose the parts, return the outputs.
// Data flows one way: config → model export (local, cached) → platform (APIs, bucket, identity) → model artifact
// in the bucket → Vertex model → batch jobs. Pulumi runs the compiled copy (bin/infra/index.js, see Pulumi.yaml):
// `npm run build` before preview/up.
import * as pulumi from '@pulumi/pulumi';
import { prepareModelArtifact } from './artifact-export';
import { defaultPrepareOptions } from './artifact-options';
import { ModelArtifact } from './artifact';
import { parentModelFor, vertexNamePrefix } from './artifact-registration';
import { readStackConfig } from './config';
import { Platform } from './platform';
import { configJobDefinitions } from '../jobs/config-jobs';
import { declareNotebookPrediction } from '../jobs/declare';

export = async () => {
  const config = readStackConfig();
  // Before any resource exists: a failed export fails the update with the exporter's message, nothing changed.
  // Progress goes to the Pulumi output; without an engine (tests under mocks) it would only clutter stdout.
  const log = pulumi.runtime.hasEngine() ? (line: string) => void pulumi.log.info(line) : () => {};
  const exported = await prepareModelArtifact(config.model, defaultPrepareOptions(log));

  const platform = new Platform('platform', { config });
  const artifact = new ModelArtifact('model-artifact', { bucket: platform.bucketName, artifact: exported, keep: config.model.keepArtifacts });

  // ── Vertex model and batch jobs (providers, jobs/ + infra/vertex/) ────────────────────────────────────────────
  // After the platform: the IAM grants must exist before Vertex reads the artifact or a job runs as the SA.
  // model.registration = version: each artifact becomes a version under a parent model registered once.
  const parent = parentModelFor(config, artifact.uri, { dependsOn: [platform] });
  const prediction = declareNotebookPrediction(
    {
      project: config.project,
      region: config.region,
      namePrefix: vertexNamePrefix(config),
      bucketName: platform.bucketName,
      ownBucketName: config.bucket.name,
      predictionOutputPrefix: config.bucket.predictionOutputPrefix,
      serviceAccountEmail: platform.serviceAccountEmail,
      vertexServiceAgentEmail: platform.vertexServiceAgentEmail,
      artifactUri: artifact.uri,
      servingImageUri: config.prediction.servingImageUri,
      hardware: {
        machineType: config.prediction.machineType,
        acceleratorType: config.prediction.acceleratorType,
        acceleratorCount: config.prediction.acceleratorCount,
        startingReplicaCount: config.prediction.startingReplicaCount,
        maxReplicaCount: config.prediction.maxReplicaCount,
        batchSize: config.prediction.batchSize,
        // prediction.candidates: fallback hardware in the same region when the above has no capacity.
        ...(config.prediction.candidates ? { candidates: [...config.prediction.candidates] } : {}),
      },
      labels: config.labels,
      ...(parent ? { parentModel: parent.name } : {}),
      // vertex-embeddings:adopt (infra/config-adopt.ts): with versions the adopted Model is the parent (above).
      ...(config.adopt.model && !parent ? { adoptModel: config.adopt.model } : {}),
      adoptJobs: config.adopt.jobs,
      // vertex-embeddings:jobs: the stack's own jobs; none declared = the notebook's two.
      ...(config.jobs ? { definitions: configJobDefinitions(config.jobs) } : {}),
    },
    { dependsOn: [platform] },
  );

  return {
    project: config.project,
    region: config.region,
    environment: config.environment,
    nameSuffix: config.names.suffix,
    labels: config.labels,
    bucketName: platform.bucketName,
    bucketUrl: platform.bucketUrl,
    predictionOutputPrefix: config.bucket.predictionOutputPrefix,
    serviceAccountEmail: platform.serviceAccountEmail,
    vertexServiceAgentEmail: platform.vertexServiceAgentEmail,
    predictionDefaults: config.prediction,
    modelSource: config.model.source,
    artifactDigest: artifact.digest,
    artifactUri: artifact.uri,
    artifactHistory: artifact.history,
    modelName: prediction.model.versionName,
    modelResourceName: prediction.model.name,
    modelVersionId: prediction.model.versionId,
    // Per job: its Pulumi resource name (what `npm run results` is given), Vertex name, state, output directory.
    predictionJobs: Object.fromEntries(
      Object.entries(prediction.jobs).map(([key, job]) => [
        key,
        { resourceName: `job-${key}`, name: job.name, state: job.state, outputDirectory: job.outputDirectory },
      ]),
    ),
  };
};
