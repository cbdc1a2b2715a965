// The client factory: the regional endpoint for Vertex, the emulator only when VERTEX_EMULATOR_HOST is set.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientOptions, emulatorTarget } from '../../../infra/vertex/client';

describe('Vertex client options', () => {
  it('uses the regional endpoint without an emulator', () => {
    assert.deepEqual(clientOptions('europe-west4', {}), { apiEndpoint: 'europe-west4-aiplatform.googleapis.com' });
  });

  it('points at the emulator with insecure credentials and the public universe when VERTEX_EMULATOR_HOST is set', () => {
    const options = clientOptions('us-central1', { VERTEX_EMULATOR_HOST: '127.0.0.1:9123' }) as Record<string, unknown>;
    assert.equal(options.apiEndpoint, '127.0.0.1');
    assert.equal(options.port, 9123);
    assert.equal(options.universeDomain, 'googleapis.com');
    assert.equal((options.sslCreds as { _isSecure(): boolean })._isSecure(), false);
  });

  it('rejects a malformed VERTEX_EMULATOR_HOST with the expected form', () => {
    assert.equal(emulatorTarget({}), undefined);
    assert.throws(() => emulatorTarget({ VERTEX_EMULATOR_HOST: 'localhost' }), /VERTEX_EMULATOR_HOST is "localhost"; expected host:port, e.g. 127.0.0.1:8085/);
  });
});
