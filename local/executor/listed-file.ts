/**
 * One file named by a `file-list` line, read for its bytes; every way it can fail becomes that row's error,
 * naming the URI: not a gs:// file URI, a folder (a name ending in "/", or a prefix other objects live under:
 * Cloud Storage has no folders, only names), missing, larger than the per-instance limit (checked on the
 * object's size before a byte is downloaded), unreadable.
 */
import { status } from '@grpc/grpc-js';
import type { Storage } from '@google-cloud/storage';
import { rowError, type RowError } from './errors';
import { parseGsUri } from './gcs';
import { MAX_INSTANCE_BYTES, oversizeError } from './input-lines';

export type ListedRead = { bytes: Buffer } | { error: RowError };

const folderError = (uri: string): ListedRead => ({ error: rowError(`${uri} is a folder, not a file: a file list names one file per line.`) });

async function isFolder(storage: Storage, bucket: string, object: string): Promise<boolean> {
  const [files] = await storage.bucket(bucket).getFiles({ prefix: `${object.replace(/\/+$/, '')}/`, maxResults: 1, autoPaginate: false });
  return files.length > 0;
}

/** `shown`: the name error messages use for the file (the URI, unless the caller staged it from elsewhere). */
export async function readListedObject(storage: Storage, uri: string, shown = uri, maxBytes = MAX_INSTANCE_BYTES): Promise<ListedRead> {
  const path = parseGsUri(uri);
  if (!path || path.object === '') return { error: rowError(`"${uri}" is not a Cloud Storage file URI (gs://bucket/object).`) };
  if (path.object.endsWith('/')) return folderError(shown);
  const file = storage.bucket(path.bucket).file(path.object);
  try {
    const [metadata] = await file.getMetadata();
    const size = Number(metadata.size ?? 0);
    if (size > maxBytes) return { error: oversizeError(`File ${shown}`, size, maxBytes) };
    const [bytes] = await file.download();
    return { bytes };
  } catch (error) {
    if ((error as { code?: number }).code === 404) {
      if (await isFolder(storage, path.bucket, path.object).catch(() => false)) return folderError(shown);
      return { error: rowError(`File ${shown} does not exist.`, status.NOT_FOUND) };
    }
    return { error: rowError(`Cannot read ${shown}: ${(error as Error).message}`, status.UNAVAILABLE) };
  }
}
