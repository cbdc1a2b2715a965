// How the providers take Vertex's real refusals (issue 16), driven by the emulator's scenarios (real texts, see
// local/emulator/vertex/vertex-texts.ts) on a ManualClock: bucket access and service agents answered with
// FAILED_PRECONDITION are waited out like PERMISSION_DENIED, the UploadModel operation's own failure included, and
// reported with the missing grant after the window; batch prediction's own quota is neither retried in place nor
// moved to other hardware; a refused artifact folder says what to fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as catalog from '../../../infra/vertex/error-catalog';
import { VERTEX_ERROR_TEXTS } from '../../../local/emulator/vertex/vertex-texts';
import { failureOf, jobInputs, modelInputs, pinnedIamProviders, useFixture } from './fixture';

const SA = 'use-batch-abc123@test-project.iam.gserviceaccount.com';

describe('Vertex refusals the providers must expect (issue 16)', () => {
  const ctx = useFixture();
  const providers = () => pinnedIamProviders(ctx.f);

  it('CreateBatchPredictionJob: FAILED_PRECONDITION "does not have [storage.buckets.get] IAM permission" is waited out; one job', async () => {
    const text = VERTEX_ERROR_TEXTS.inputBucketGetDenied(SA);
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', text.code, text.message, 2);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { outs } = await providers().jobs.create(jobInputs(ctx.model, { displayName: 'fresh-grants' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 3);
    assert.equal(ctx.f.logs.filter((line) => line.includes('new IAM grants can take a minute or two')).length, 2);
  });

  it("UploadModel: the operation's own 'Service agents are being provisioned' is waited out and the model registered once", async () => {
    const text = VERTEX_ERROR_TEXTS.serviceAgentsProvisioning();
    ctx.f.emulator.faults.failOperation('UploadModel', text.code, text.message, 2);
    const uploads = ctx.f.count('UploadModel');
    const { outs } = await providers().models.create(modelInputs({ displayName: 'agents-pending' }));
    assert.match(outs!.versionName, /@1$/);
    assert.equal(ctx.f.count('UploadModel') - uploads, 3);
  });

  it("after the window: Vertex's text plus the missing grant (role, member, bucket)", async () => {
    const text = VERTEX_ERROR_TEXTS.inputBucketGetDenied(SA);
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', text.code, text.message, 100);
    const started = ctx.f.clock.now();
    const error = await failureOf(providers().jobs.create(jobInputs(ctx.model, { displayName: 'never-granted' })));
    assert.equal(ctx.f.clock.now() - started, 95_000);
    assert.ok(error.message.includes(`FAILED_PRECONDITION: ${text.message}`), error.message);
    assert.match(error.message, new RegExp(`Missing grant: roles/storage\\.legacyBucketReader \\(for storage\\.buckets\\.get\\) to serviceAccount:${SA} on gs://test-bucket`));
  });

  it('after the window on UploadModel: objects permissions map to objectViewer and objectCreator', async () => {
    const text = VERTEX_ERROR_TEXTS.objectsDenied(SA);
    ctx.f.emulator.faults.failOperation('UploadModel', text.code, text.message, 100);
    const error = await failureOf(providers().models.create(modelInputs({ displayName: 'no-object-access' })));
    assert.ok(error.message.includes(text.message), error.message);
    assert.match(error.message, /Missing grant: roles\/storage\.objectViewer and roles\/storage\.objectCreator \(for storage\.objects\.get, storage\.objects\.create\)/);
  });

  it('batch prediction quota: one create call, no hardware fallback, the message says what to do', async () => {
    const text = VERTEX_ERROR_TEXTS.batchQuotaExhausted();
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', text.code, text.message, 20);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const inputs = jobInputs(ctx.model, { displayName: 'batch-quota', candidates: [{ machineType: 'n1-standard-8' }] });
    const error = await failureOf(providers().jobs.create(inputs));
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 1);
    assert.ok(error.message.includes(`RESOURCE_EXHAUSTED: ${text.message}`), error.message);
    assert.match(error.message, /not a machine or GPU quota: other hardware \(candidates\) would be refused the same way/);
    assert.doesNotMatch(error.message, /add `candidates`/);
  });

  it('a job that FAILED on the batch quota is not retried on the candidates', async () => {
    const text = VERTEX_ERROR_TEXTS.batchQuotaExhausted();
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'batch-quota-job', { kind: 'fail', code: text.code, message: text.message });
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const inputs = jobInputs(ctx.model, { displayName: 'batch-quota-job', candidates: [{ machineType: 'n1-standard-8' }] });
    const error = await failureOf(providers().jobs.create(inputs));
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 1);
    assert.match(error.message, /ai-platform-unified-feedback@google\.com/);
  });

  it('UploadModel of a folder without a SavedModel: not retried, the error says what artifactUri must be', async () => {
    const text = VERTEX_ERROR_TEXTS.modelDirectory('gs://test-bucket/models');
    ctx.f.emulator.faults.failOperation('UploadModel', text.code, text.message, 5);
    const uploads = ctx.f.count('UploadModel');
    const error = await failureOf(providers().models.create(modelInputs({ displayName: 'parent-folder', artifactUri: 'gs://test-bucket/models' })));
    assert.equal(ctx.f.count('UploadModel') - uploads, 1);
    assert.ok(error.message.includes(text.message), error.message);
    assert.match(error.message, /artifactUri must be the SavedModel folder itself/);
  });
});

describe('error catalog sources exist', () => {
  it('every entry cites a URL or a proto file shipped with @google-cloud/aiplatform', () => {
    const tables = Object.values(catalog).filter((value): value is catalog.ErrorPattern[] => Array.isArray(value));
    assert.ok(tables.length >= 6);
    for (const entry of tables.flat()) {
      const proto = /node_modules\/\S+\.proto/.exec(entry.source)?.[0];
      assert.ok(/https:\/\/\S+/.test(entry.source) || (proto && existsSync(proto)), `${entry.why}: source "${entry.source}"`);
    }
  });
});
