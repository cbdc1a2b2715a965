/**
 * Reading a job's input as Vertex's batch server does for a custom text model: `jsonl` (one JSON value per
 * non-blank line) and `file-list` (one gs:// URI per line; each file's bytes become `{"b64": …}`), streamed
 * line by line. Other formats fail the job the way they fail for a text model served by a TF container.
 */
import { status } from '@grpc/grpc-js';
import type { Storage } from '@google-cloud/storage';
import { JobFailure, rowError, type RowError } from './errors';
import { expandSourceUri, parseGsUri, readObjectLines } from './gcs';
import type { InputLine } from './input-lines';
import { readListedObject } from './listed-file';

export const TEXT_MODEL_INSTANCES_FORMATS = ['jsonl', 'file-list'];

export type SourceRow = { instance: unknown; error?: undefined } | { instance: unknown; error: RowError };

export function checkInstancesFormat(format: string | undefined): void {
  if (format && TEXT_MODEL_INSTANCES_FORMATS.includes(format)) return;
  throw new JobFailure(
    status.INVALID_ARGUMENT,
    `Batch prediction for this model does not support instances_format "${format}": a custom text model served by a prebuilt TensorFlow container accepts ${TEXT_MODEL_INSTANCES_FORMATS.join(' and ')} input (one JSON value per line, or one gs:// file per line).`,
  );
}

/** Non-blank lines of every input file, in the order of the URIs (wildcards expanded in name order). */
async function* inputLines(storage: Storage, uris: string[]): AsyncGenerator<InputLine> {
  for (const uri of uris) {
    for (const path of await expandSourceUri(storage, uri)) {
      for await (const line of readObjectLines(storage, path)) {
        if ('error' in line || line.text.trim() !== '') yield line;
      }
    }
  }
}

export async function countRows(storage: Storage, uris: string[]): Promise<number> {
  let rows = 0;
  for await (const _ of inputLines(storage, uris)) rows += 1;
  return rows;
}

function parseJsonLine(line: string): SourceRow {
  try {
    return { instance: JSON.parse(line) as unknown };
  } catch (error) {
    return { instance: line, error: rowError(`Failed to parse the input line as JSON: ${(error as Error).message}`) };
  }
}

/** `shownAs`: how rows name a listed file (a caller that staged local files gives back the user's path). */
async function readListedFile(storage: Storage, line: string, shownAs: (uri: string) => string = (uri) => uri): Promise<SourceRow> {
  const uri = line.trim();
  const read = await readListedObject(storage, uri, shownAs(uri));
  return 'bytes' in read ? { instance: { b64: read.bytes.toString('base64') } } : { instance: shownAs(uri), error: read.error };
}

export async function* readRows(storage: Storage, format: string, uris: string[], shownAs?: (uri: string) => string): AsyncGenerator<SourceRow> {
  checkInstancesFormat(format);
  for await (const line of inputLines(storage, uris)) {
    if ('error' in line) yield { instance: line.preview, error: line.error };
    else yield format === 'jsonl' ? parseJsonLine(line.text) : await readListedFile(storage, line.text, shownAs);
  }
}
