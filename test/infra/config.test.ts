import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, deterministicSuffix, parseStackConfig } from '../../infra/config';

const BASE = { 'gcp:project': 'my-proj-123', 'gcp:region': 'us-central1', environment: 'dev' } as const;

test('defaults: notebook machine, CPU image, no retention rule, stable names', () => {
  const c = parseStackConfig(BASE, 'dev');
  assert.equal(c.prediction.machineType, 'n1-standard-4');
  assert.equal(c.prediction.gpu, false);
  assert.equal(c.prediction.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
  assert.equal(c.prediction.batchSize, 64);
  assert.equal(c.prediction.maxReplicaCount, 1);
  assert.equal('predictionOutputRetentionDays' in c.bucket, false);
  assert.equal(c.bucket.forceDestroy, false);
  assert.equal(c.bucket.location, 'US-CENTRAL1');
  // sha256("my-proj-123/dev") = a9ef9e…  (computed with sha256sum)
  assert.equal(c.names.suffix, 'a9ef9e');
  assert.equal(c.names.bucket, 'my-proj-123-use-a9ef9e');
  assert.equal(c.names.serviceAccountId, 'use-batch-a9ef9e');
});

test('the suffix is the same on every run and differs between stacks and projects', () => {
  assert.equal(parseStackConfig(BASE, 'dev').names.suffix, parseStackConfig(BASE, 'dev').names.suffix);
  assert.notEqual(deterministicSuffix('my-proj-123', 'dev'), deterministicSuffix('my-proj-123', 'prod'));
  assert.notEqual(deterministicSuffix('my-proj-123', 'dev'), deterministicSuffix('my-proj-124', 'dev'));
  assert.equal(parseStackConfig({ ...BASE, nameSuffix: 'x1' }, 'dev').names.bucket, 'my-proj-123-use-x1');
});

test('GPU prediction picks the GPU image in the region registry', () => {
  const c = parseStackConfig(
    { ...BASE, 'gcp:region': 'europe-west4', prediction: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 2, tfVersion: '2.14' } },
    'dev',
  );
  assert.equal(c.prediction.servingImageUri, 'europe-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-14:latest');
  assert.equal(c.prediction.acceleratorCount, 2);
  assert.equal(c.bucket.location, 'EUROPE-WEST4');
});

test('prod: versioning on, protected bucket; values set with `config set --path` arrive as text and are accepted', () => {
  const c = parseStackConfig({ ...BASE, environment: 'prod', bucket: { location: 'us', forceDestroy: 'false' }, prediction: { batchSize: '32' } }, 'prod');
  assert.equal(c.bucket.versioning, true);
  assert.equal(c.bucket.protect, true);
  assert.equal(c.bucket.location, 'US');
  assert.equal(c.prediction.batchSize, 32);
  assert.equal(c.labels.environment, 'prod');
});

test('prediction.candidates: ordered, same region, no empty keys; absent when none', () => {
  const c = parseStackConfig(
    {
      ...BASE,
      prediction: {
        ...n1t4(1),
        maxReplicaCount: '2',
        candidates: [
          { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: '1' },
          { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1, startingReplicaCount: 2 },
        ],
      },
    },
    'dev',
  );
  assert.deepEqual(c.prediction.candidates, [
    { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 },
    { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1, startingReplicaCount: 2 },
  ]);
  assert.equal('candidates' in parseStackConfig(BASE, 'dev').prediction, false);
});

function problemsOf(raw: Record<string, unknown>, stack = 'dev'): readonly string[] {
  try {
    parseStackConfig(raw, stack);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, new RegExp(`^Invalid stack config for stack "${stack}"`));
    return error.problems;
  }
  assert.fail(`accepted: ${JSON.stringify(raw)}`);
}

const n1t4 = (count: number) => ({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: count });

// [case, config overrides, the exact message (string) or its pattern]
const BAD: [string, Record<string, unknown>, string | RegExp][] = [
  ['unknown region', { 'gcp:region': 'us-central9' }, /^gcp:region: "us-central9" is not a Vertex AI region; allowed: us-central1, us-east1, us-east4, .*europe-west4/],
  ['empty project', { 'gcp:project': '' }, 'gcp:project: "" must be the Google Cloud project id; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter'],
  ['missing project', { 'gcp:project': undefined }, 'gcp:project: missing, must be the Google Cloud project id; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter'],
  ['GPU on e2', { prediction: { ...n1t4(1), machineType: 'e2-standard-4' } }, 'prediction.acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to e2-standard-4 (e2 machines take no accelerator); allowed: none (omit prediction.acceleratorType), or a machine type of n1, a2-highgpu, a2-ultragpu, g2, a3'],
  ['GPU on n2', { prediction: { ...n1t4(1), machineType: 'n2-standard-8' } }, /^prediction\.acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to n2-standard-8 \(n2 machines take no accelerator\)/],
  ['GPU of another family', { prediction: { ...n1t4(1), acceleratorType: 'NVIDIA_L4' } }, 'prediction.acceleratorType: "NVIDIA_L4" does not fit n1-standard-4; allowed: NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100, NVIDIA_TESLA_P100'],
  ['end-of-life K80', { prediction: { ...n1t4(1), acceleratorType: 'NVIDIA_TESLA_K80' } }, /^prediction\.acceleratorType: NVIDIA_TESLA_K80 has reached end of support .*; allowed on n1-standard-4: NVIDIA_TESLA_T4/],
  ['count not in {1,2,4,8}', { prediction: n1t4(3) }, 'prediction.acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4'],
  ['count without type', { prediction: { machineType: 'n1-standard-4', acceleratorCount: 2 } }, /^prediction\.acceleratorCount: 2 is set without prediction\.acceleratorType; allowed: omit prediction\.acceleratorCount \(CPU only\)/],
  ['fixed-GPU machine without its GPU', { prediction: { machineType: 'a2-highgpu-1g' } }, 'prediction.acceleratorType: missing, but a2-highgpu-1g comes with 1 × NVIDIA_TESLA_A100; allowed: NVIDIA_TESLA_A100'],
  ['GPU not offered in the region', { 'gcp:region': 'europe-west2', prediction: { ...n1t4(1), acceleratorType: 'NVIDIA_TESLA_V100' } }, /^prediction\.acceleratorType: "NVIDIA_TESLA_V100" is not offered for prediction in europe-west2; allowed there: NVIDIA_TESLA_T4;/],
  ['unknown machine type', { prediction: { machineType: 'n1-standard-3' } }, /^prediction\.machineType: "n1-standard-3" is not a machine type Vertex AI offers for prediction; allowed: e2-standard-\{2,4,8,16,32\}/],
  ['label key with capitals', { labels: { Team: 'ml' } }, 'labels: key "Team" breaks GCP label-key rules; allowed: keys of 1-63 lowercase letters, digits, "_" or "-", starting with a lowercase letter'],
  ['label key starting with a digit', { labels: { '1team': 'ml' } }, /^labels: key "1team" breaks GCP label-key rules/],
  ['label value with a space and capitals', { labels: { team: 'ML Platform' } }, 'labels.team: "ML Platform" breaks GCP label-value rules; allowed: 0-63 lowercase letters, digits, "_" or "-"'],
  ['label value over 63 characters', { labels: { team: 'x'.repeat(64) } }, /^labels\.team: "x{64}" breaks GCP label-value rules/],
  ['bucket name over 63 characters', { bucket: { name: 'b'.repeat(64) } }, /^bucket\.name: "b{64}" is 64 characters long; allowed: 3-63 characters/],
  ['bucket name with invalid characters', { bucket: { name: 'My_Bucket!' } }, /^bucket\.name: "My_Bucket!" has characters GCS does not accept in bucket names; allowed:/],
  ['bucket name reserved by Google', { bucket: { name: 'google-embeddings' } }, /^bucket\.name: "google-embeddings" is reserved by Google;/],
  ['prod with forceDestroy', { environment: 'prod', bucket: { forceDestroy: true } }, 'bucket.forceDestroy: true is not allowed when environment is prod (it lets `pulumi destroy` delete data); allowed: false'],
  ['unknown environment', { environment: 'staging' }, 'environment: "staging" must be the environment kind; allowed: dev, prod'],
  ['missing environment', { environment: undefined }, 'environment: missing, must be the environment kind; allowed: dev, prod'],
  ['unknown storage class', { bucket: { storageClass: 'FAST' } }, 'bucket.storageClass: "FAST" must be a storage class; allowed: STANDARD, NEARLINE, COLDLINE, ARCHIVE'],
  ['retention of 0 days', { bucket: { predictionOutputRetentionDays: 0 } }, 'bucket.predictionOutputRetentionDays: 0 must be the age in days after which prediction outputs are deleted, a whole number; allowed: 1..3650'],
  ['bucket in another location than Vertex', { bucket: { location: 'EU' } }, 'bucket.location: "EU" is not where Vertex AI in us-central1 can read and write; allowed: US-CENTRAL1, US'],
  ['TensorFlow 1 serving image', { prediction: { tfVersion: '1.15' } }, 'prediction.tfVersion: "1.15" must be a TensorFlow 2 version; allowed: "2.N" e.g. "2.15"'],
  ['name prefix too long for the service account id', { namePrefix: 'embeddings-prod' }, /^namePrefix: "embeddings-prod" must be a name prefix; allowed: 1-12 characters/],
  ['batch size that is not a number', { prediction: { batchSize: 'lots' } }, 'prediction.batchSize: "lots" must be the instances per prediction request, a whole number; allowed: 1..1024'],
  ['max replicas below starting replicas', { prediction: { startingReplicaCount: 4, maxReplicaCount: 2 } }, 'prediction.maxReplicaCount: 2 is below prediction.startingReplicaCount (4); allowed: 4..100'],
  ['misspelt nested key', { prediction: { machinetype: 'n1-standard-4' } }, /^prediction\.machinetype: unknown config key; allowed: machineType, acceleratorType, acceleratorCount, tfVersion, batchSize/],
  ['misspelt top-level key', { predicton: {} }, /^predicton: unknown config key; allowed: gcp:project, gcp:region, environment, namePrefix/],
  ['unknown model source', { model: { source: 'tfhub' } }, 'model.source: "tfhub" must be a model source; allowed: real, fixture, folder'],
  ['folder source without a folder', { model: { source: 'folder' } }, 'model.folder: missing, but model.source is folder; allowed: a path to a USE lite tfjs folder (model.json, group1-shard*of7, vocab.json)'],
  ['folder given for another source', { model: { source: 'real', folder: '/data/use' } }, 'model.folder: "/data/use" is set but model.source is real; allowed: omit model.folder, or set model.source to folder'],
  ['keeping zero artifacts', { model: { keepArtifacts: 0 } }, 'model.keepArtifacts: 0 must be the number of most recent model artifacts kept in the bucket, a whole number; allowed: 1..100'],
  ['candidate GPU of another family', { prediction: { ...n1t4(1), candidates: [{ machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }, { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] } }, 'prediction.candidates[1].acceleratorType: "NVIDIA_L4" does not fit n1-standard-8; allowed: NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100, NVIDIA_TESLA_P100'],
  ['candidate GPU not offered in the stack region', { 'gcp:region': 'europe-west2', prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1 }] } }, /^prediction\.candidates\[0\]\.acceleratorType: "NVIDIA_TESLA_V100" is not offered for prediction in europe-west2; allowed there: NVIDIA_TESLA_T4;/],
  ['candidate in another region', { prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, region: 'us-east4' }] } }, 'prediction.candidates[0].region: "us-east4" is not allowed: a candidate runs in gcp:region: the model is registered there and Vertex runs a batch job in its model\'s region (models are regional); for another region, use a stack with that gcp:region; allowed keys: machineType, acceleratorType, acceleratorCount, startingReplicaCount'],
  ['CPU-only candidate behind a GPU primary', { prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-highcpu-16' }] } }, /^prediction\.candidates\[0\]\.acceleratorType: missing, but prediction\.acceleratorType selects the GPU serving image \(tf2-gpu\)/],
  ['GPU candidate behind a CPU primary', { prediction: { candidates: [{ machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] } }, /^prediction\.candidates\[0\]\.acceleratorType: "NVIDIA_L4" is set, but prediction\.acceleratorType is not: the model is registered with the CPU serving image/],
  ['candidate count not allowed', { prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 3 }] } }, 'prediction.candidates[0].acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4'],
  ['candidate without a machine type', { prediction: { ...n1t4(1), candidates: [{ acceleratorType: 'NVIDIA_TESLA_T4' }] } }, 'prediction.candidates[0].machineType: missing, must be a machine type name; allowed: e.g. g2-standard-8'],
  ['candidate misspelt key', { prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, gpus: 1 }] } }, 'prediction.candidates[0].gpus: unknown config key; allowed: machineType, acceleratorType, acceleratorCount, startingReplicaCount'],
  ['candidate starting more replicas than the ceiling', { prediction: { ...n1t4(1), candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, startingReplicaCount: 3 }] } }, 'prediction.candidates[0].startingReplicaCount: 3 is above prediction.maxReplicaCount (1); allowed: 1..1'],
  ['candidates not a list', { prediction: { ...n1t4(1), candidates: { machineType: 'g2-standard-8' } } }, /^prediction\.candidates: \{"machineType":"g2-standard-8"\} must be a list of \{machineType, acceleratorType\?, acceleratorCount\?, startingReplicaCount\?\}/],
  ['unknown registration mode', { model: { registration: 'overwrite' } }, 'model.registration: "overwrite" must be how a changed artifact is registered; allowed: replace, version'],
];

for (const [name, overrides, expected] of BAD) {
  test(`bad config: ${name}`, () => {
    const raw: Record<string, unknown> = { ...BASE, ...overrides };
    for (const [k, v] of Object.entries(raw)) if (v === undefined) delete raw[k];
    const problems = problemsOf(raw);
    assert.equal(problems.length, 1, problems.join('\n'));
    if (typeof expected === 'string') assert.equal(problems[0], expected);
    else assert.match(problems[0]!, expected);
  });
}

test('all problems are reported together, not one per run', () => {
  const problems = problemsOf({ ...BASE, environment: 'prod', bucket: { forceDestroy: true, storageClass: 'STANDARD' }, labels: { ok: 'fine' }, prediction: n1t4(3) }, 'prod');
  assert.deepEqual(problems, [
    'prediction.acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4',
    'bucket.forceDestroy: true is not allowed when environment is prod (it lets `pulumi destroy` delete data); allowed: false',
  ]);
});

test('model defaults: real source; dev keeps 3 artifacts, prod keeps all unless configured; folder paths are absolute', () => {
  const dev = parseStackConfig(BASE, 'dev');
  assert.deepEqual(dev.model, { source: 'real', keepArtifacts: 3, registration: 'replace' });
  const prod = parseStackConfig({ ...BASE, environment: 'prod' }, 'prod');
  assert.deepEqual(prod.model, { source: 'real', registration: 'replace' });
  assert.equal(parseStackConfig({ ...BASE, environment: 'prod', model: { keepArtifacts: '5' } }, 'prod').model.keepArtifacts, 5);
  const folder = parseStackConfig({ ...BASE, model: { source: 'folder', folder: 'models/use' } }, 'dev').model.folder!;
  assert.ok(folder.startsWith('/') && folder.endsWith('/models/use'), folder);
});
