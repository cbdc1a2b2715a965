// The prebuilt TF2 prediction images as a dated list (issue 16): only listed versions build an image name, the
// default is the newest available, and preview warns within 90 days of the end of availability and refuses after
// it, on an injected "today".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servingImageUri, TF2_PREDICTION_IMAGES } from '../../../infra/catalog/images';
import { parseStackConfig } from '../../../infra/config';

const BASE = { 'gcp:project': 'my-project-123', 'gcp:region': 'us-central1', environment: 'dev' };
const parse = (prediction: object, today: string) => {
  const warnings: string[] = [];
  const config = parseStackConfig({ ...BASE, prediction }, 'dev', { today: new Date(`${today}T12:00:00Z`), warn: (m) => warnings.push(m) });
  return { config, warnings };
};
const problemsOf = (prediction: object, today: string) => {
  try {
    parse(prediction, today);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

test('the catalog holds the dates of the pre-built containers page: tf2 2.15 end of patch 2026-01-14, end of availability 2027-01-14', () => {
  assert.deepEqual(TF2_PREDICTION_IMAGES[0], { tfVersion: '2.15', gpuCuda: '12.x', endOfPatch: '2026-01-14', endOfAvailability: '2027-01-14' });
});

test('tfVersion 2.99 has no image: refused at preview naming the key, the value and the available versions', () => {
  assert.throws(() => servingImageUri('us-central1', '2.99', false), /tfVersion: "2\.99" has no prebuilt Vertex AI prediction image/);
  const message = problemsOf({ tfVersion: '2.99' }, '2026-06-01');
  assert.match(message, /prediction\.tfVersion: "2\.99" has no prebuilt Vertex AI prediction image \(tf2-cpu\/gpu\.2-99 does not exist\); allowed: "2\.15", "2\.14"/);
});

test('the default is the newest version with images available today; no warning long before its end', () => {
  const { config, warnings } = parse({}, '2026-06-01');
  assert.equal(config.prediction.tfVersion, '2.15');
  assert.equal(config.prediction.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
  assert.deepEqual(warnings, []);
});

test('within 90 days of the end of availability preview warns with the date and what to do', () => {
  const { config, warnings } = parse({ tfVersion: '2.15' }, '2026-12-03');
  assert.equal(config.prediction.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^prediction\.tfVersion: "2\.15": the tf2-cpu\/gpu\.2-15 images reach end of availability on 2027-01-14 \(in 42 days; patches ended 2026-01-14\)/);
});

test('after the end of availability preview refuses the version (and a version already past it today)', () => {
  assert.match(problemsOf({ tfVersion: '2.15' }, '2027-01-15'), /prediction\.tfVersion: "2\.15": the tf2-cpu\/gpu\.2-15 images reached end of availability on 2027-01-14/);
  assert.match(problemsOf({ tfVersion: '2.13' }, '2026-12-03'), /"2\.13": the tf2-cpu\/gpu\.2-13 images reached end of availability on 2025-11-28; .* allowed: "2\.15", "2\.14"/);
});
