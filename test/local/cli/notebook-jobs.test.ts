// `npm start` runs the jobs `pulumi up` would run: for each committed stack, the provider inputs and input files
// local/cli/notebook.ts builds equal what the stack program (infra/index.ts under mocks) registers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadStackConfig } from '../../../local/cli/stack-file';
import { notebookJobs } from '../../../local/cli/notebook';
import { ofType, one, PROJECT_NAME, runUnderMocks, stackFileConfig, TYPES } from '../../infra/helpers/mock-stack';

const ROOT = join(__dirname, '..', '..', '..');
const { JOB, MODEL, OBJECT } = TYPES;
// Inputs only the stack has (Pulumi-side) or only npm start sets.
const STACK_ONLY = ['__provider', 'providerVersion', 'resourceKey'];

/** A value the mock monitor received as a serialized output (`{ <sig>: ..., value }`) or as is. */
const plain = (value: unknown) => (value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value);

for (const stack of ['dev', 'prod'] as const) {
  describe(`npm start lays out the ${stack} stack's notebook jobs as the stack program does`, () => {
    it('same job inputs and the same input objects', async () => {
      const run = await runUnderMocks({ stack, config: stackFileConfig(join(ROOT, `Pulumi.${stack}.yaml`)), load: async () => require('../../../infra/index') });
      const model = one(run, MODEL).inputs;
      const versionName = `projects/${model.project}/locations/${model.region}/models/${model.displayName}@1`;
      const local = notebookJobs(loadStackConfig(stack), versionName, PROJECT_NAME);

      const declared = ofType(run, JOB);
      assert.deepEqual(local.map((job) => `job-${job.key}`).sort(), declared.map((job) => job.name).sort());
      for (const job of local) {
        const stackInputs = Object.fromEntries(Object.entries(declared.find((j) => j.name === `job-${job.key}`)!.inputs).filter(([key]) => !STACK_ONLY.includes(key)));
        const localInputs = Object.fromEntries(Object.entries(job.inputs).filter(([key]) => !STACK_ONLY.includes(key)));
        assert.deepEqual(localInputs, stackInputs);
      }
      const objects = ofType(run, OBJECT).filter((o) => String(o.inputs.name).startsWith('inputs/'));
      assert.deepEqual(
        local.flatMap((job) => job.files).map((f) => [f.name, f.contents]).sort(),
        objects.map((o) => [o.inputs.name, plain(o.inputs.content)]).sort(),
      );
    });
  });
}
