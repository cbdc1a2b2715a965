// The stack's own jobs (`vertex-embeddings:jobs`, validated by infra/config-jobs.ts) as job definitions, with
// content-addressed inputs: a local file is uploaded to `inputs/sha256-<digest of its bytes>/<file name>`, so an
// unchanged file is the same object (no diff) and a changed one is a new object whose URI replaces exactly the jobs
// that read it. A file-list job's list is written by the stack, content-addressed the same way (its lines name the
// uploaded files). `uris` are read in place; `table` / `output.bigquery` go to BigQuery.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { ConfigJob, LocalInputFile } from '../infra/config-jobs';
import type { InputFile, JobDefinition } from './notebook-jobs';

/** Name of the list file a file-list job reads (in its own content-addressed folder). */
export const FILE_LIST_NAME = 'file-list.txt';

export function configJobDefinitions(jobs: readonly ConfigJob[]): JobDefinition[] {
  return jobs.map(definitionOf);
}

function definitionOf(job: ConfigJob): JobDefinition {
  const files: InputFile[] = [];
  let sources: string[] = [];
  if (job.source.kind === 'files') {
    const uploaded = job.source.files.map(contentAddressed);
    files.push(...uploaded);
    if (job.format === 'file-list') {
      const content = uploaded.map((file) => `{input}/${file.path}\n`).join('');
      const list = { path: `sha256-${sha256(content)}/${FILE_LIST_NAME}`, content };
      files.push(list);
      sources = [list.path];
    } else {
      sources = uploaded.map((file) => file.path);
    }
  }
  return {
    key: job.key,
    description: describeSource(job),
    instancesFormat: job.format,
    predictionsFormat: job.bigqueryOutput ? 'bigquery' : 'jsonl',
    files,
    sources,
    ...(job.source.kind === 'uris' ? { foreignSources: [...job.source.uris] } : {}),
    ...(job.source.kind === 'table' ? { bigquerySource: job.source.table } : {}),
    ...(job.bigqueryOutput ? { bigqueryDestination: `bq://${job.bigqueryOutput.project}.${job.bigqueryOutput.dataset}` } : {}),
    ...(job.instanceConfig ? { instanceConfig: job.instanceConfig } : {}),
    hardware: job.hardware,
    waitForCompletion: job.waitForCompletion,
    ...(job.completionTimeoutSeconds === undefined ? {} : { completionTimeoutSeconds: job.completionTimeoutSeconds }),
    ...(job.rerun === undefined ? {} : { labels: { rerun: job.rerun } }),
  };
}

function contentAddressed(file: LocalInputFile): InputFile {
  return { path: `sha256-${sha256OfFileSync(file.path)}/${basename(file.shown)}`, localPath: file.path };
}

function describeSource(job: ConfigJob): string {
  const source = job.source;
  if (source.kind === 'files') return `${job.format} from ${source.files.map((f) => f.shown).join(', ')}`;
  if (source.kind === 'uris') return `${job.format} from ${source.uris.join(', ')}`;
  return `BigQuery table ${source.table}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Read in chunks: a corpus may be far larger than memory should hold. Sync: the program declares resources in order. */
function sha256OfFileSync(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
