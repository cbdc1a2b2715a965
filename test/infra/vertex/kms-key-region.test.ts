// A KMS key in another region than the model or job is refused by Vertex at create (encryption_spec.proto); the
// providers' check catches it at preview, naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { checkModelInputs } from '../../../infra/vertex/model-provider';
import { jobInputs, modelInputs } from './fixture';

const EU_KEY = 'projects/test-project/locations/europe-west4/keyRings/ring/cryptoKeys/key';
const US_KEY = 'projects/test-project/locations/us-central1/keyRings/ring/cryptoKeys/key';

test('a key from europe-west4 for a model or job in us-central1 fails check, naming the key and the regions', () => {
  const expected = /^encryptionKey: ".*europe-west4\/keyRings\/ring\/cryptoKeys\/key" is in europe-west4, but the resource is created in us-central1; .* allowed: a key under projects\/P\/locations\/us-central1\//;
  const model = checkModelInputs(modelInputs({ encryptionKey: EU_KEY }));
  assert.deepEqual(model.map((f) => f.property), ['encryptionKey']);
  assert.match(model[0]!.reason, expected);
  const job = checkBatchJobInputs(jobInputs('projects/test-project/locations/us-central1/models/1@1', { encryptionKey: EU_KEY }));
  assert.deepEqual(job.map((f) => f.property), ['encryptionKey']);
  assert.match(job[0]!.reason, expected);
});

test('a key in the same region passes', () => {
  assert.deepEqual(checkModelInputs(modelInputs({ encryptionKey: US_KEY })), []);
  assert.deepEqual(checkBatchJobInputs(jobInputs('projects/test-project/locations/us-central1/models/1@1', { encryptionKey: US_KEY })), []);
});
