// Config GCS or Pulumi would get wrong silently: a bucket name shaped like an IP address (GCS refuses it at
// create time, after other resources exist) and a key under a misspelt project namespace (Pulumi hands it over,
// nothing reads it, the defaults deploy). Both are rejected before any resource, naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import { ConfigError, parseStackConfig } from '../../infra/config';
import { withStackProject } from '../helpers/stack-project';
import { loadStackConfig } from '../../local/cli/stack-file';
import { installMocks, toPulumiConfig } from './helpers/mock-stack';

const BASE = { 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev' };

test('a bucket name shaped like an IP address is rejected with the key and the rule', () => {
  assert.throws(
    () => parseStackConfig({ ...BASE, bucket: { name: '192.168.5.4' } }, 'dev'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /bucket\.name: "192\.168\.5\.4" is shaped like an IP address, which GCS refuses as a bucket name; allowed: .*not an IP address in dotted-decimal notation/);
      return true;
    },
  );
  assert.equal(parseStackConfig({ ...BASE, bucket: { name: 'data.192.168.5.4' } }, 'dev').bucket.name, 'data.192.168.5.4', 'dotted names that are not an address stay allowed');
});

const program = require('../../infra/index') as () => Promise<Record<string, unknown>>;

test('pulumi up: a key under a misspelt project namespace is rejected, naming it and the likely key; nothing is registered', async () => {
  const config = { ...toPulumiConfig(BASE), 'vertex-embedings:prediction': '{"batchSize": 8}', 'gcp:zone': 'us-central1-a' };
  const registrations = await installMocks({ stack: 'dev', config });
  await assert.rejects(program(), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [
      'vertex-embedings:prediction: the namespace "vertex-embedings" is not this project\'s (did you mean vertex-embeddings:prediction?); allowed namespaces: vertex-embeddings, gcp, pulumi',
    ]);
    return true;
  });
  await pulumi.runtime.disconnect();
  assert.equal(registrations.length, 0);
});

test('npm start: the same check on the stack file read from disk', async () => {
  const stackFile = 'config:\n  gcp:project: my-embeddings-dev\n  gcp:region: us-central1\n  vertex-embeddings:environment: dev\n  vertex-embedings:prediction:\n    batchSize: 8\n';
  await withStackProject('dev', stackFile, (root) => {
    assert.throws(() => loadStackConfig('dev', root), /vertex-embedings:prediction: the namespace "vertex-embedings" is not this project's/);
  });
});
