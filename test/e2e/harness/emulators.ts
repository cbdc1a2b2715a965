// The GCS and Vertex AI emulators of `npm start`, in the test process, with the job executor that runs the uploaded
// SavedModel: the real CLI's providers reach them through STORAGE_EMULATOR_HOST / VERTEX_EMULATOR_HOST, and the
// tests look at what they hold.
import { startGcsEmulator, type GcsEmulator } from '../../../local/emulator/gcs/server';
import { startVertexEmulator, type JobPhaseMs, type VertexEmulator } from '../../../local/emulator/vertex/server';
import { createLocalExecutor } from '../../../local/cli/executor';

export interface Emulators {
  gcs: GcsEmulator;
  vertex: VertexEmulator;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmulators(options: { jobPhaseMs?: JobPhaseMs } = {}): Promise<Emulators> {
  const gcs = await startGcsEmulator();
  const vertex = await startVertexEmulator({ executor: createLocalExecutor(), jobPhaseMs: options.jobPhaseMs });
  const env = { STORAGE_EMULATOR_HOST: gcs.url, VERTEX_EMULATOR_HOST: vertex.host };
  // The executor reads the model and inputs with @google-cloud/storage in this process.
  Object.assign(process.env, env);
  return {
    gcs,
    vertex,
    env,
    async close() {
      await vertex.close();
      await gcs.close();
    },
  };
}
