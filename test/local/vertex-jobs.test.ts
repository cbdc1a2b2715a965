import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import { createJob, type EmulatorWithClients, jobSpec, PARENT, rejection, startWithClients, uploadModel } from './vertex-clients';

const START = Date.UTC(2026, 0, 1);

describe('Vertex emulator: BatchPredictionJobs with the real JobServiceClient', () => {
  let clients: EmulatorWithClients;
  let clock: ManualClock;
  let model: string;

  before(async () => {
    clock = new ManualClock(START);
    clients = await startWithClients({ clock, jobPhaseMs: { queued: 1000, pending: 2000, running: 3000, cancelling: 500 } });
  });
  after(() => clients.close());
  beforeEach(async () => {
    clients.emulator.reset();
    model = await uploadModel(clients);
  });

  const stateOf = async (name: string) => (await clients.jobs.getBatchPredictionJob({ name }))[0];

  it('moves QUEUED → PENDING → RUNNING → SUCCEEDED as the clock advances', async () => {
    const created = START + 0;
    const name = await createJob(clients, model);
    assert.match(name, /^projects\/test-project\/locations\/us-central1\/batchPredictionJobs\/\d+$/);
    assert.equal((await stateOf(name)).state, 'JOB_STATE_QUEUED');
    clock.advance(1000);
    assert.equal((await stateOf(name)).state, 'JOB_STATE_PENDING');
    clock.advance(2000);
    const running = await stateOf(name);
    assert.equal(running.state, 'JOB_STATE_RUNNING');
    assert.equal(Number(running.startTime?.seconds), (created + 3000) / 1000);
    clock.advance(3000);
    const done = await stateOf(name);
    assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(done.outputInfo?.gcsOutputDirectory, 'gs://test-bucket/outputs/prediction-use-lite-2026_01_01T00_00_00_000Z');
    assert.equal(Number(done.endTime?.seconds), (created + 6000) / 1000);
    assert.equal(done.modelVersionId, '1');
    assert.ok(done.completionStats, 'completion stats are reported');
  });

  it('a waiter sleeping on the same ManualClock sees a 1-hour job end after the expected number of polls', async () => {
    const hourClock = new ManualClock(START);
    const hour = await startWithClients({ clock: hourClock, jobPhaseMs: { queued: 60_000, pending: 60_000, running: 3_600_000 } });
    try {
      const hourModel = await uploadModel(hour);
      const name = await createJob(hour, hourModel);
      let polls = 0;
      for (;;) {
        polls += 1;
        const [job] = await hour.jobs.getBatchPredictionJob({ name });
        if (job.state === 'JOB_STATE_SUCCEEDED') break;
        await hourClock.sleep(60_000);
      }
      // 3,720,000 ms of phases at one poll a minute: polls at minute 0..62.
      assert.equal(polls, 63);
      assert.equal(hour.emulator.calls.filter((c) => c.method === 'GetBatchPredictionJob').length, 63);
    } finally {
      await hour.close();
    }
  });

  it('ListBatchPredictionJobs finds a job by label, as providers adopt jobs', async () => {
    const mine = await createJob(clients, model, { labels: { 'job-key': 'urn-abc' } });
    await createJob(clients, model, { labels: { 'job-key': 'urn-other' } });
    const [found] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT, filter: 'labels.job-key="urn-abc"' });
    assert.deepEqual(found.map((j) => j.name), [mine]);
    const [live] = await clients.jobs.listBatchPredictionJobs({
      parent: PARENT,
      filter: 'labels.job-key="urn-abc" AND state!=JOB_STATE_CANCELLED',
    });
    assert.deepEqual(live.map((j) => j.name), [mine]);
    const [hasLabel] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT, filter: 'labels.job-key:*' });
    assert.equal(hasLabel.length, 2);
  });

  it('List refuses filters it cannot evaluate instead of returning everything', async () => {
    const or = await rejection(clients.jobs.listBatchPredictionJobs({ parent: PARENT, filter: 'labels.a="1" OR labels.b="2"' }));
    assert.equal(or.code, status.INVALID_ARGUMENT);
    assert.match(or.details, /Unsupported filter/);
    const field = await rejection(clients.jobs.listBatchPredictionJobs({ parent: PARENT, filter: 'colour="red"' }));
    assert.equal(field.code, status.INVALID_ARGUMENT);
    assert.match(field.details, /Unsupported filter field "colour".*allowed are labels.<key>, display_name, state, model, name/);
  });

  it('cancel shows CANCELLING, then CANCELLED; the job stays listed', async () => {
    const name = await createJob(clients, model);
    clock.advance(3500);
    await clients.jobs.cancelBatchPredictionJob({ name });
    assert.equal((await stateOf(name)).state, 'JOB_STATE_CANCELLING');
    clock.advance(500);
    const cancelled = await stateOf(name);
    assert.equal(cancelled.state, 'JOB_STATE_CANCELLED');
    assert.ok(cancelled.endTime);
    const [listed] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT });
    assert.deepEqual(listed.map((j) => j.name), [name]);
  });

  it('cancel of a job that already ended is FAILED_PRECONDITION', async () => {
    const name = await createJob(clients, model);
    clock.advance(6000);
    const error = await rejection(clients.jobs.cancelBatchPredictionJob({ name }));
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.match(error.details, /is in state JOB_STATE_SUCCEEDED and cannot be cancelled/);
  });

  it('delete of an unfinished job is FAILED_PRECONDITION; a finished job deletes through an LRO', async () => {
    const name = await createJob(clients, model);
    const early = await rejection(clients.jobs.deleteBatchPredictionJob({ name }));
    assert.equal(early.code, status.FAILED_PRECONDITION);
    assert.match(early.details, /is in state JOB_STATE_QUEUED; only a job that has ended .* can be deleted. Cancel it first/);
    clock.advance(6000);
    const [operation] = await clients.jobs.deleteBatchPredictionJob({ name });
    await operation.promise();
    assert.equal((await rejection(clients.jobs.getBatchPredictionJob({ name }))).code, status.NOT_FOUND);
  });

  it('a job may name a model version with @', async () => {
    const name = await createJob(clients, `${model}@1`);
    assert.equal((await stateOf(name)).modelVersionId, '1');
  });

  it('CreateBatchPredictionJob validates like Vertex, naming the field', async () => {
    const otherRegion = 'projects/test-project/locations/europe-west4/models/1';
    const cases: [string, object, number, RegExp][] = [
      ['bad parent', { parent: 'projects/p/regions/r' }, status.INVALID_ARGUMENT, /Invalid parent/],
      ['no display name', { job: { displayName: '' } }, status.INVALID_ARGUMENT, /Required field is not set: batch_prediction_job.display_name/],
      ['no model', { job: { model: '' } }, status.INVALID_ARGUMENT, /Required field is not set: batch_prediction_job.model/],
      ['unknown model', { job: { model: `${PARENT}/models/42` } }, status.NOT_FOUND, /Model ".*models\/42" not found/],
      ['model elsewhere', { job: { model: otherRegion } }, status.INVALID_ARGUMENT, /is in location europe-west4, but the job is created in us-central1/],
      [
        'unknown input format',
        { job: { inputConfig: { instancesFormat: 'parquet', gcsSource: { uris: ['gs://test-bucket/a'] } } } },
        status.INVALID_ARGUMENT,
        /instances_format "parquet" is not a known format; allowed: jsonl, csv, tf-record, tf-record-gzip, bigquery, file-list/,
      ],
      [
        'csv output on a custom model',
        { job: { outputConfig: { predictionsFormat: 'csv', gcsDestination: { outputUriPrefix: 'gs://test-bucket/o' } } } },
        status.INVALID_ARGUMENT,
        /predictions_format "csv" is not supported by this Model; the Model supports: jsonl, bigquery/,
      ],
      [
        'bigquery input from gcs',
        { job: { inputConfig: { instancesFormat: 'bigquery', gcsSource: { uris: ['gs://test-bucket/a'] } } } },
        status.INVALID_ARGUMENT,
        /instances_format "bigquery" reads a BigQuery table: set bigquery_source/,
      ],
      ['no input uris', { job: { inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: [] } } } }, status.INVALID_ARGUMENT, /gcs_source.uris/],
      [
        'input not gs://',
        { job: { inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: ['s3://x/y'] } } } },
        status.INVALID_ARGUMENT,
        /"s3:\/\/x\/y" is not a Cloud Storage URI/,
      ],
      [
        'bad output prefix',
        { job: { outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: 'gs://test-bucket/out*' } } } },
        status.INVALID_ARGUMENT,
        /output_uri_prefix "gs:\/\/test-bucket\/out\*" is not a Cloud Storage prefix/,
      ],
      ['no machine', { job: { dedicatedResources: undefined } }, status.INVALID_ARGUMENT, /dedicated_resources/],
      [
        'max below starting',
        { job: { dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, startingReplicaCount: 3, maxReplicaCount: 2 } } },
        status.INVALID_ARGUMENT,
        /max_replica_count \(2\) must be >= starting_replica_count \(3\)/,
      ],
      [
        'accelerator without count',
        { job: { dedicatedResources: { machineSpec: { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4' } } } },
        status.INVALID_ARGUMENT,
        /accelerator_count must be > 0 when accelerator_type is NVIDIA_TESLA_T4/,
      ],
      [
        'included and excluded fields',
        { job: { instanceConfig: { includedFields: ['a'], excludedFields: ['b'] } } },
        status.INVALID_ARGUMENT,
        /included_fields and excluded_fields cannot both be set/,
      ],
      ['bad label', { job: { labels: { 'job key': 'v' } } }, status.INVALID_ARGUMENT, /batch_prediction_job.labels: invalid label key "job key"/],
    ];
    for (const [what, { parent, job }, code, message] of cases as [string, { parent?: string; job?: object }, number, RegExp][]) {
      const error = await rejection(
        clients.jobs.createBatchPredictionJob({ parent: parent ?? PARENT, batchPredictionJob: { ...jobSpec(model), ...job } }),
      );
      assert.equal(error.code, code, what);
      assert.match(error.details, message, what);
    }
    const [none] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT });
    assert.equal(none.length, 0, 'no rejected job was created');
  });
});
