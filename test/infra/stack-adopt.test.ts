// `vertex-embeddings:adopt` through the real program under Pulumi mocks: each name reaches the `adopt` input of the
// resource that takes it over, and no other resource gets one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ofType, one, runUnderMocks, toPulumiConfig, TYPES, type MockRun } from './helpers/mock-stack';

const PROJECT = 'my-embeddings-dev';
const MODEL = `projects/${PROJECT}/locations/us-central1/models/1234567890`;
const JOB = (id: number) => `projects/${PROJECT}/locations/us-central1/batchPredictionJobs/${id}`;

function run(values: Record<string, unknown>): Promise<MockRun> {
  const config = toPulumiConfig({ 'gcp:project': PROJECT, 'gcp:region': 'us-central1', environment: 'dev', ...values });
  return runUnderMocks({ stack: 'dev', config, load: async () => require('../../infra/index') });
}

/** Resource name → its `adopt` input, for every Vertex model and job that has one. */
const adopted = (r: MockRun) =>
  Object.fromEntries([...ofType(r, TYPES.MODEL), ...ofType(r, TYPES.JOB)].filter((x) => x.inputs.adopt !== undefined).map((x) => [x.name, x.inputs.adopt]));

describe('adopt config reaches the resources that take over', () => {
  it('the notebook stack: the model to the pipeline model, each job to the job of its key', async () => {
    const r = await run({ model: { source: 'fixture' }, adopt: { model: MODEL, jobs: { 'sentences-jsonl': JOB(1) } } });
    assert.deepEqual(adopted(r), { model: MODEL, 'job-sentences-jsonl': JOB(1) });
  });

  it('registration version: the model to the parent model; the version the stack uploads adopts nothing', async () => {
    const r = await run({ model: { source: 'fixture', registration: 'version' }, adopt: { model: MODEL } });
    assert.deepEqual(adopted(r), { 'model-parent': MODEL });
    assert.ok(one(r, TYPES.MODEL, 'model').inputs.parentModel, 'the stack\'s version is uploaded under the parent');
  });

  it('config jobs: a job by its key; the second registration a GPU job needs is the stack\'s own', async () => {
    const r = await run({
      model: { source: 'fixture' },
      jobs: {
        tickets: { input: { format: 'jsonl', uris: ['gs://other-bucket/tickets.jsonl'] } },
        corpus: {
          input: { format: 'jsonl', uris: ['gs://other-bucket/corpus.jsonl'] },
          hardware: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 },
        },
      },
      adopt: { model: MODEL, jobs: { corpus: JOB(2) } },
    });
    assert.deepEqual(ofType(r, TYPES.MODEL).map((m) => m.name).sort(), ['model', 'model-gpu']);
    assert.deepEqual(adopted(r), { model: MODEL, 'job-corpus': JOB(2) });
  });

  it('no adopt key: nothing is adopted', async () => {
    const r = await run({ model: { source: 'fixture' } });
    assert.deepEqual(adopted(r), {});
  });
});
