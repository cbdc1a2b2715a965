// The dev stack through the real Pulumi CLI, language host, dynamic-provider plugin and policy analyzer, a file
// backend, the gcp test double and the GCS / Vertex AI emulators: issue 15's scenarios 1-7 and 10, in order, on
// one stack (each step starts from what the previous one left). `npm run test:e2e` runs it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './harness/suite';
import { resourceSummary } from './harness/summary';
import { listJobs, listModels, listObjects, bucketExists } from './harness/cloud-state';

const PROJECT = 'my-embeddings-dev'; // gcp:project of Pulumi.dev.yaml
const REGION = 'us-central1';
const JOB_URN = 'urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:BatchPredictionJob::job-sentences-jsonl';

/** The resource steps the CLI lists, e.g. "+-  pulumi-nodejs:dynamic/vertex:Model model replace" → "replace model". */
function steps(output: string, op: string): string[] {
  const pattern = new RegExp(`^ [-+~]+\\s+(\\S+) (\\S+) ${op}(?:d|ed)?\\b`, 'gm');
  // A resource's line repeats when it prints messages (the stack's "model: …" lines): count each once.
  return [...new Set([...output.matchAll(pattern)].map((m) => `${m[1]} ${m[2]}`))].sort();
}

describe('dev stack through the real Pulumi engine', () => {
  const suite = useSuite();
  let bucket: string;

  it('1. stack init dev from Pulumi.dev.yaml; preview with the policy pack lists every create, no violation', async () => {
    suite.ws.writeStackFile('dev', 'dev');
    await suite.ws.pulumi(['stack', 'init', 'dev']);
    const { output } = await suite.ws.pulumi(['preview', '--policy-pack', suite.policy]);
    const creates = steps(output, 'create');
    assert.deepEqual(resourceSummary(output), { 'to create': creates.length });
    for (const expected of ['gcp:storage:Bucket platform-bucket', 'pulumi-nodejs:dynamic/vertex:Model model', 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob job-sentences-jsonl']) {
      assert.ok(creates.includes(expected), `${expected} not in the plan:\n${creates.join('\n')}`);
    }
    assert.match(output, /^Policies:/m);
    assert.doesNotMatch(output, /\[mandatory\]/); // advisory notes (policies that cannot see unknowns in preview) are not violations
  });

  it('2. up runs both jobs to SUCCEEDED, predictions land in the bucket, outputs as documented', async () => {
    const { output } = await suite.ws.pulumi(['up', '--yes', '--policy-pack', suite.policy]);
    const summary = resourceSummary(output);
    assert.deepEqual(Object.keys(summary), ['created']);
    const outputs = JSON.parse((await suite.ws.pulumi(['stack', 'output', '--json'])).output) as Record<string, any>;
    assert.deepEqual(Object.keys(outputs).sort(), [
      'artifactDigest', 'artifactHistory', 'artifactUri', 'bucketName', 'bucketUrl', 'environment', 'labels', 'modelName',
      'modelResourceName', 'modelSource', 'modelVersionId', 'nameSuffix', 'predictionDefaults', 'predictionJobs',
      'predictionOutputPrefix', 'project', 'region', 'serviceAccountEmail', 'vertexServiceAgentEmail',
    ]);
    bucket = outputs.bucketName;
    const jobs = await listJobs(PROJECT, REGION);
    assert.deepEqual(jobs.map((job) => job.state), ['JOB_STATE_SUCCEEDED', 'JOB_STATE_SUCCEEDED']);
    for (const job of Object.values(outputs.predictionJobs) as { name: string; state: string; outputDirectory: string }[]) {
      assert.equal(job.state, 'JOB_STATE_SUCCEEDED');
      assert.ok(jobs.some((live) => live.name === job.name));
      const prefix = job.outputDirectory.replace(`gs://${bucket}/`, '');
      assert.ok((await listObjects(bucket, prefix)).some((name) => /prediction\.results-\d+-of-\d+$/.test(name)), `no predictions under ${job.outputDirectory}`);
    }
    assert.match(outputs.serviceAccountEmail, /^use-batch-[0-9a-f]{6}@my-embeddings-dev\.iam\.gserviceaccount\.com$/);
  });

  it('3. preview and refresh right after up report no changes', async () => {
    const preview = await suite.ws.pulumi(['preview', '--expect-no-changes', '--policy-pack', suite.policy]);
    assert.deepEqual(Object.keys(resourceSummary(preview.output)), ['unchanged']);
    const refresh = await suite.ws.pulumi(['refresh', '--yes', '--expect-no-changes']);
    assert.deepEqual(Object.keys(resourceSummary(refresh.output)), ['unchanged']);
  });

  it('4. a label change: preview shows the same steps as the up that follows', async () => {
    await suite.ws.pulumi(['config', 'set', '--path', 'labels.team', 'search']);
    const preview = await suite.ws.pulumi(['preview', '--policy-pack', suite.policy]);
    const up = await suite.ws.pulumi(['up', '--yes', '--policy-pack', suite.policy]);
    // Stack labels are job labels too, and Vertex cannot relabel a job: both jobs are replaced, in preview and up alike.
    assert.deepEqual(steps(preview.output, 'replace'), steps(up.output, 'replace'));
    assert.deepEqual(steps(preview.output, 'update'), steps(up.output, 'update'));
    const planned = resourceSummary(preview.output);
    const done = resourceSummary(up.output);
    assert.equal(planned['to update'], done.updated);
    assert.equal(planned.unchanged, done.unchanged);
  });

  it('5. a changed model artifact replaces model and jobs, and keeps the earlier outputs', async () => {
    const before = await listObjects(bucket, 'predictions/');
    const oldModels = await listModels(PROJECT, REGION);
    // The fixture with one weight byte flipped: same shapes, another artifact digest.
    const folder = join(suite.ws.dir, 'changed-model');
    cpSync(join(suite.ws.dir, '.cache', 'model-fixture', '20241125'), folder, { recursive: true });
    const shard = join(folder, 'group1-shard1of7');
    const bytes = readFileSync(shard);
    bytes[1024] ^= 0xff;
    writeFileSync(shard, bytes);
    await suite.ws.pulumi(['config', 'set', '--path', 'model.source', 'folder']);
    await suite.ws.pulumi(['config', 'set', '--path', 'model.folder', folder]);
    const { output } = await suite.ws.pulumi(['up', '--yes', '--policy-pack', suite.policy]);
    assert.deepEqual(steps(output, 'replace'), [
      'pulumi-nodejs:dynamic/vertex:BatchPredictionJob job-sentences-file-list',
      'pulumi-nodejs:dynamic/vertex:BatchPredictionJob job-sentences-jsonl',
      'pulumi-nodejs:dynamic/vertex:Model model',
    ]);
    const models = await listModels(PROJECT, REGION);
    assert.equal(models.length, 1);
    assert.ok(!oldModels.includes(models[0]), 'the model was not replaced');
    const calls = suite.emulators.vertex.calls.map((c) => c.method);
    assert.ok(calls.lastIndexOf('UploadModel') < calls.lastIndexOf('CreateBatchPredictionJob'), 'jobs created before the new model');
    const jobs = await listJobs(PROJECT, REGION);
    assert.deepEqual(jobs.map((job) => job.state), ['JOB_STATE_SUCCEEDED', 'JOB_STATE_SUCCEEDED']);
    const after = await listObjects(bucket, 'predictions/');
    for (const name of before) assert.ok(after.includes(name), `${name} was deleted`);
  });

  it('6. up --replace of one job leaves exactly one live job of that name', async () => {
    const { output } = await suite.ws.pulumi(['up', '--yes', '--replace', JOB_URN]);
    assert.deepEqual(steps(output, 'replace'), ['pulumi-nodejs:dynamic/vertex:BatchPredictionJob job-sentences-jsonl']);
    const jobs = await listJobs(PROJECT, REGION);
    assert.equal(jobs.length, 2, JSON.stringify(jobs));
    assert.equal(new Set(jobs.map((job) => job.displayName)).size, 2);
  });

  it('7. Ctrl-C twice during a job wait, then up: no duplicate job, pending operation resolved', async () => {
    const creates = () => suite.emulators.vertex.calls.filter((c) => c.method === 'CreateBatchPredictionJob').length;
    const before = creates();
    const interrupted = await suite.ws.pulumi(['up', '--yes', '--replace', JOB_URN], {
      allowFailure: true,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (creates() === before) return;
          clearInterval(timer);
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 1000);
        }, 100);
        child.on('close', () => clearInterval(timer));
      },
    });
    assert.notEqual(interrupted.code, 0);
    // README "Interrupted pulumi up": clear the pending create, then up; the provider finds the job the interrupted
    // run submitted by its pulumi-resource label and adopts it instead of submitting a second one.
    await suite.ws.pulumi(['refresh', '--yes', '--clear-pending-creates']);
    await suite.ws.pulumi(['up', '--yes']);
    const jobs = await listJobs(PROJECT, REGION);
    assert.equal(jobs.length, 2, JSON.stringify(jobs));
    assert.equal(creates(), before + 1, 'a second job was submitted');
    const outputs = JSON.parse((await suite.ws.pulumi(['stack', 'output', 'predictionJobs', '--json'])).output) as Record<string, { name: string }>;
    assert.ok(jobs.some((job) => job.name === outputs['sentences-jsonl'].name), 'the stack does not track the live job');
    await suite.ws.pulumi(['preview', '--expect-no-changes']);
  });

  it('10. destroy removes jobs, model, artifact, identities and bucket in dependency order', async () => {
    const { output } = await suite.ws.pulumi(['destroy', '--yes']);
    assert.deepEqual(Object.keys(resourceSummary(output)), ['deleted']);
    assert.deepEqual(await listJobs(PROJECT, REGION), []);
    assert.deepEqual(await listModels(PROJECT, REGION), []);
    assert.equal(await bucketExists(bucket), false);
    const double = suite.ws.doubleState();
    assert.deepEqual([double.accounts, double.bucketIam, double.projectIam], [{}, {}, {}]);
    // IAM grants go before the account and the bucket they name; jobs before the model they run on.
    const order = double.deleted.map((d) => d.what.split(' ')[0]);
    assert.ok(order.lastIndexOf('bucketIam') < order.indexOf('bucket'), order.join(', '));
    assert.ok(order.lastIndexOf('bucketIam') < order.indexOf('accounts'), order.join(', '));
    const calls = suite.emulators.vertex.calls.map((c) => c.method);
    assert.ok(calls.lastIndexOf('DeleteBatchPredictionJob') < calls.lastIndexOf('DeleteModel'), calls.join(', '));
  });
});
