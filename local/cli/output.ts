// A line sink for CLI output: a file (created with its folder) or stdout, honouring back-pressure so a
// million-line result never piles up in memory. A file is written under a temporary name next to it and
// renamed when complete (close), so a run that fails half way leaves no partial file behind (discard).
import { createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';

export interface LineSink {
  write(line: string): Promise<void>;
  /** Finishes the output: a file appears under its name only now. */
  close(): Promise<void>;
  /** Drops a file not yet closed. */
  discard(): Promise<void>;
  where: string;
}

export function openLineSink(path: string | undefined, stdout: Writable = process.stdout): LineSink {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const partial = path ? join(dirname(path), `.${basename(path)}.partial-${process.pid}`) : undefined;
  const stream = partial ? createWriteStream(partial) : stdout;
  let failure: Error | undefined;
  stream.on('error', (error: Error) => (failure ??= error));
  return {
    where: path ?? 'stdout',
    async write(line) {
      if (failure) throw failure;
      if (!stream.write(line + '\n')) await once(stream, 'drain');
    },
    async close() {
      if (stream === stdout) return;
      stream.end();
      await finished(stream);
      await rename(partial!, path!);
    },
    async discard() {
      if (stream === stdout) return;
      stream.destroy();
      await rm(partial!, { force: true });
    },
  };
}
