// What an interrupted `npm start` must undo in its emulated project: every batch prediction job (cancelled
// first if it runs) and every model there. The emulators live in this process, so all they hold was made by
// this run; the deletes go through the same providers (and RPCs) as the normal end of the run and `pulumi
// destroy`, so an interrupted run ends exactly as a finished one does.
import type { BatchJobOutputs, BatchJobProvider } from '../../infra/vertex/batch-job-provider';
import { createVertexClients } from '../../infra/vertex/client';
import type { ModelProvider, VertexModelOutputs } from '../../infra/vertex/model-provider';

export async function deleteEverythingInProject(
  location: { project: string; region: string },
  providers: { jobs: BatchJobProvider; models: ModelProvider },
  log: (line: string) => void,
): Promise<void> {
  const clients = createVertexClients(location.region);
  const parent = `projects/${location.project}/locations/${location.region}`;
  try {
    const [jobs] = await clients.jobs.listBatchPredictionJobs({ parent });
    // Jobs first: Vertex refuses to delete a model that a job still uses.
    for (const job of jobs) {
      const props = { ...location, name: job.name, displayName: job.displayName } as unknown as BatchJobOutputs;
      await providers.jobs.delete(String(job.name), props);
      log(`  deleted job ${job.name}`);
    }
    const [models] = await clients.models.listModels({ parent });
    for (const model of models) {
      await providers.models.delete(String(model.name), { ...location, name: model.name } as unknown as VertexModelOutputs);
      log(`  deleted model ${model.name}`);
    }
  } finally {
    await clients.close();
  }
}
