// Copying folders between local disk and GCS (real or emulated): `npm start` keeps the job outputs after the in-memory
// emulator is gone; `npm run predict` hands a local SavedModel to the executor through the emulated bucket.
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
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

/** Uploads every file under `dir` to `gsUri/<relative path>`; returns the object count. */
export async function uploadFolder(storage: Storage, dir: string, gsUri: string): Promise<number> {
  const { bucket, prefix } = parseGcsUri(gsUri, 'destination');
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  for (const file of files) {
    const name = [prefix, relative(dir, file).split(sep).join('/')].filter(Boolean).join('/');
    await storage.bucket(bucket).upload(file, { destination: name });
  }
  return files.length;
}
