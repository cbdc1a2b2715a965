/** Test helper: a Vertex emulator with the real @google-cloud/aiplatform v1 clients pointed at it. */
import type { protos } from '@google-cloud/aiplatform';
import { createVertexClients, type JobServiceClient, type ModelServiceClient } from '../../infra/vertex/client';
import { startVertexEmulator, type VertexEmulator, type VertexEmulatorOptions } from '../../local/emulator/vertex/server';

export const PARENT = 'projects/test-project/locations/us-central1';

type IModel = protos.google.cloud.aiplatform.v1.IModel;
type IBatchPredictionJob = protos.google.cloud.aiplatform.v1.IBatchPredictionJob;

export interface EmulatorWithClients {
  emulator: VertexEmulator;
  models: ModelServiceClient;
  jobs: JobServiceClient;
  close(): Promise<void>;
}

export async function startWithClients(opts: VertexEmulatorOptions = {}): Promise<EmulatorWithClients> {
  const emulator = await startVertexEmulator(opts);
  // The product's one client factory, pointed at the emulator the way every user of it is: by configuration.
  const clients = createVertexClients('us-central1', { VERTEX_EMULATOR_HOST: emulator.host });
  return {
    emulator,
    models: clients.models,
    jobs: clients.jobs,
    async close() {
      await clients.close();
      await emulator.close();
    },
  };
}

export function modelSpec(overrides: IModel = {}): IModel {
  return {
    displayName: 'use-lite',
    artifactUri: 'gs://test-bucket/models/use-lite',
    containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest' },
    labels: { app: 'embeddings' },
    ...overrides,
  };
}

/** Uploads a model and waits for the LRO; returns the model's resource name. */
export async function uploadModel(clients: EmulatorWithClients, overrides: IModel = {}): Promise<string> {
  const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec(overrides) });
  const [response] = await operation.promise();
  return response.model ?? '';
}

export function jobSpec(model: string, overrides: IBatchPredictionJob = {}): IBatchPredictionJob {
  return {
    displayName: 'embed-sentences',
    model,
    inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: ['gs://test-bucket/inputs/sentences.jsonl'] } },
    outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: 'gs://test-bucket/outputs' } },
    dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, startingReplicaCount: 1, maxReplicaCount: 1 },
    labels: { 'job-key': 'k1' },
    ...overrides,
  };
}

export async function createJob(clients: EmulatorWithClients, model: string, overrides: IBatchPredictionJob = {}): Promise<string> {
  const [job] = await clients.jobs.createBatchPredictionJob({ parent: PARENT, batchPredictionJob: jobSpec(model, overrides) });
  return job.name ?? '';
}

/** The gRPC status code and message of a rejected call. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (error) {
    // A failed call carries the status text in `details`; a failed long-running operation (gax) in `message`.
    const { code, details, message } = error as { code: number; details?: string; message: string };
    return { code, details: details ?? message };
  }
  throw new Error('expected the call to fail, it succeeded');
}
