// prediction.candidates in a stack file reach every batch job of the program: the committed prod example (T4, then
// L4 on g2, then V100) under mocks, in order, and the jobs they produce pass the provider's own check (CPU/GPU
// serving-image rule included). A stack without candidates declares jobs without the key.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type BatchJobInputs, checkBatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { type MockRun, ofType, runUnderMocks, stackFileConfig, TYPES } from './helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');
const { JOB } = TYPES;
const program = async () => require('../../infra/index');

describe('prediction.candidates from the stack file to the job inputs', () => {
  let prod: MockRun;
  let dev: MockRun;
  before(async () => {
    prod = await runUnderMocks({ stack: 'prod', config: stackFileConfig(join(ROOT, 'Pulumi.prod.yaml')), load: program });
    dev = await runUnderMocks({ stack: 'dev', config: stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), load: program });
  });

  it('every prod job carries the fallback list in the order of Pulumi.prod.yaml, after its T4 primary', () => {
    const jobs = ofType(prod, JOB);
    assert.equal(jobs.length, 2);
    for (const job of jobs) {
      assert.equal(job.inputs.machineType, 'n1-standard-8');
      assert.equal(job.inputs.acceleratorType, 'NVIDIA_TESLA_T4');
      assert.deepEqual(job.inputs.candidates, [
        { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 },
        { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1 },
      ]);
      assert.match(job.inputs.servingImageUri, /\/tf2-gpu\./);
      assert.deepEqual(checkBatchJobInputs(job.inputs as BatchJobInputs), [], `${job.name} passes the provider's check`);
    }
  });

  it('the stack output shows the candidates with the prediction defaults', () => {
    const defaults = prod.outputs.predictionDefaults as { candidates?: unknown[] };
    assert.equal(defaults.candidates?.length, 2);
  });

  it('a stack without candidates declares jobs without the key', () => {
    for (const job of ofType(dev, JOB)) assert.equal('candidates' in job.inputs, false, job.name);
  });
});
