// Issue 15's scenarios 8 and 9 through the real engine:
//   8. a job whose wait timed out and that then FAILED: the next `pulumi up` recovers without --replace;
//   9. a model and a job made outside Pulumi (as the notebook makes them) adopted the documented way (`adopt`).
// They use the provider's timeout recovery and `adopt` input, and `vertex-embeddings:jobs` with a per-job
// completionTimeoutSeconds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVertexClients } from '../../infra/vertex/client';
import { useSuite } from './harness/suite';
import { resourceSummary } from './harness/summary';
import { listJobs, listModels, type LiveJob } from './harness/cloud-state';

const PROJECT = 'my-embeddings-dev';
const REGION = 'us-central1';
const MODEL_TYPE = 'pulumi-nodejs:dynamic/vertex:Model';

/** The stack outputs this file reads (README "Stack outputs"). */
interface StackOutputs {
  artifactUri: string;
  modelResourceName: string;
  predictionDefaults: { servingImageUri: string };
  predictionJobs: Record<string, { name: string; state: string }>;
}

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

  it('9. a model and a job made outside Pulumi are adopted through the stack config (`adopt`), not created again', async () => {
    // The stack's platform and artifact exist; its model and jobs do not (deployed, then removed from Vertex and
    // state), so the model and job made by hand below serve the stack's artifact and read the stack's inputs.
    suite.ws.writeStackFile('adopt', 'dev');
    await suite.ws.pulumi(['stack', 'init', 'adopt']);
    await suite.ws.pulumi(['up', '--yes']);
    const deployed = await stackOutputs();
    const clients = createVertexClients(REGION);
    const [template] = await clients.jobs.getBatchPredictionJob({ name: deployed.predictionJobs['sentences-jsonl']!.name });
    await suite.ws.pulumi(['destroy', '--yes', '--target', `urn:pulumi:adopt::vertex-embeddings::${MODEL_TYPE}::model`, '--target-dependents']);
    assert.deepEqual(await listModels(PROJECT, REGION), []);

    // As the notebook does it, with the Vertex clients: UploadModel, then CreateBatchPredictionJob on that model.
    const parent = `projects/${PROJECT}/locations/${REGION}`;
    const [upload] = await clients.models.uploadModel({
      parent,
      model: { displayName: 'notebook-model', artifactUri: deployed.artifactUri, containerSpec: { imageUri: deployed.predictionDefaults.servingImageUri } },
    });
    const [uploaded] = await upload.promise();
    const modelName = String(uploaded.model);
    const [job] = await clients.jobs.createBatchPredictionJob({
      parent,
      batchPredictionJob: {
        displayName: 'notebook-job',
        model: `${modelName}@${uploaded.modelVersionId || '1'}`,
        inputConfig: { instancesFormat: template.inputConfig!.instancesFormat, gcsSource: { uris: template.inputConfig!.gcsSource!.uris } },
        outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: template.outputConfig!.gcsDestination!.outputUriPrefix } },
        dedicatedResources: {
          machineSpec: { machineType: template.dedicatedResources!.machineSpec!.machineType },
          startingReplicaCount: template.dedicatedResources!.startingReplicaCount,
          maxReplicaCount: template.dedicatedResources!.maxReplicaCount,
        },
        manualBatchTuningParameters: { batchSize: template.manualBatchTuningParameters!.batchSize },
        serviceAccount: template.serviceAccount,
      },
    });
    await clients.close();
    await waitForJob((jobs) => jobs.some((j) => j.name === job.name && j.state === 'JOB_STATE_SUCCEEDED'), 'the notebook job');

    // The documented steps (README "Adopting a model or job made outside Pulumi"): a job key the stack does not
    // have is refused at preview, by its config path ...
    await suite.ws.pulumi(['config', 'set', '--path', 'adopt.jobs.tickets', String(job.name)]);
    const refused = await suite.ws.pulumi(['preview'], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.output, /adopt\.jobs: key "tickets" is not a job of this stack; allowed: sentences-jsonl, sentences-file-list/);
    await suite.ws.pulumi(['config', 'rm', '--path', 'adopt.jobs.tickets']);
    // ... the right keys preview as the creates they replace ...
    await suite.ws.pulumi(['config', 'set', '--path', 'adopt.model', modelName]);
    await suite.ws.pulumi(['config', 'set', '--path', 'adopt.jobs.sentences-jsonl', String(job.name)]);
    const preview = await suite.ws.pulumi(['preview', '--diff']);
    assert.equal(resourceSummary(preview.output)['to create'], 3);
    assert.match(preview.output, new RegExp(`adopt\\s*:\\s*"${job.name}"`));
    // ... and `up` takes them over: no UploadModel, and the only job submitted is the one not adopted.
    const since = suite.emulators.vertex.calls.length;
    const up = await suite.ws.pulumi(['up', '--yes']);
    assert.equal(resourceSummary(up.output).created, 3);
    const created = suite.emulators.vertex.calls.slice(since).filter((c) => c.method === 'UploadModel' || c.method === 'CreateBatchPredictionJob');
    const submitted = created.map((c) => `${c.method} ${(c.request as { batchPredictionJob?: { displayName?: string } }).batchPredictionJob?.displayName ?? ''}`);
    assert.equal(submitted.length, 1, submitted.join('\n'));
    assert.match(submitted[0]!, /^CreateBatchPredictionJob \S+-sentences-file-list$/);
    const outputs = await stackOutputs();
    assert.equal(outputs.modelResourceName, modelName);
    assert.equal(outputs.predictionJobs['sentences-jsonl']!.name, job.name);
    assert.equal(outputs.predictionJobs['sentences-jsonl']!.state, 'JOB_STATE_SUCCEEDED');

    // `adopt` is read on create only: keeping the key changes nothing, nor does removing it.
    await suite.ws.pulumi(['preview', '--expect-no-changes']);
    await suite.ws.pulumi(['config', 'rm', 'adopt']);
    await suite.ws.pulumi(['preview', '--expect-no-changes']);
    // From now on the stack manages them: destroy deletes both.
    await suite.ws.pulumi(['destroy', '--yes']);
    assert.deepEqual(await listModels(PROJECT, REGION), []);
  });

  async function stackOutputs(): Promise<StackOutputs> {
    return JSON.parse((await suite.ws.pulumi(['stack', 'output', '--json'])).output) as StackOutputs;
  }
});
