// UploadModel reads the artifact folder from GCS as npm start wires it (gcs-artifacts.ts on the GCS emulator): a
// SavedModel folder registers, its parent folder is refused with Vertex's text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '@google-cloud/storage';
import { type GcsEmulator, startGcsEmulator } from '../../local/emulator/gcs/server';
import { gcsArtifactFiles } from '../../local/emulator/vertex/gcs-artifacts';
import { type EmulatorWithClients, modelSpec, PARENT, rejection, startWithClients } from './vertex-clients';

describe('Vertex emulator UploadModel on the GCS emulator', () => {
  let gcs: GcsEmulator;
  let clients: EmulatorWithClients;

  before(async () => {
    gcs = await startGcsEmulator();
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'test-project' });
    await storage.createBucket('model-bkt');
    await storage.bucket('model-bkt').file('models/use-lite/abc/saved_model.pb').save('pb');
    await storage.bucket('model-bkt').file('models/use-lite/abc/variables/variables.index').save('index');
    clients = await startWithClients({ artifactFiles: gcsArtifactFiles(gcs.url) });
  });
  after(async () => {
    await clients.close();
    await gcs.close();
  });

  it('the SavedModel folder (with or without a trailing slash) registers', async () => {
    for (const artifactUri of ['gs://model-bkt/models/use-lite/abc', 'gs://model-bkt/models/use-lite/abc/']) {
      const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec({ artifactUri }) });
      const [response] = await operation.promise();
      assert.match(response.model ?? '', /models\/\d+$/);
    }
  });

  it('its parent folder, or a missing bucket, is refused with the operation error Vertex gives', async () => {
    for (const artifactUri of ['gs://model-bkt/models/use-lite/', 'gs://no-such-bkt/models']) {
      const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec({ artifactUri }) });
      const error = await rejection(operation.promise());
      assert.equal(error.details, `Model directory ${artifactUri} is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt].`);
    }
  });
});
