// Batch jobs scale (issue 16): Vertex may run a job on up to maxReplicaCount replicas and defaults it to 10
// (BatchDedicatedResources.max_replica_count, machine_resources.proto). The provider always sends it, so Vertex's
// default never applies by accident, and the cost estimate spans starting to max replicas.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeHourlyCostRange } from '../../../infra/catalog/prices';
import { createJobRequest } from '../../../infra/vertex/batch-job-request';
import { jobInputs, useFixture } from './fixture';

describe('maxReplicaCount is always explicit', () => {
  const ctx = useFixture();

  it('without maxReplicaCount the job is created with max = starting, not Vertex\'s 10 (emulator applies the proto default)', async () => {
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'no-max', startingReplicaCount: 2, maxReplicaCount: undefined }));
    const sent = ctx.f.emulator.calls.filter((c) => c.method === 'CreateBatchPredictionJob').at(-1)!.request as any;
    assert.equal(sent.batchPredictionJob.dedicatedResources.maxReplicaCount, 2);
    const clients = ctx.f.deps.clients('us-central1');
    const [job] = await clients.jobs.getBatchPredictionJob({ name: outs!.name });
    await clients.close();
    assert.equal(job.dedicatedResources?.maxReplicaCount, 2);
  });

  it('a candidate starting more replicas than the job raises the ceiling it is sent with', () => {
    const inputs = jobInputs('projects/p/locations/us-central1/models/1@1', { startingReplicaCount: 1, maxReplicaCount: undefined });
    const request = createJobRequest(inputs, { machineType: 'n1-standard-8', startingReplicaCount: 3 }, 1);
    assert.equal(request.batchPredictionJob.dedicatedResources.maxReplicaCount, 3);
  });

  it('the hourly cost is a range from the starting to the max replicas', () => {
    const text = describeHourlyCostRange({ machineType: 'n1-standard-4', region: 'us-central1', startingReplicas: 1, maxReplicas: 4 });
    const match = /^≈ \$(\d+\.\d\d)–\$(\d+\.\d\d)\/h for 1–4 replicas$/.exec(text);
    assert.ok(match, text);
    assert.equal(Number(match[2]), Math.round(Number(match[1]) * 4 * 100) / 100);
    assert.match(describeHourlyCostRange({ machineType: 'n1-standard-4', region: 'us-central1', startingReplicas: 2, maxReplicas: 2 }), /^≈ \$\d+\.\d\d\/h$/);
  });
});
