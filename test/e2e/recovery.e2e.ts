// Issue 15's scenarios 8 and 9 through the real engine:
//   8. a job whose wait timed out and that then FAILED: the next `pulumi up` recovers without --replace;
//   9. a model and a job made outside Pulumi (as the notebook makes them) adopted the documented way (`adopt`).
// They use the provider's timeout recovery and `adopt` input, and `vertex-embeddings:jobs` with a per-job
// completionTimeoutSeconds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { createVertexClients } from '../../infra/vertex/client';
import { useSuite } from './harness/suite';
import { ROOT } from './harness/workspace';
import { resourceSummary } from './harness/summary';
import { listJobs, listModels, type LiveJob } from './harness/cloud-state';

const PROJECT = 'my-embeddings-dev';
const REGION = 'us-central1';

async function waitForJob(predicate: (jobs: LiveJob[]) => boolean, what: string): Promise<LiveJob[]> {
  for (let tries = 0; tries < 240; tries++) {
    const jobs = await listJobs(PROJECT, REGION);
    if (predicate(jobs)) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('recovery and adoption through the real Pulumi engine', () => {
  // Jobs run 20 s in the emulator, so a 5 s completion timeout expires while the job still runs.
  const suite = useSuite({ jobPhaseMs: { queued: 100, pending: 100, running: 20_000 } });

  it('8. a wait timeout, then the job FAILS: the next up submits a new job without --replace', async () => {
    writeFileSync(join(suite.ws.dir, 'slow.jsonl'), '"the quick brown fox"\n"jumps over the lazy dog"\n');
    suite.ws.writeStackFile('dev', 'dev', (config) => {
      config['vertex-embeddings:jobs'] = { slow: { input: { format: 'jsonl', files: ['slow.jsonl'] }, completionTimeoutSeconds: 5 } };
    });
    await suite.ws.pulumi(['stack', 'init', 'dev']);
    // Internal errors are the retryable kind (error-catalog): a FAILED job that a new submission may fix.
    suite.emulators.vertex.faults.jobOutcome(() => true, { kind: 'fail', code: 13, message: 'Internal error occurred. Please retry.' });
    const first = await suite.ws.pulumi(['up', '--yes'], { allowFailure: true });
    assert.notEqual(first.code, 0);
    assert.match(first.output, /batchPredictionJobs\/\d+/); // the error names the job, so the engine kept its id
    await waitForJob((jobs) => jobs.some((job) => job.state === 'JOB_STATE_FAILED'), 'the timed-out job to fail');

    suite.emulators.vertex.faults.jobOutcome(() => true, { kind: 'succeed' });
    await suite.ws.pulumi(['config', 'set', '--path', 'jobs.slow.completionTimeoutSeconds', '600']);
    const second = await suite.ws.pulumi(['up', '--yes']);
    assert.equal(second.code, 0);
    const jobs = await listJobs(PROJECT, REGION);
    assert.deepEqual(jobs.map((job) => job.state).sort(), ['JOB_STATE_FAILED', 'JOB_STATE_SUCCEEDED']);
    await suite.ws.pulumi(['destroy', '--yes']);
  });

  it('9. a model and a job made outside Pulumi are adopted with `adopt`, not created again', async () => {
    // As the notebook does it: artifact and input in a bucket, UploadModel, CreateBatchPredictionJob.
    const bucket = 'adopt-e2e-bucket';
    const storage = new Storage({ projectId: PROJECT });
    await storage.createBucket(bucket, { location: REGION });
    const exports = join(ROOT, '.cache', 'model-export');
    const exported = readdirSync(exports).map((key) => join(exports, key)).find((dir) => existsSync(join(dir, 'saved_model.pb')));
    assert.ok(exported, 'no model export in .cache/model-export (scenario 8 or the lifecycle suite makes one)');
    const files = readdirSync(exported, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files) {
      const path = join(file.parentPath, file.name);
      await storage.bucket(bucket).upload(path, { destination: `model/${relative(exported, path)}` });
    }
    await storage.bucket(bucket).file('inputs/adopt.jsonl').save('"adopt me"\n');
    const artifactUri = `gs://${bucket}/model`;
    const source = `gs://${bucket}/inputs/adopt.jsonl`;
    const destination = `gs://${bucket}/predictions/adopt`;
    const clients = createVertexClients(REGION);
    const parent = `projects/${PROJECT}/locations/${REGION}`;
    const [upload] = await clients.models.uploadModel({
      parent,
      model: { displayName: 'notebook-model', artifactUri, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest' } },
    });
    const [uploaded] = await upload.promise();
    const modelName = String(uploaded.model);
    const [job] = await clients.jobs.createBatchPredictionJob({
      parent,
      batchPredictionJob: {
        displayName: 'notebook-job',
        model: `${modelName}@${uploaded.modelVersionId ?? '1'}`,
        inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: [source] } },
        outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: destination } },
        dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, startingReplicaCount: 1, maxReplicaCount: 1 },
      },
    });
    await clients.close();
    await waitForJob((jobs) => jobs.some((j) => j.name === job.name && j.state === 'JOB_STATE_SUCCEEDED'), 'the notebook job');

    mkdirSync(join(suite.ws.dir, 'adopt'));
    writeFileSync(join(suite.ws.dir, 'adopt', 'Pulumi.yaml'), 'name: adopt-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: ../bin/test/e2e/programs/adopt-program.js\n');
    const run = (args: string[], allowFailure = false) => suite.ws.pulumi(args, { subproject: 'adopt', allowFailure });
    await run(['stack', 'init', 'adopt']);
    const settings: Record<string, string> = {
      project: PROJECT, region: REGION, modelDisplayName: 'notebook-model', jobDisplayName: 'notebook-job',
      artifactUri, source, destination, adoptModel: modelName, adoptJob: String(job.name),
    };
    for (const [key, value] of Object.entries(settings)) await run(['config', 'set', key, value]);
    const creates = () => suite.emulators.vertex.calls.filter((c) => c.method === 'UploadModel' || c.method === 'CreateBatchPredictionJob').length;
    const before = creates();
    const up = await run(['up', '--yes']);
    assert.deepEqual(resourceSummary(up.output), { created: 3 });
    assert.equal(creates(), before, 'adopting created a model or job');
    const outputs = JSON.parse((await run(['stack', 'output', '--json'])).output) as Record<string, string>;
    assert.equal(outputs.modelName, modelName);
    assert.equal(outputs.jobName, job.name);
    assert.equal(outputs.jobState, 'JOB_STATE_SUCCEEDED');
    // From now on the stack manages them: destroy deletes both.
    await run(['destroy', '--yes']);
    assert.deepEqual(await listModels(PROJECT, REGION), []);
  });
});
