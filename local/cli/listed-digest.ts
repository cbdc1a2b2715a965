// `npm run results -- --join LIST` for a file-list job: the sha256 of the file a list line names, read the way
// the job read it (a gs:// object, or for `npm run predict` a local path relative to the list's folder), so the
// join can find the line of a prediction row, which carries the file's bytes, not its name. A line naming no
// readable file, or a file over the executor's per-instance limit, gets no digest: its row is an error row
// carrying the line itself.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Storage } from '@google-cloud/storage';
import { parseGsUri } from '../executor/gcs';
import { MAX_INSTANCE_BYTES } from '../executor/input-lines';

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function listedFileDigest(storage: Storage, listPath: string): (line: string) => Promise<string | undefined> {
  return async (line) => {
    const gs = parseGsUri(line);
    if (gs) {
      if (gs.object === '' || gs.object.endsWith('/')) return undefined;
      const file = storage.bucket(gs.bucket).file(gs.object);
      const size = await file.getMetadata().then(([metadata]) => Number(metadata.size ?? 0), () => undefined);
      return size === undefined || size > MAX_INSTANCE_BYTES ? undefined : sha256Of(file.createReadStream());
    }
    if (line.startsWith('gs://') || listPath.startsWith('gs://')) return undefined;
    const path = resolve(dirname(listPath), line);
    const info = await stat(path).catch(() => undefined);
    return info?.isFile() && info.size <= MAX_INSTANCE_BYTES ? sha256Of(createReadStream(path)) : undefined;
  };
}
