// Copying folders between local disk and GCS (real or emulated) with the storage client: the model upload of
// `npm start`, and keeping the job outputs on disk after the in-memory emulator is gone.
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Storage } from '@google-cloud/storage';
import { parseGcsUri } from '../../jobs/results';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)).sort();
}

/** Uploads every file under `dir` to `gsUri/relative/path`; returns the object count. */
export async function uploadFolder(storage: Storage, dir: string, gsUri: string): Promise<number> {
  const { bucket, prefix } = parseGcsUri(gsUri, 'destination');
  const files = await filesUnder(dir);
  for (const file of files) {
    const name = [prefix, relative(dir, file).split(sep).join('/')].filter(Boolean).join('/');
    await storage.bucket(bucket).upload(file, { destination: name, resumable: false });
  }
  return files.length;
}

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
