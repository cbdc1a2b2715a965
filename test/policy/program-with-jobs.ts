// Loads the stack program under mocks together with the Vertex resources the notebook flow declares on top of it
// (one VertexModel, the notebook's two BatchPredictionJobs from local/cli/notebook.ts, built with the providers'
// resource classes), so policy and teardown tests see real registrations of every type the pack checks.
// The program (infra/index.ts) declares these itself once the artifact wiring (issue #9) lands; until then this
// composes them with the same inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseStackConfig } from '../../infra/config';
import { BatchPredictionJob, VertexModel } from '../../infra/vertex/resources';
import { notebookJobs } from '../../local/cli/notebook';
import { type MockRun, PROJECT_NAME, runUnderMocks, stackFileConfig } from '../infra/helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');

export async function runProgramWithJobs(stack: 'dev' | 'prod'): Promise<MockRun> {
  const file = join(ROOT, `Pulumi.${stack}.yaml`);
  const raw = (parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown> }).config;
  const config = parseStackConfig(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.startsWith(`${PROJECT_NAME}:`) ? k.slice(PROJECT_NAME.length + 1) : k, v])),
    stack,
  );
  return runUnderMocks({
    stack,
    config: stackFileConfig(file),
    load: async () => {
      const program = require('../../infra/index');
      const model = new VertexModel('use-lite', {
        project: config.project,
        region: config.region,
        displayName: `${config.names.prefix}-use-lite`,
        artifactUri: `gs://${config.bucket.name}/models/use-lite/0000/`,
        imageUri: config.prediction.servingImageUri,
        labels: { ...config.labels },
      });
      for (const job of notebookJobs(config, 'placeholder', stack, PROJECT_NAME)) {
        const { providerVersion: _v, resourceKey: _k, model: _m, ...inputs } = job.inputs;
        new BatchPredictionJob(job.resourceName, { ...inputs, model: model.versionName });
      }
      return program;
    },
  });
}
