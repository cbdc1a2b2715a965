// Copying a GCS folder (real or emulated) to local disk: `npm start` keeps the job outputs after the in-memory
// emulator is gone.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Storage } from '@google-cloud/storage';
import { parseGcsUri } from '../../jobs/results';

/** Downloads every object under `gsUri/` into `dir`, keeping the relative paths; returns the object count. */
export async function downloadFolder(storage: Storage, gsUri: string, dir: string): Promise<number> {
  const { bucket, prefix } = parseGcsUri(gsUri, 'source');
  const [files] = await storage.bucket(bucket).getFiles({ prefix: prefix ? `${prefix}/` : '' });
  for (const file of files) {
    const destination = join(dir, ...file.name.slice(prefix ? prefix.length + 1 : 0).split('/'));
    await mkdir(dirname(destination), { recursive: true });
    await file.download({ destination });
  }
  return files.length;
}
