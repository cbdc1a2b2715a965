import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGpuServingImage, servingImageUri } from '../../../infra/catalog/machines';

test('serving image follows the notebook pattern with the region registry prefix', () => {
  assert.equal(servingImageUri('us-central1', '2.15', false), 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
  assert.equal(servingImageUri('europe-west4', '2-13', true), 'europe-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-13:latest');
  assert.equal(servingImageUri('asia-east1', '2.12', false), 'asia-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-12:latest');
  // The notebook's split("-")[0] would give "northamerica"/"australia", which have no such registry.
  assert.equal(servingImageUri('northamerica-northeast1', '2.15', false), 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
  assert.equal(servingImageUri('australia-southeast1', '2.15', true), 'asia-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest');
});

test('bad version or region throws naming the field and the allowed form', () => {
  assert.throws(() => servingImageUri('us-central1', '1.15', false), /^Error: tfVersion: "1.15" is not a TensorFlow 2 version; allowed: "2.N" or "2-N"/);
  assert.throws(() => servingImageUri('us-central1', 'latest', false), /tfVersion: "latest"/);
  assert.throws(() => servingImageUri('moon-1', '2.15', false), /^Error: region: "moon-1" is not a Vertex AI region; allowed: us-central1/);
});

test('isGpuServingImage tells GPU images from CPU ones', () => {
  assert.equal(isGpuServingImage('us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest'), true);
  assert.equal(isGpuServingImage('europe-docker.pkg.dev/vertex-ai/prediction/tf-gpu.1-15:latest'), true);
  assert.equal(isGpuServingImage('us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest'), false);
  assert.equal(isGpuServingImage('us-docker.pkg.dev/my-gpu.project/prediction/tf2-cpu.2-15:latest'), false);
  assert.equal(isGpuServingImage(''), false);
});
