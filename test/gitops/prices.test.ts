// Cost visibility: the price table prices every machine the hardware catalog allows, and the estimate is
// (machine + GPUs) × replicas with the numbers worked out by hand below.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MACHINE_TYPES } from '../../infra/catalog/machines';
import {
  estimateHourlyCostUsd,
  PRICES_CHECKED_ON,
  PRICES_SOURCE_URL,
} from '../../infra/catalog/prices';

describe('estimateHourlyCostUsd', () => {
  it('prices a CPU machine by its vCPUs: e2-standard-2 = 2 × $0.0385 ≈ $0.08', () => {
    assert.equal(estimateHourlyCostUsd({ machineType: 'e2-standard-2', replicas: 1, region: 'us-central1' }), 0.08);
  });

  it('adds attached GPUs and multiplies by replicas: 2 × (n1-standard-4 + 1 × T4) = 2 × (0.2188 + 0.4025) ≈ $1.24', () => {
    const cost = estimateHourlyCostUsd({
      machineType: 'n1-standard-4',
      acceleratorType: 'NVIDIA_TESLA_T4',
      acceleratorCount: 1,
      replicas: 2,
      region: 'us-central1',
    });
    assert.equal(cost, 1.24);
  });

  it('counts the built-in GPUs of an accelerator-optimized machine: a2-highgpu-1g = 12 × 0.0392 + 3.3741 ≈ $3.84', () => {
    const cost = estimateHourlyCostUsd({
      machineType: 'a2-highgpu-1g',
      acceleratorType: 'NVIDIA_TESLA_A100',
      acceleratorCount: 1,
      replicas: 1,
      region: 'us-central1',
    });
    assert.equal(cost, 3.84);
  });

  it('grows with the GPU count: 4 × V100 costs more than 1 × V100 on the same machine', () => {
    const spec = { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', replicas: 1, region: 'us-central1' };
    assert.ok(estimateHourlyCostUsd({ ...spec, acceleratorCount: 4 }) > estimateHourlyCostUsd({ ...spec, acceleratorCount: 1 }) + 8);
  });

  it('has a price for every machine type the hardware catalog accepts', () => {
    for (const name of MACHINE_TYPES.keys()) {
      const cost = estimateHourlyCostUsd({ machineType: name, replicas: 1, region: 'us-central1' });
      assert.ok(cost > 0, `${name} priced at ${cost}`);
    }
  });

  it('names the field, the bad value and what is allowed', () => {
    const base = { machineType: 'n1-standard-4', replicas: 1, region: 'us-central1' };
    assert.throws(() => estimateHourlyCostUsd({ ...base, machineType: 'm1-ultramem-40' }), /machineType: "m1-ultramem-40" has no price; allowed: .*n1-standard-\{/);
    assert.throws(() => estimateHourlyCostUsd({ ...base, region: 'mars-north1' }), /region: "mars-north1" is not a Vertex AI region; allowed: .*us-central1/);
    assert.throws(() => estimateHourlyCostUsd({ ...base, replicas: 0 }), /replicas: 0 is not a replica count; allowed: an integer ≥ 1/);
    assert.throws(() => estimateHourlyCostUsd({ ...base, acceleratorType: 'NVIDIA_TESLA_K80', acceleratorCount: 1 }), /acceleratorType: "NVIDIA_TESLA_K80" has no price; allowed: .*NVIDIA_TESLA_T4/);
    assert.throws(() => estimateHourlyCostUsd({ ...base, acceleratorType: 'NVIDIA_TESLA_T4' }), /acceleratorCount: 0 is not a GPU count for NVIDIA_TESLA_T4/);
  });

  it('states its date and source', () => {
    assert.match(PRICES_CHECKED_ON, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(PRICES_SOURCE_URL, /^https:\/\/cloud\.google\.com\/vertex-ai\/pricing/);
  });
});
