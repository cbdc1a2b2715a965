// `npm start -- --stack S` with the stack's own jobs: local files run for real on the emulators (every line gets a
// prediction, the file list is written by the flow's layout), `uris` run from a --map folder, and a job that cannot
// run offline (BigQuery, an unmapped foreign bucket) is refused before anything is created, never skipped silently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalFlow, type LocalRunOptions } from '../../local/cli/start-flow';
import { createLocalExecutor } from '../../local/cli/executor';

const FAST = { jobPhaseMs: { queued: 20, pending: 20, running: 20 }, pollBackoff: { initialMs: 20, maxMs: 100, multiplier: 1.5, jitter: 0 } };
const STACK = `config:
  gcp:project: my-embeddings-dev
  gcp:region: us-central1
  vertex-embeddings:environment: dev
  vertex-embeddings:model: { source: fixture }
  vertex-embeddings:jobs:
    tickets:
      input: { format: jsonl, files: [data/tickets.jsonl] }
    docs:
      input: { format: file-list, files: ["data/docs/*.txt"] }
    corpus:
      input: { format: jsonl, uris: ["gs://other-bucket/corpus/*.jsonl"] }
      hardware: { machineType: n1-standard-8, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1 }
    warehouse:
      input: { format: bigquery, table: bq://my-project.analytics.sentences }
`;

describe('npm start with the stack\'s own jobs', () => {
  let root: string;
  let savedCache: string | undefined;
  const options = (log: string[], extra: Partial<LocalRunOptions> = {}): LocalRunOptions => ({
    stack: 'own',
    root,
    keepDir: join(root, 'kept'),
    exportsDir: join(root, 'model-export'),
    fixtureDir: join(root, 'model-fixture'),
    executor: createLocalExecutor(),
    log: (line) => log.push(line),
    ...FAST,
    ...extra,
  });

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'npm-start-jobs-'));
    savedCache = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(root, 'empty-cache');
    mkdirSync(join(root, 'data', 'docs'), { recursive: true });
    mkdirSync(join(root, 'corpus'));
    writeFileSync(join(root, 'Pulumi.yaml'), 'name: vertex-embeddings\n');
    writeFileSync(join(root, 'Pulumi.own.yaml'), STACK);
    writeFileSync(join(root, 'data', 'tickets.jsonl'), ['"printer on fire"', '"refund please"', '"reset my password"'].join('\n') + '\n');
    writeFileSync(join(root, 'data', 'docs', 'a.txt'), '"the quick brown fox"\n');
    writeFileSync(join(root, 'data', 'docs', 'b.txt'), '"search Google"\n');
    writeFileSync(join(root, 'corpus', 'part-1.jsonl'), '"one"\n"two"\n');
  });
  after(() => {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses the BigQuery job and the unmapped uris job up front, saying why and what to do', async () => {
    const log: string[] = [];
    await assert.rejects(runLocalFlow(options(log)), (error: Error) => {
      assert.match(error.message, /cannot run these jobs offline:/);
      assert.match(error.message, /job corpus: reads gs:\/\/other-bucket\/corpus\/\*\.jsonl in place, a bucket the emulator cannot see; give its objects a local folder with --map gs:\/\/other-bucket\/corpus=DIR, or leave the job out with --skip corpus/);
      assert.match(error.message, /job warehouse: reads the BigQuery table bq:\/\/my-project\.analytics\.sentences, and BigQuery has no offline emulator here; run it with `pulumi up`, or leave it out of this run with --skip warehouse/);
      return true;
    });
    assert.ok(!log.some((line) => line.includes('creating gs://')), 'nothing was created');
  });

  it('runs the local-file jobs and the mapped uris job; every input line gets a prediction', async () => {
    const log: string[] = [];
    const result = await runLocalFlow(options(log, { maps: [{ uri: 'gs://other-bucket/corpus', dir: join(root, 'corpus') }], skip: ['warehouse'] }));
    assert.ok(log.includes('  job warehouse: left out of this run (--skip)'));
    const byKey = Object.fromEntries(result.jobs.map((job) => [job.key, job]));
    assert.deepEqual(Object.keys(byKey).sort(), ['corpus', 'docs', 'tickets']);
    assert.deepEqual([byKey.tickets!.successfulCount, byKey.tickets!.failedCount], [3, 0]);
    assert.deepEqual([byKey.docs!.successfulCount, byKey.docs!.failedCount], [2, 0]);
    assert.deepEqual([byKey.corpus!.successfulCount, byKey.corpus!.failedCount], [2, 0]);
    // All three tickets printed (a stack's own jobs print up to 20 lines), each a 512-d embedding.
    const instances = byKey.tickets!.firstPredictions.map((line) => JSON.parse(line) as { instance: string; prediction: number[] });
    assert.deepEqual(instances.map((row) => row.instance).sort(), ['printer on fire', 'refund please', 'reset my password']);
    assert.ok(instances.every((row) => row.prediction.length === 512));
    assert.ok(byKey.corpus!.displayName.endsWith('-corpus'));
    assert.ok(byKey.tickets!.keptIn?.startsWith(join(root, 'kept', 'tickets')));
  });
});
