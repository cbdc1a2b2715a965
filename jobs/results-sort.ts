// External merge sort of text lines, so results of any size can be put in input order with bounded memory:
// lines are gathered into runs of at most `maxRunBytes`, each run sorted and spilled to a temporary file,
// then the runs are merged through a binary heap (classic k-way merge, Knuth TAOCP vol. 3 §5.4.1).
// Lines are compared as whole strings, so callers build lines with a sortable prefix (see padIndex).
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** 32 MiB of line text per run keeps peak heap near 100 MB (JS strings are ~2 bytes/char plus array slots). */
export const DEFAULT_MAX_RUN_BYTES = 32 * 1024 * 1024;
const WRITE_BATCH_BYTES = 1024 * 1024; // join lines into ~1 MiB writes instead of one syscall per line
const INDEX_DIGITS = 12; // up to 10^12 lines sort correctly as strings

export interface SortOptions {
  /** Directory under which run files go (in a folder of their own, removed when the sort ends). */
  tmpDir: string;
  maxRunBytes?: number;
}

/** A line number as a fixed-width string, so string order equals numeric order. */
export function padIndex(index: number): string {
  return String(index).padStart(INDEX_DIGITS, '0');
}

export async function* externalSort(lines: AsyncIterable<string> | Iterable<string>, options: SortOptions): AsyncGenerator<string> {
  const maxRunBytes = options.maxRunBytes ?? DEFAULT_MAX_RUN_BYTES;
  const runFiles: string[] = [];
  let run: string[] = [];
  let runBytes = 0;
  let runDir: string | undefined; // each sort its own folder: several sorts may share tmpDir at once
  try {
    for await (const line of lines) {
      if (line.includes('\n')) throw new Error(`externalSort: line contains a newline: ${JSON.stringify(line.slice(0, 80))}`);
      run.push(line);
      runBytes += line.length + 1;
      if (runBytes >= maxRunBytes) {
        runDir ??= await mkdtemp(join(options.tmpDir, 'sort-'));
        runFiles.push(await spill(run, runDir, runFiles.length));
        run = [];
        runBytes = 0;
      }
    }
    run.sort(compare);
    if (runFiles.length === 0) {
      yield* run; // everything fitted in one run: no disk round trip
      return;
    }
    if (run.length) runFiles.push(await spill(run, runDir!, runFiles.length));
    run = [];
    yield* mergeRuns(runFiles);
  } finally {
    if (runDir) await rm(runDir, { recursive: true, force: true });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function spill(run: string[], tmpDir: string, index: number): Promise<string> {
  run.sort(compare);
  const path = join(tmpDir, `run-${padIndex(index)}.txt`);
  const handle = await open(path, 'w');
  try {
    let batch: string[] = [];
    let batchBytes = 0;
    for (const line of run) {
      batch.push(line);
      batchBytes += line.length + 1;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await handle.write(batch.join('\n') + '\n');
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) await handle.write(batch.join('\n') + '\n');
  } finally {
    await handle.close();
  }
  return path;
}

interface RunCursor {
  line: string;
  rest: AsyncIterator<string>;
}

async function* mergeRuns(files: string[]): AsyncGenerator<string> {
  const heap: RunCursor[] = [];
  const readers = files.map((file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity }));
  // Iterators are taken at once: readline emits lines as soon as data flows, and lines emitted before an
  // iterator exists are lost.
  const iterators = readers.map((reader) => reader[Symbol.asyncIterator]());
  try {
    for (const rest of iterators) {
      const first = await rest.next();
      if (!first.done) push(heap, { line: first.value, rest });
    }
    while (heap.length) {
      const top = heap[0];
      yield top.line;
      const next = await top.rest.next();
      if (next.done) {
        const last = heap.pop()!;
        if (heap.length) {
          heap[0] = last;
          siftDown(heap, 0);
        }
      } else {
        top.line = next.value;
        siftDown(heap, 0);
      }
    }
  } finally {
    for (const reader of readers) reader.close();
  }
}

function push(heap: RunCursor[], cursor: RunCursor): void {
  heap.push(cursor);
  let at = heap.length - 1;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (heap[parent].line <= heap[at].line) break;
    [heap[parent], heap[at]] = [heap[at], heap[parent]];
    at = parent;
  }
}

function siftDown(heap: RunCursor[], at: number): void {
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let smallest = at;
    if (left < heap.length && heap[left].line < heap[smallest].line) smallest = left;
    if (right < heap.length && heap[right].line < heap[smallest].line) smallest = right;
    if (smallest === at) return;
    [heap[smallest], heap[at]] = [heap[at], heap[smallest]];
    at = smallest;
  }
}
