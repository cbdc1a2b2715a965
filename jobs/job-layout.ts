// Where the notebook jobs live, as plain functions of plain values: the objects each job reads, where its predictions
// go, its display name and labels. `pulumi up` (./declare.ts, on Pulumi Inputs) and `npm start` (local/cli/notebook.ts,
// on plain config values) both lay the jobs out through these, so the two runs cannot drift apart.
import type { InputFile, JobDefinition } from './notebook-jobs';
import { renderContent } from './notebook-jobs';

/** Folder (in the bucket) holding the jobs' input files; predictions go under the stack's output prefix. */
export const JOB_INPUT_PREFIX = 'inputs';
/** What the registered model is called and says it is. */
export const MODEL_DESCRIPTION = 'Universal Sentence Encoder lite (512-d sentence embeddings), exported to a TF SavedModel';
export const modelDisplayName = (namePrefix: string) => `${namePrefix}-use-lite`;

/** gs:// URI of the folder every job input file is uploaded to (file names are unique across jobs). */
export const inputFolderUri = (bucket: string) => `gs://${bucket}/${JOB_INPUT_PREFIX}`;
/** Object name of one input file in the bucket. */
export const inputObjectName = (file: InputFile) => `${JOB_INPUT_PREFIX}/${file.path}`;
/** Content of one input file once uploaded (`{input}` → the input folder). */
export const inputObjectContent = (file: InputFile, bucket: string) => renderContent(file, inputFolderUri(bucket));
/** The job's gcsSourceUris. */
export const jobSourceUris = (definition: JobDefinition, bucket: string) => definition.sources.map((source) => `${inputFolderUri(bucket)}/${source}`);
/** The job's gcsDestinationPrefix: one folder per job under the stack's prediction output prefix. */
export const jobDestination = (definition: JobDefinition, bucket: string, predictionOutputPrefix: string) =>
  `gs://${bucket}/${predictionOutputPrefix.replace(/\/+$/, '')}/${definition.key}`;
export const jobDisplayName = (definition: JobDefinition, namePrefix: string) => `${namePrefix}-${definition.key}`;
export const jobLabels = (definition: JobDefinition, labels: Readonly<Record<string, string>>) => ({ ...labels, job: definition.key });
