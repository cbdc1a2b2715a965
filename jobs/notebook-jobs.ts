// The reference notebook's two batch prediction jobs, as data: what each one feeds the model and in which format.
// Both run on the same registered model (Universal Sentence Encoder lite → 512-d embeddings) and write JSONL.
//
//   sentences-jsonl      instances_format="jsonl": one JSON string per line, each sentence in double quotes.
//   sentences-file-list  instances_format="file-list": a list of gs:// text files; Vertex sends each file's bytes
//                        as {"b64": ...}, so each file holds one quoted sentence, as in the notebook.
// All input files share one folder (as the notebook puts them side by side in the bucket); their names are unique.

import type { JobHardware } from '../infra/config-jobs';
import type { InstanceConfigInputs, InstancesFormat } from '../infra/vertex/batch-job-inputs';

/**
 * An object a job reads, relative to the input folder in the bucket: text (`{input}` in it = gs:// URI of that
 * folder) or a local file uploaded as is (`localPath`, a stack's own data: jobs/config-jobs.ts).
 */
export type InputFile = { path: string; content: string } | { path: string; localPath: string };

export interface JobDefinition {
  /** Short name: Pulumi resource name suffix and display name suffix. */
  key: string;
  description: string;
  instancesFormat: InstancesFormat;
  predictionsFormat: 'jsonl' | 'bigquery';
  /** Files uploaded before the job runs. */
  files: InputFile[];
  /** Paths (relative to the input folder) given to the job as gcsSourceUris. */
  sources: string[];
  /** gs:// URIs read in place (objects the stack does not own), given to the job after `sources`. */
  foreignSources?: string[];
  /** bq://PROJECT.DATASET.TABLE read instead of files. */
  bigquerySource?: string;
  /** bq://PROJECT.DATASET Vertex writes its predictions table into, instead of files under predictions/<key>. */
  bigqueryDestination?: string;
  instanceConfig?: InstanceConfigInputs;
  /** The job's own hardware and serving image; absent = the stack's prediction.* settings. */
  hardware?: JobHardware;
  waitForCompletion?: boolean;
  completionTimeoutSeconds?: number;
  /** Extra labels (e.g. the `rerun` token, which replaces the job when it changes). */
  labels?: Record<string, string>;
}

const quoted = (sentence: string) => `${JSON.stringify(sentence)}\n`;

export const NOTEBOOK_JOBS: readonly JobDefinition[] = [
  {
    key: 'sentences-jsonl',
    description: 'JSONL of quoted sentences (notebook: test.jsonl)',
    instancesFormat: 'jsonl',
    predictionsFormat: 'jsonl',
    files: [{ path: 'test.jsonl', content: quoted('the quick brown fox jumps over the lazy dog') + quoted('one two') }],
    sources: ['test.jsonl'],
  },
  {
    key: 'sentences-file-list',
    description: 'file list of text files, one quoted sentence each (notebook: test.txt → test1.txt, test2.txt)',
    instancesFormat: 'file-list',
    predictionsFormat: 'jsonl',
    files: [
      { path: 'test1.txt', content: quoted('the quick brown fox jumps over the lazy dog') },
      { path: 'test2.txt', content: quoted('search Google or type an Url') },
      { path: 'test.txt', content: '{input}/test1.txt\n{input}/test2.txt\n' },
    ],
    sources: ['test.txt'],
  },
];

/** A file's content with `{input}` replaced by the gs:// URI of the folder the files are uploaded to. */
export function renderContent(file: { content: string }, inputFolderUri: string): string {
  return file.content.split('{input}').join(inputFolderUri);
}
