// A Pulumi program that adopts a Vertex model and batch job made outside Pulumi, the documented way (README
// "Adopting a model or job made outside Pulumi"): the product's resources with `adopt` = the Vertex resource name.
// Compiled with the rest (bin/test/e2e/programs/adopt-program.js) and run by recovery.e2e.ts as its own project.
import * as pulumi from '@pulumi/pulumi';
import { BatchPredictionJob, VertexModel } from '../../../infra/vertex/resources';

const config = new pulumi.Config();
const project = config.require('project');
const region = config.require('region');
const image = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest';

// `adopt` is the provider's input (see infra/vertex/adoption.ts after the provider change); spread so this file
// compiles whether or not the resource types declare it yet.
const model = new VertexModel('adopted-model', {
  project,
  region,
  displayName: config.require('modelDisplayName'),
  artifactUri: config.require('artifactUri'),
  imageUri: image,
  ...{ adopt: config.require('adoptModel') },
});

const job = new BatchPredictionJob('adopted-job', {
  project,
  region,
  displayName: config.require('jobDisplayName'),
  model: model.versionName,
  servingImageUri: image,
  instancesFormat: 'jsonl',
  predictionsFormat: 'jsonl',
  gcsSourceUris: [config.require('source')],
  gcsDestinationPrefix: config.require('destination'),
  machineType: 'n1-standard-4',
  startingReplicaCount: 1,
  maxReplicaCount: 1,
  ...{ adopt: config.require('adoptJob') },
});

export const modelName = model.name;
export const jobName = job.name;
export const jobState = job.state;
