/**
 * The artifact folder reader the Vertex emulator's UploadModel uses to check a SavedModel folder, on a GCS emulator
 * (or any GCS endpoint) through the real Storage client: the names of the objects directly inside `gs://B/PATH/`.
 */
import { Storage } from '@google-cloud/storage';

export function gcsArtifactFiles(gcsUrl: string): (artifactUri: string) => Promise<string[]> {
  const storage = new Storage({ apiEndpoint: gcsUrl, projectId: 'emulator' });
  return async (artifactUri) => {
    const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(artifactUri);
    if (!match) return [];
    const prefix = match[2] && !match[2].endsWith('/') ? `${match[2]}/` : match[2];
    try {
      const [files] = await storage.bucket(match[1]).getFiles({ prefix, delimiter: '/', autoPaginate: true });
      return files.map((file) => file.name.slice(prefix.length));
    } catch {
      return []; // no such bucket: nothing in the folder
    }
  };
}
