// What exists in the emulators, asked through the real Google clients (as a user's gcloud / console would show it).
import { Storage } from '@google-cloud/storage';
import { createVertexClients } from '../../../infra/vertex/client';

export interface LiveJob {
  name: string;
  displayName: string;
  state: string;
}

export async function listJobs(project: string, region: string): Promise<LiveJob[]> {
  const clients = createVertexClients(region);
  try {
    const [jobs] = await clients.jobs.listBatchPredictionJobs({ parent: `projects/${project}/locations/${region}` });
    return jobs.map((job) => ({ name: String(job.name), displayName: String(job.displayName), state: String(job.state) }));
  } finally {
    await clients.close();
  }
}

export async function listModels(project: string, region: string): Promise<string[]> {
  const clients = createVertexClients(region);
  try {
    const [models] = await clients.models.listModels({ parent: `projects/${project}/locations/${region}` });
    return models.map((model) => String(model.name));
  } finally {
    await clients.close();
  }
}

export async function listObjects(bucket: string, prefix = ''): Promise<string[]> {
  const storage = new Storage({ projectId: 'e2e' });
  const [exists] = await storage.bucket(bucket).exists();
  if (!exists) return [];
  const [files] = await storage.bucket(bucket).getFiles({ prefix });
  return files.map((file) => file.name);
}

export async function bucketExists(bucket: string): Promise<boolean> {
  return (await new Storage({ projectId: 'e2e' }).bucket(bucket).exists())[0];
}
