// Model artifacts in the stack bucket, content-addressed: every file of an export lives under
// `<prefix>/<artifact digest>/`, so an unchanged export maps to objects that already exist. Uploads skip objects
// whose MD5 already matches, and the manifest goes last: a prefix without its manifest is an interrupted upload
// that the next run completes. Talks to GCS through @google-cloud/storage only (STORAGE_EMULATOR_HOST honoured).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { Storage } from '@google-cloud/storage';
import { MANIFEST_FILE } from '../model/savedmodel/export';

export const ARTIFACT_PREFIX = 'models/use-lite';

export function artifactFolder(prefix: string, digest: string): string {
  return `${prefix}/${digest}/`;
}

export function artifactUri(bucket: string, prefix: string, digest: string): string {
  return `gs://${bucket}/${artifactFolder(prefix, digest)}`;
}

async function md5Base64(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export interface UploadRequest {
  bucket: string;
  prefix: string;
  digest: string;
  localDir: string;
  /** Paths relative to localDir, `/`-separated. */
  files: string[];
}

/** Uploads what is missing; returns the object names written (empty when the artifact was already complete). */
export async function uploadArtifact(storage: Storage, req: UploadRequest): Promise<string[]> {
  const bucket = storage.bucket(req.bucket);
  const folder = artifactFolder(req.prefix, req.digest);
  const [existing] = await bucket.getFiles({ prefix: folder });
  const md5ByName = new Map(existing.map((f) => [f.name, f.metadata.md5Hash]));
  // Manifest last: its presence says every other file of the artifact is in place.
  const ordered = [...req.files.filter((f) => f !== MANIFEST_FILE), ...req.files.filter((f) => f === MANIFEST_FILE)];
  const written: string[] = [];
  for (const file of ordered) {
    const local = path.join(req.localDir, ...file.split('/'));
    const name = `${folder}${file}`;
    if (md5ByName.get(name) === (await md5Base64(local))) continue;
    await bucket.upload(local, {
      destination: name,
      resumable: false,
      metadata: { contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream', metadata: { artifactDigest: req.digest } },
    });
    written.push(name);
  }
  return written;
}

/** Deletes every object of one artifact; returns how many were deleted. */
export async function deleteArtifact(storage: Storage, bucketName: string, prefix: string, digest: string): Promise<number> {
  const [files] = await storage.bucket(bucketName).getFiles({ prefix: artifactFolder(prefix, digest) });
  // Manifest first: a half-deleted artifact must not look complete to a later upload check.
  files.sort((a, b) => Number(b.name.endsWith(MANIFEST_FILE)) - Number(a.name.endsWith(MANIFEST_FILE)));
  for (const file of files) await file.delete({ ignoreNotFound: true });
  return files.length;
}

/** True when the artifact's manifest (written last) is in the bucket, i.e. the upload completed. */
export async function artifactComplete(storage: Storage, bucketName: string, prefix: string, digest: string): Promise<boolean> {
  const [exists] = await storage.bucket(bucketName).file(`${artifactFolder(prefix, digest)}${MANIFEST_FILE}`).exists();
  return exists;
}
