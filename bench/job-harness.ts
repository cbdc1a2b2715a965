// What the job benchmarks share: real aiplatform clients on a Vertex emulator, a model uploaded from a SavedModel
// folder in the (emulated) bucket, and a JSONL batch prediction job created and polled the way a user's code does.
import * as path from 'node:path';
import type { protos } from '@google-cloud/aiplatform';
import type { Storage } from '@google-cloud/storage';
import { createVertexClients, type JobServiceClient, type ModelServiceClient } from '../infra/vertex/client';
import { uploadFolder as uploadFolderTo } from '../local/cli/gcs-folders';
import { writeFixture } from '../model/fixture/generate';
import { exportSavedModel } from '../model/savedmodel/export';

// Offline: the Google clients must not probe the GCE metadata server for credentials or a project.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const PARENT = 'projects/bench/locations/us-central1';
export const BUCKET = 'bench-bucket';
const FINAL_STATES = ['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED'];

/** Writes the fixture model (real topology, synthetic weights) under `work` and exports it; returns the SavedModel folder. */
export async function exportFixture(work: string): Promise<string> {
  await writeFixture(path.join(work, 'fixture'));
  const savedModel = path.join(work, 'savedmodel');
  await exportSavedModel({ sourceDir: path.join(work, 'fixture'), outDir: savedModel });
  return savedModel;
}

export async function uploadFolder(storage: Storage, dir: string, prefix: string): Promise<void> {
  await uploadFolderTo(storage, dir, `gs://${BUCKET}/${prefix}`);
}

export interface VertexClients {
  models: ModelServiceClient;
  jobs: JobServiceClient;
  /** Registers the SavedModel under gs://BUCKET/{prefix}; returns the model's resource name. */
  uploadModel(prefix: string): Promise<string>;
  /** Creates a JSONL → JSONL job and polls it every `pollMs` until it ends; throws unless it succeeded. */
  runJsonlJob(request: { displayName: string; model: string; input: string; output: string; batchSize: number; pollMs: number }): Promise<JobMessage>;
  close(): Promise<void>;
}

type JobMessage = protos.google.cloud.aiplatform.v1.IBatchPredictionJob;

export function vertexClients(port: number): VertexClients {
  const clients = createVertexClients('us-central1', { VERTEX_EMULATOR_HOST: `127.0.0.1:${port}` });
  const { models, jobs } = clients;
  return {
    models,
    jobs,
    async uploadModel(prefix) {
      const [upload] = await models.uploadModel({
        parent: PARENT,
        model: { displayName: 'use-lite', artifactUri: `gs://${BUCKET}/${prefix}`, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest' } },
      });
      const [uploaded] = await upload.promise();
      return String(uploaded.model);
    },
    async runJsonlJob({ displayName, model, input, output, batchSize, pollMs }) {
      const [created] = await jobs.createBatchPredictionJob({
        parent: PARENT,
        batchPredictionJob: {
          displayName,
          model,
          inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: [`gs://${BUCKET}/${input}`] } },
          outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: `gs://${BUCKET}/${output}` } },
          dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, startingReplicaCount: 1 },
          manualBatchTuningParameters: { batchSize },
        },
      });
      let job = created;
      while (!FINAL_STATES.includes(String(job.state))) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        [job] = await jobs.getBatchPredictionJob({ name: created.name });
      }
      if (job.state !== 'JOB_STATE_SUCCEEDED') throw new Error(`job ${displayName} ended ${job.state}: ${job.error?.message}`);
      return job;
    },
    close: () => clients.close(),
  };
}
