import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHardware, MACHINE_TYPES } from '../../../infra/catalog/machines';

test('accepted combinations return no problems', () => {
  const ok = [
    { machineType: 'n1-standard-4', region: 'us-central1' },
    { machineType: 'e2-standard-4', region: 'europe-west4' },
    { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, region: 'us-central1' },
    { machineType: 'n1-standard-32', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 8, region: 'us-central1' },
    { machineType: 'a2-highgpu-2g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 2, region: 'us-central1' },
    { machineType: 'a2-ultragpu-1g', acceleratorType: 'NVIDIA_A100_80GB', acceleratorCount: 1, region: 'europe-west4' },
    { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, region: 'us-central1' },
    { machineType: 'g2-standard-24', acceleratorType: 'NVIDIA_L4', acceleratorCount: 2, region: 'us-central1' },
    { machineType: 'a3-highgpu-8g', acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 8, region: 'us-central1' },
    { machineType: 'n2-standard-8', acceleratorCount: 0, region: 'us-central1' },
  ];
  for (const spec of ok) assert.deepEqual(checkHardware(spec), [], JSON.stringify(spec));
});

test('any accelerator on a CPU-only family names the field, the value and the GPU families', () => {
  for (const machineType of ['e2-standard-4', 'n2-standard-8', 'n2d-standard-2', 'c2-standard-4']) {
    const [msg, ...rest] = checkHardware({ machineType, acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, region: 'us-central1' });
    assert.equal(rest.length, 0);
    assert.match(msg!, new RegExp(`^acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to ${machineType}`));
    assert.match(msg!, /allowed: none \(omit acceleratorType\), or a machine type of n1, a2-highgpu, a2-ultragpu, g2, a3$/);
  }
});

test('GPU type of the wrong family lists the family GPUs', () => {
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, region: 'us-central1' }), [
    'acceleratorType: "NVIDIA_L4" does not fit n1-standard-4; allowed: NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100, NVIDIA_TESLA_P100',
  ]);
  assert.deepEqual(checkHardware({ machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_A100_80GB', acceleratorCount: 1, region: 'us-central1' }), [
    'acceleratorType: "NVIDIA_A100_80GB" does not fit a2-highgpu-1g; allowed: NVIDIA_TESLA_A100',
  ]);
});

test('K80 is refused as end of life, with the alternatives', () => {
  const [msg] = checkHardware({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_K80', acceleratorCount: 1, region: 'us-central1' });
  assert.match(msg!, /^acceleratorType: NVIDIA_TESLA_K80 has reached end of support/);
  assert.match(msg!, /allowed on n1-standard-4: NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100, NVIDIA_TESLA_P100$/);
});

test('unknown GPU name', () => {
  const [msg] = checkHardware({ machineType: 'n1-standard-4', acceleratorType: 'GTX_1080', acceleratorCount: 1, region: 'us-central1' });
  assert.match(msg!, /^acceleratorType: "GTX_1080" is not a Vertex AI GPU type/);
});

test('counts outside {1,2,4,8} and per-type limits', () => {
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 3, region: 'us-central1' }), [
    'acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4',
  ]);
  // T4 has no 8-GPU N1 shape; V100 does.
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 8, region: 'us-central1' }), [
    'acceleratorCount: 8 is not allowed for NVIDIA_TESLA_T4 on n1-standard-8; allowed: 1, 2, 4',
  ]);
  // One V100 supports at most 12 vCPUs: a 32-vCPU machine needs 4 or 8.
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-32', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1, region: 'us-central1' }), [
    'acceleratorCount: 1 is not allowed for NVIDIA_TESLA_V100 on n1-standard-32; allowed: 4, 8',
  ]);
  assert.deepEqual(checkHardware({ machineType: 'a2-highgpu-4g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 2, region: 'us-central1' }), [
    'acceleratorCount: 2 is not allowed for NVIDIA_TESLA_A100 on a2-highgpu-4g; allowed: 4',
  ]);
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', region: 'us-central1' }), [
    'acceleratorCount: missing for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4',
  ]);
});

test('count without type, and fixed-GPU machine without type', () => {
  assert.deepEqual(checkHardware({ machineType: 'n1-standard-4', acceleratorCount: 2, region: 'us-central1' }, 'prediction.'), [
    'prediction.acceleratorCount: 2 is set without prediction.acceleratorType; allowed: omit prediction.acceleratorCount (CPU only), or also set prediction.acceleratorType (NVIDIA_TESLA_T4, NVIDIA_TESLA_P4, NVIDIA_TESLA_V100, NVIDIA_TESLA_P100)',
  ]);
  assert.deepEqual(checkHardware({ machineType: 'g2-standard-4', region: 'us-central1' }), [
    'acceleratorType: missing, but g2-standard-4 comes with 1 × NVIDIA_L4; allowed: NVIDIA_L4',
  ]);
});

test('unknown machine type and unknown region both reported, with prefix', () => {
  const problems = checkHardware({ machineType: 'n1-standard-3', region: 'mars-north1' }, 'jobs.embed.');
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /^jobs\.embed\.region: "mars-north1" is not a Vertex AI region; allowed: us-central1, /);
  assert.match(problems[1]!, /^jobs\.embed\.machineType: "n1-standard-3" is not a machine type .*allowed: e2-standard-\{2,4,8,16,32\}, /);
  assert.match(problems[1]!, /n1-standard-\{2,4,8,16,32,64,96\}/);
  assert.match(problems[1]!, /a2-highgpu-\{1,2,4,8\}g/);
});

test('GPU not offered in the region names the region, what it offers and where the GPU is', () => {
  const [msg, ...rest] = checkHardware({ machineType: 'a3-highgpu-8g', acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 8, region: 'europe-west2' });
  assert.equal(rest.length, 0);
  assert.match(msg!, /^acceleratorType: "NVIDIA_H100_80GB" is not offered for prediction in europe-west2; allowed there: NVIDIA_TESLA_T4; regions offering NVIDIA_H100_80GB: us-central1, /);
});

test('catalog shapes: machine → fixed GPU counts', () => {
  assert.deepEqual(MACHINE_TYPES.get('g2-standard-48')?.fixedGpu, { type: 'NVIDIA_L4', count: 4 });
  assert.deepEqual(MACHINE_TYPES.get('a2-megagpu-16g')?.fixedGpu, { type: 'NVIDIA_TESLA_A100', count: 16 });
  assert.equal(MACHINE_TYPES.get('e2-standard-4')?.fixedGpu, undefined);
  assert.equal(MACHINE_TYPES.has('n1-standard-1'), false);
});
