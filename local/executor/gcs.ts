/**
 * Cloud Storage access for the executor through the real @google-cloud/storage client (pointed at the
 * emulator by STORAGE_EMULATOR_HOST): gs:// URIs, wildcard expansion as Vertex accepts in gcs_source
 * (`*` within one folder level, `**` across levels), line streaming and folder download.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { status } from '@grpc/grpc-js';
import type { Storage } from '@google-cloud/storage';
import { JobFailure } from './errors';
import { boundedLines, type InputLine } from './input-lines';

export interface GcsPath {
  bucket: string;
  object: string;
}

const GS_URI = /^gs:\/\/([^/]+)\/?(.*)$/;

export function parseGsUri(uri: string): GcsPath | undefined {
  const match = GS_URI.exec(uri.trim());
  return match ? { bucket: match[1], object: match[2] } : undefined;
}

function wildcardPattern(glob: string): RegExp {
  const escaped = glob.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** The objects an input URI names: itself, or every match of its wildcards in name order. */
export async function expandSourceUri(storage: Storage, uri: string): Promise<GcsPath[]> {
  const path = parseGsUri(uri);
  if (!path) throw new JobFailure(status.INVALID_ARGUMENT, `Input "${uri}" is not a Cloud Storage URI (gs://bucket/object).`);
  const star = path.object.indexOf('*');
  if (star < 0) return [path];
  const pattern = wildcardPattern(path.object);
  const [files] = await storage.bucket(path.bucket).getFiles({ prefix: path.object.slice(0, star) });
  const matches = files.map((f) => f.name).filter((name) => pattern.test(name)).sort();
  if (matches.length === 0) throw new JobFailure(status.NOT_FOUND, `No files match the input pattern ${uri}.`);
  return matches.map((object) => ({ bucket: path.bucket, object }));
}

/** Lines of an object, streamed and bounded per line (input-lines.ts): the object is never held whole. */
export async function* readObjectLines(storage: Storage, path: GcsPath): AsyncGenerator<InputLine> {
  const stream = storage.bucket(path.bucket).file(path.object).createReadStream();
  try {
    yield* boundedLines(stream, `gs://${path.bucket}/${path.object}`);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 404) throw new JobFailure(status.NOT_FOUND, `Input file gs://${path.bucket}/${path.object} does not exist.`);
    throw error;
  } finally {
    // Leaving early (cancel, job failure) destroys a download still in flight: its late writes must not
    // surface as an uncaught stream error.
    stream.on('error', () => {});
    stream.destroy();
  }
}

/** Copies every object under a gs:// folder into `localDir`, keeping relative paths; returns how many. */
export async function downloadFolder(storage: Storage, folderUri: string, localDir: string): Promise<number> {
  const path = parseGsUri(folderUri);
  if (!path) throw new JobFailure(status.INVALID_ARGUMENT, `Model artifact_uri "${folderUri}" is not a Cloud Storage URI.`);
  const prefix = path.object === '' || path.object.endsWith('/') ? path.object : `${path.object}/`;
  const [files] = await storage.bucket(path.bucket).getFiles({ prefix });
  for (const file of files) {
    if (file.name.endsWith('/')) continue;
    const target = join(localDir, file.name.slice(prefix.length));
    await mkdir(dirname(target), { recursive: true });
    const [bytes] = await file.download();
    await writeFile(target, bytes);
  }
  return files.length;
}
