// Guardrails through the real engine: a policy violation fails `pulumi preview` (the pack runs as the engine's
// analyzer, not under mocks), and `pulumi destroy` of a prod-config stack stops at the protected bucket before it
// deletes anything, as the README says; `--exclude-protected` then removes the rest and keeps the bucket.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './harness/suite';
import { resourceSummary } from './harness/summary';
import { bucketExists, listJobs, listModels } from './harness/cloud-state';

describe('guardrails through the real Pulumi engine', () => {
  const suite = useSuite();

  it('a batch job over the dev hardware limit fails preview with the policy violation', async () => {
    suite.ws.writeStackFile('toobig', 'dev', (config) => {
      const prediction = config['vertex-embeddings:prediction'] as Record<string, unknown>;
      prediction.machineType = 'n1-standard-16'; // 16 vCPUs; dev allows at most 8 per replica
    });
    await suite.ws.pulumi(['stack', 'init', 'toobig']);
    const { code, output } = await suite.ws.pulumi(['preview', '--policy-pack', suite.policy], { allowFailure: true });
    assert.notEqual(code, 0);
    assert.match(output, /\[mandatory\]\s+batch-job-hardware-limits/);
    assert.match(output, /n1-standard-16/);
    assert.deepEqual(await listJobs('my-embeddings-dev', 'us-central1'), []);
  });

  it('prod: destroy stops at the protected bucket before deleting anything; --exclude-protected keeps only it', async () => {
    suite.ws.writeStackFile('prod', 'prod');
    await suite.ws.pulumi(['stack', 'init', 'prod']);
    const up = await suite.ws.pulumi(['up', '--yes', '--policy-pack', suite.policy]);
    assert.deepEqual(Object.keys(resourceSummary(up.output)), ['created']);
    const bucket = JSON.parse((await suite.ws.pulumi(['stack', 'output', 'bucketName', '--json'])).output) as string;
    const jobsBefore = await listJobs('my-embeddings-prod', 'us-central1');

    const refused = await suite.ws.pulumi(['destroy', '--yes'], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.output, /protected/);
    assert.deepEqual(await listJobs('my-embeddings-prod', 'us-central1'), jobsBefore);
    assert.equal(await bucketExists(bucket), true);

    const rest = await suite.ws.pulumi(['destroy', '--yes', '--exclude-protected']);
    assert.ok(resourceSummary(rest.output).deleted > 0);
    assert.deepEqual(await listJobs('my-embeddings-prod', 'us-central1'), []);
    assert.deepEqual(await listModels('my-embeddings-prod', 'us-central1'), []);
    assert.equal(await bucketExists(bucket), true);
  });
});
