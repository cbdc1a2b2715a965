// A line sink for CLI output: a file (created with its folder) or stdout, honouring back-pressure so a
// million-line result never piles up in memory.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface LineSink {
  write(line: string): Promise<void>;
  close(): Promise<void>;
  where: string;
}

export function openLineSink(path: string | undefined, stdout: Writable = process.stdout): LineSink {
  if (path) mkdirSync(dirname(path), { recursive: true });
  const stream = path ? createWriteStream(path) : stdout;
  return {
    where: path ?? 'stdout',
    async write(line) {
      if (!stream.write(line + '\n')) await once(stream, 'drain');
    },
    async close() {
      if (stream === stdout) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
