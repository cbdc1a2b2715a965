// A bad stack config stops the program before a single resource is registered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import { ConfigError, readStackConfig } from '../../infra/config';
import { ModelExportError } from '../../infra/artifact-export';
import { installMocks, toPulumiConfig } from './helpers/mock-stack';

const program = require('../../infra/index') as () => Promise<Record<string, unknown>>;

test('the program throws ConfigError with every problem and registers nothing', async () => {
  const config = toPulumiConfig({
    'gcp:project': 'my-embeddings-dev',
    'gcp:region': 'us-central1',
    environment: 'prod',
    bucket: { forceDestroy: true },
    prediction: { machineType: 'e2-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 },
  });
  const registrations = await installMocks({ stack: 'prod', config });
  await assert.rejects(
    program(),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2);
      assert.match(error.message, /prediction\.acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to e2-standard-4/);
      assert.match(error.message, /bucket\.forceDestroy: true is not allowed when environment is prod/);
      return true;
    },
  );
  await pulumi.runtime.disconnect();
  assert.equal(registrations.length, 0);
});

test('a structured key that is not a map is named', () => {
  pulumi.runtime.setAllConfig({
    ...toPulumiConfig({ 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev' }),
    'vertex-embeddings:bucket': '{not json',
  });
  assert.throws(() => readStackConfig(), /bucket: "\{not json" is not a map; allowed: a YAML map under bucket/);
});

test('a failed model export fails the program with the exporter message before any resource is registered', async () => {
  const config = toPulumiConfig({
    'gcp:project': 'my-embeddings-dev',
    'gcp:region': 'us-central1',
    environment: 'dev',
    model: { source: 'folder', folder: '/nonexistent/use-lite' },
  });
  const registrations = await installMocks({ stack: 'dev', config });
  await assert.rejects(program(), (error: unknown) => {
    assert.ok(error instanceof ModelExportError);
    assert.match(error.message, /^model export failed \(model\.source: folder \/nonexistent\/use-lite\): --source \/nonexistent\/use-lite: not a folder \(give 'real' or a folder holding model\.json, /);
    return true;
  });
  await pulumi.runtime.disconnect();
  assert.equal(registrations.length, 0);
});
