// Rules that depend on the environment, against the prod program (Pulumi.prod.yaml) evaluated under mocks:
// the protected prod bucket, and batch-job hardware limits and completion timeout.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type MockRun, one, ofType, TYPES } from '../infra/helpers/mock-stack';
import { POLICIES } from '../../policy/rules';
import { prodBucketProtected } from '../../policy/rules/bucket-settings';
import { batchJobCompletionTimeout, batchJobHardwareLimits, HARDWARE_LIMITS } from '../../policy/rules/batch-jobs';
import { labelsPresent } from '../../policy/rules/labels';
import { inStack, type PolicyResource, violations, withInputs } from './policy-args';
import { runProgram } from './program';

let run: MockRun;

before(async () => {
  run = await runProgram('prod');
});

const bucket = () => one(run, 'gcp:storage/bucket:Bucket');
/** The notebook's JSONL batch job as the prod program registers it (BatchPredictionJob dynamic resource). */
const programJob = (): PolicyResource => one(run, TYPES.JOB, 'job-sentences-jsonl');

describe('the prod program passes every rule', () => {
  it('no violation on any resource, the GPU batch jobs and the model included', () => {
    assert.equal(ofType(run, TYPES.JOB).length, 2);
    assert.equal(ofType(run, TYPES.MODEL).length, 1);
    for (const resource of run.registrations) {
      for (const policy of POLICIES) assert.deepEqual(violations(policy, resource), [], `${policy.name} on ${resource.type} ${resource.name}`);
    }
    assert.equal(programJob().inputs.acceleratorType, 'NVIDIA_TESLA_T4');
  });
});

describe('prod-bucket-protected', () => {
  it('passes the prod bucket: protected, versioned, not force-destroyable', () => {
    assert.equal(bucket().protect, true);
    assert.deepEqual(violations(prodBucketProtected, bucket()), []);
  });
  it('applies by stack name: a prod bucket relabelled dev is still checked, a dev-stack bucket labelled prod too', () => {
    const relabelled = withInputs(bucket(), { labels: { ...(bucket().inputs.labels as Record<string, string>), environment: 'dev' } }, false);
    assert.deepEqual(violations(prodBucketProtected, relabelled), ['protect: false on a prod bucket; allowed: true (resource option `protect`)']);
    assert.equal(violations(prodBucketProtected, inStack(withInputs(bucket(), {}, false), 'dev')).length, 1);
    assert.deepEqual(violations(prodBucketProtected, inStack(relabelled, 'dev')), []);
  });
  it('fires when protect is off, forceDestroy is on or versioning is off', () => {
    assert.deepEqual(violations(prodBucketProtected, withInputs(bucket(), {}, false)), ['protect: false on a prod bucket; allowed: true (resource option `protect`)']);
    assert.match(violations(prodBucketProtected, withInputs(bucket(), { forceDestroy: true }))[0]!, /^forceDestroy: true on a prod bucket/);
    assert.match(violations(prodBucketProtected, withInputs(bucket(), { versioning: { enabled: false } }))[0]!, /^versioning\.enabled: false on a prod bucket/);
  });
});

describe('batch-job-hardware-limits', () => {
  it('allows the prod defaults (n1-standard-8, 1 × T4, 2 replicas) in prod', () => {
    assert.deepEqual(violations(batchJobHardwareLimits, programJob()), []);
  });
  it('fires in prod above the prod limits: 8 GPUs per replica, a 64-vCPU machine, 16 replicas', () => {
    const job = programJob();
    assert.match(violations(batchJobHardwareLimits, withInputs(job, { acceleratorCount: 8 }))[0]!, /^acceleratorCount: 8 GPUs per replica; allowed in prod: at most 4/);
    assert.match(violations(batchJobHardwareLimits, withInputs(job, { machineType: 'n1-standard-64' }))[0]!, /^machineType: "n1-standard-64" has 64 vCPUs; allowed in prod: at most 32/);
    const many = violations(batchJobHardwareLimits, withInputs(job, { startingReplicaCount: 16, acceleratorCount: 2 }));
    assert.ok(many.some((m) => /^startingReplicaCount: 16; allowed in prod: at most 10/.test(m)), many.join('\n'));
    assert.ok(many.some((m) => /= 32 GPUs; allowed in prod: at most 16/.test(m)), many.join('\n'));
  });
  it('takes the environment from the stack name, never from the label: prod limits in stack prod labelled dev, dev limits in stack dev labelled prod', () => {
    const labelled = (environment: string) => withInputs(programJob(), { labels: { ...(programJob().inputs.labels as Record<string, string>), environment } });
    assert.deepEqual(violations(batchJobHardwareLimits, labelled('dev')), []);
    const found = violations(batchJobHardwareLimits, inStack(labelled('prod'), 'dev'));
    assert.ok(found.some((m) => /^acceleratorCount × startingReplicaCount: 1 × 2 = 2 GPUs; allowed in dev: at most 1/.test(m)), found.join('\n'));
    assert.equal(HARDWARE_LIMITS.dev.maxVcpus, 8);
    assert.ok(!found.some((m) => m.startsWith('machineType:')), 'an 8-vCPU machine is within the dev limit');
    assert.ok(violations(batchJobHardwareLimits, inStack(withInputs(programJob(), { labels: undefined }), 'dev')).length > 0);
  });
  it('checks the replica ceiling (maxReplicaCount, Vertex default 10 when unset), which a job may scale to', () => {
    const found = violations(batchJobHardwareLimits, withInputs(programJob(), { maxReplicaCount: 12 }));
    assert.ok(found.some((m) => /^maxReplicaCount: 12; allowed in prod: at most 10 replicas$/.test(m)), found.join('\n'));
    assert.ok(found.some((m) => /^acceleratorCount × maxReplicaCount: 1 × 12 = 12 GPUs/.test(m)) === false, 'within 16 GPUs');
    const unset = violations(batchJobHardwareLimits, withInputs(programJob(), { maxReplicaCount: undefined }));
    assert.deepEqual(unset, []); // 10 replicas × 1 GPU is within prod's limits
    const devUnset = violations(batchJobHardwareLimits, inStack(withInputs(programJob(), { maxReplicaCount: undefined, acceleratorCount: 1 }), 'dev'));
    assert.ok(devUnset.some((m) => m === 'maxReplicaCount: unset (Vertex default 10); allowed in dev: at most 2 replicas'), devUnset.join('\n'));
  });
  it('counts the built-in GPUs of accelerator-optimized machines and checks fallback candidates', () => {
    const job = withInputs(programJob(), { candidates: [{ machineType: 'a2-highgpu-8g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 8 }] });
    const found = violations(batchJobHardwareLimits, job);
    assert.ok(found.some((m) => /^candidates\[0\]\.acceleratorCount: 8 GPUs per replica; allowed in prod: at most 4/.test(m)), found.join('\n'));
    assert.ok(found.some((m) => /^candidates\[0\]\.machineType: "a2-highgpu-8g" has 96 vCPUs/.test(m)), found.join('\n'));
  });
});

describe('batch-job-completion-timeout', () => {
  it('passes the notebook job (provider default, 24 h) and an explicit 1 h', () => {
    assert.equal('completionTimeoutSeconds' in programJob().inputs, false);
    assert.deepEqual(violations(batchJobCompletionTimeout, programJob()), []);
    assert.deepEqual(violations(batchJobCompletionTimeout, withInputs(programJob(), { completionTimeoutSeconds: 3600 })), []);
  });
  it('fires for a zero, negative, non-numeric or over-3-day timeout', () => {
    for (const bad of [0, -5, 4 * 24 * 3600, '3600', null]) {
      const found = violations(batchJobCompletionTimeout, withInputs(programJob(), { completionTimeoutSeconds: bad }));
      assert.equal(found.length, 1, String(bad));
      assert.match(found[0]!, /^completionTimeoutSeconds: .*; allowed: 1\.\.259200 seconds, or omitted for the default 86400$/);
    }
  });
});

describe('labels-present on Vertex resources', () => {
  it('applies to batch jobs and models (dynamic resources) too', () => {
    assert.deepEqual(violations(labelsPresent, programJob()), []);
    assert.equal(violations(labelsPresent, withInputs(programJob(), { labels: { app: 'vertex-embeddings' } })).length, 1);
    const model = one(run, TYPES.MODEL);
    assert.deepEqual(violations(labelsPresent, model), []);
    assert.match(violations(labelsPresent, withInputs(model, { labels: {} }))[0]!, /labels: missing app, environment, managed-by/);
  });
});
