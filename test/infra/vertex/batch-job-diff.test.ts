// diff of BatchPredictionJob: jobs are immutable, so job-defining changes replace (listed key by key);
// provider-only inputs update in place; outputs in state never cause a diff.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchJobProvider, type BatchJobOutputs } from '../../../infra/vertex/batch-job-provider';
import { defaultDeps } from '../../../infra/vertex/provider-deps';
import { jobInputs } from './fixture';

const MODEL = 'projects/test-project/locations/us-central1/models/123@1';
const provider = new BatchJobProvider(defaultDeps({ clients: () => { throw new Error('diff must not call Vertex'); } }));
const stored = {
  ...jobInputs(MODEL),
  __provider: 'serialized provider text',
  name: 'projects/test-project/locations/us-central1/batchPredictionJobs/1',
  jobId: '1',
  state: 'JOB_STATE_SUCCEEDED',
  outputDirectory: 'gs://test-bucket/predictions/prediction-use-lite-2026_01_01T00_00_00_000Z',
  successfulCount: 2,
  ranAttempt: 0,
  skippedAttempts: [],
} as unknown as BatchJobOutputs;

describe('BatchJobProvider.diff', () => {
  it('reports no change for the same inputs, whatever the outputs in state say', async () => {
    assert.deepEqual(await provider.diff('1', stored, jobInputs(MODEL)), { changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it('lists exactly the job-defining keys that changed as replaces', async () => {
    const news = jobInputs(MODEL, { machineType: 'n1-standard-8', gcsSourceUris: ['gs://test-bucket/batch/other.jsonl'], labels: { a: 'b' } });
    assert.deepEqual(await provider.diff('1', stored, news), { changes: true, replaces: ['gcsSourceUris', 'labels', 'machineType'], deleteBeforeReplace: true });
  });

  it('an input removed is a replace of that key', async () => {
    const news = jobInputs(MODEL, { maxReplicaCount: undefined });
    assert.deepEqual((await provider.diff('1', stored, news)).replaces, ['maxReplicaCount']);
  });

  it('provider version, waitForCompletion and timeout changes update in place (no new job)', async () => {
    const news = jobInputs(MODEL, { providerVersion: 'next', waitForCompletion: false, completionTimeoutSeconds: 60 });
    assert.deepEqual(await provider.diff('1', stored, news), { changes: true, replaces: [], deleteBeforeReplace: true });
  });

  it('check returns the inputs unchanged plus the failures', async () => {
    const news = jobInputs(MODEL, { manualBatchSize: 0 });
    const result = await provider.check(stored, news);
    assert.equal(result.inputs, news);
    assert.deepEqual(result.failures!.map((f) => f.property), ['manualBatchSize']);
  });
});
