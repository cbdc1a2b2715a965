// Where object bytes live: in memory (the default: tests, `npm start`), or as files in a folder, so a large
// local run (`npm run predict` on a big input) holds no output in memory. The store keeps metadata either way.
import { createReadStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export interface Blob {
  size: number;
  bytes?: Buffer;
  path?: string;
}

export class BlobStore {
  private next = 0;

  /** `dir`: an existing folder the emulator owns (files are named by a counter); absent: memory. */
  constructor(private readonly dir?: string) {}

  put(data: Buffer): Blob {
    if (!this.dir) return { size: data.length, bytes: data };
    const path = join(this.dir, `blob-${++this.next}`);
    writeFileSync(path, data);
    return { size: data.length, path };
  }

  /** Bytes start..end (inclusive), streamed from disk for a file-backed blob. */
  open(blob: Blob, start: number, end: number): Readable {
    if (end < start) return Readable.from([]); // an empty object (a file stream cannot express an empty range)
    if (blob.bytes) return Readable.from([blob.bytes.subarray(start, end + 1)]);
    return createReadStream(blob.path!, { start, end });
  }

  readAll(blob: Blob): Buffer {
    return blob.bytes ?? readFileSync(blob.path!);
  }

  drop(blob: Blob): void {
    if (blob.path) rmSync(blob.path, { force: true });
  }
}
