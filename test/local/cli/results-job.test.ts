// `npm run results -- --job ...` against the Vertex emulator (real JobServiceClient through
// infra/vertex/client.ts) and the GCS emulator: the job is found by resource name, id or display name, its
// output directory is read from the job, and its keyField drives --join.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { startGcsEmulator, type GcsEmulator } from '../../../local/emulator/gcs/server';
import { main } from '../../../local/cli/results';
import { createJob, type EmulatorWithClients, PARENT, startWithClients, uploadModel } from '../vertex-clients';

const LOCATION = ['--project', 'test-project', '--region', 'us-central1'];

describe('npm run results --job', () => {
  let gcs: GcsEmulator;
  let vertex: EmulatorWithClients;
  let dir: string;
  let jobName: string;
  const log: string[] = [];

  before(async () => {
    gcs = await startGcsEmulator();
    vertex = await startWithClients({ jobPhaseMs: { queued: 5, pending: 5, running: 5 } });
    process.env.STORAGE_EMULATOR_HOST = gcs.url;
    process.env.VERTEX_EMULATOR_HOST = vertex.emulator.host;
    dir = await mkdtemp(join(tmpdir(), 'results-job-'));

    const model = await uploadModel(vertex);
    jobName = await createJob(vertex, model, { displayName: 'keyed-embeddings', instanceConfig: { keyField: 'id' } });
    let job = (await vertex.jobs.getBatchPredictionJob({ name: jobName }))[0];
    while (job.state !== 'JOB_STATE_SUCCEEDED') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      job = (await vertex.jobs.getBatchPredictionJob({ name: jobName }))[0];
    }
    // The job's outputs as Vertex writes them for a keyField job: the key instead of the instance, shards unordered.
    const outputDir = job.outputInfo!.gcsOutputDirectory!;
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'test-project' });
    await storage.createBucket('test-bucket');
    const folder = outputDir.slice('gs://test-bucket/'.length);
    const line = (id: string, value: number) => JSON.stringify({ key: id, prediction: [value] });
    await storage.bucket('test-bucket').file(`${folder}/prediction.results-00000-of-00002`).save(`${line('c', 3)}\n${line('a', 1)}\n`, { resumable: false });
    await storage.bucket('test-bucket').file(`${folder}/prediction.results-00001-of-00002`).save(`${line('b', 2)}\n`, { resumable: false });
    await writeFile(join(dir, 'input.jsonl'), ['a', 'b', 'c', 'd'].map((id) => JSON.stringify({ id, text: `text ${id}` })).join('\n') + '\n');
  });
  after(async () => {
    delete process.env.STORAGE_EMULATOR_HOST;
    delete process.env.VERTEX_EMULATOR_HOST;
    await vertex.close();
    await gcs.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the job by display name and joins by the job\'s keyField, in input order', async () => {
    log.length = 0;
    const out = join(dir, 'by-name.jsonl');
    await assert.rejects(
      main(['--job', 'keyed-embeddings', ...LOCATION, '--out', out, '--join', join(dir, 'input.jsonl'), '--ordered'], (l) => log.push(l)),
      /the counts do not add up: 1 input line\(s\) have neither a prediction nor an error row/,
    );
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.inputLine, r.key, r.prediction[0]]), [[1, 'a', 1], [2, 'b', 2], [3, 'c', 3]]);
    assert.ok(log.includes(`job ${jobName} (keyed-embeddings): JOB_STATE_SUCCEEDED`));
    assert.ok(log.includes('  input lines without any row: 4'));
  });

  it('finds the job by full resource name (no --project/--region needed) and by numeric id', async () => {
    const byName = join(dir, 'by-resource.jsonl');
    await main(['--job', jobName, '--out', byName], () => {});
    assert.equal((await readFile(byName, 'utf8')).trim().split('\n').length, 3);
    const byId = join(dir, 'by-id.jsonl');
    const id = String(vertex.jobs.matchBatchPredictionJobFromBatchPredictionJobName(jobName));
    await main(['--job', id, ...LOCATION, '--out', byId], () => {});
    assert.equal(await readFile(byId, 'utf8'), await readFile(byName, 'utf8'));
  });

  it('says which job names exist nowhere', async () => {
    await assert.rejects(
      main(['--job', 'no-such-job', ...LOCATION], () => {}),
      new RegExp(`--job: no batch prediction job with id or display name "no-such-job" in ${PARENT}`),
    );
  });
});
