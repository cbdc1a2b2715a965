// `pulumi preview` of an in-place update of the model (labels, description, a new provider version) and the artifact
// (keep, provider version) must not show the jobs as replaced. The engine's preview rules for a dynamic resource are
// reproduced in the mocks: an Update is answered with the resource's id and its new inputs echoed as outputs
// (pulumi/pulumi pkg/resource/plugin/provider_plugin.go Update with preview and no provider preview support;
// pkg/resource/deploy/step.go UpdateStep.Apply keeps the id), and the SDK marks every other output unknown.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import { type BatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { BatchJobProvider } from '../../../infra/vertex/batch-job-provider';
import { type MockRun, mockResource, ofType, one, runUnderMocks, stackFileConfig, TYPES } from '../helpers/mock-stack';

const ROOT = join(__dirname, '..', '..', '..');
const config = stackFileConfig(join(ROOT, 'Pulumi.dev.yaml'));
const isDynamic = (type: string) => type.startsWith('pulumi-nodejs:dynamic/');

describe('preview of an in-place model and artifact update (dev stack under the engine\'s preview rules)', () => {
  let deployed: MockRun;
  let previewed: MockRun;
  const ids = new Map<string, string | undefined>();

  before(async () => {
    // `pulumi up` once: remember each resource's id, as state does.
    deployed = await runUnderMocks({
      stack: 'dev',
      config,
      load: async () => require('../../../infra/index'),
      newResource: (args) => {
        const created = mockResource(args);
        ids.set(`${args.type}::${args.name}`, created.id);
        return created;
      },
    });
    // `pulumi preview` where every dynamic resource is updated in place: id kept, inputs echoed, nothing else.
    previewed = await runUnderMocks({
      stack: 'dev',
      config,
      preview: true,
      load: async () => require('../../../infra/index'),
      newResource: (args: pulumi.runtime.MockResourceArgs) =>
        isDynamic(args.type) ? { id: ids.get(`${args.type}::${args.name}`), state: { ...args.inputs } } : mockResource(args),
    });
  });

  it('the model keeps its artifact uri and the jobs keep the model version they run', () => {
    assert.equal(one(previewed, TYPES.MODEL).inputs.artifactUri, one(deployed, TYPES.MODEL).inputs.artifactUri);
    const modelId = ids.get(`${TYPES.MODEL}::model`);
    assert.match(String(modelId), /^projects\/my-embeddings-dev\/locations\/us-central1\/models\/.+@1$/);
    for (const job of ofType(previewed, TYPES.JOB)) assert.equal(job.inputs.model, modelId, job.name);
  });

  it('the job provider\'s diff of the previewed inputs against the deployed ones is empty: no phantom replace', async () => {
    const provider = new BatchJobProvider();
    for (const job of ofType(previewed, TYPES.JOB)) {
      const before = one(deployed, TYPES.JOB, job.name).inputs as BatchJobInputs;
      const diff = await provider.diff(`${job.name}-id`, before as never, job.inputs as BatchJobInputs);
      assert.deepEqual({ changes: diff.changes, replaces: diff.replaces }, { changes: false, replaces: [] }, job.name);
    }
  });

  it('stack outputs name the same model version', () => {
    assert.equal(previewed.outputs.modelName, deployed.outputs.modelName);
    assert.equal(previewed.outputs.modelResourceName, String(deployed.outputs.modelName).replace(/@1$/, ''));
  });
});
