// The reference notebook's data and its two batch prediction jobs (seed notebook: "制作包含JSONL输入的批处理输入文件"
// and "使用文件列表输入创建批处理输入文件"): one JSONL input of quoted sentences, one file-list input naming two text
// files. `npm start` uploads these to the emulated bucket and runs both jobs over the same model.
import type { StackConfig } from '../../infra/config';
import type { BatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { PROVIDER_VERSION } from '../../infra/vertex/version';

export const INPUT_PREFIX = 'inputs/';

/** Object name → contents; `{bucket}` is replaced by the bucket URI (the file list names gs:// files). */
export const NOTEBOOK_INPUT_FILES: Record<string, string> = {
  'test.jsonl': '"the quick brown fox jumps over the lazy dog"\n"one two"\n',
  'test1.txt': '"the quick brown fox jumps over the lazy dog"\n',
  'test2.txt': '"search Google or type an Url"\n',
  'test.txt': `{bucket}/${INPUT_PREFIX}test1.txt\n{bucket}/${INPUT_PREFIX}test2.txt\n`,
};

export function notebookInputFiles(bucket: string): { name: string; contents: string }[] {
  return Object.entries(NOTEBOOK_INPUT_FILES).map(([file, text]) => ({
    name: `${INPUT_PREFIX}${file}`,
    contents: text.replaceAll('{bucket}', `gs://${bucket}`),
  }));
}

export interface NotebookJob {
  /** The Pulumi resource name it would have in the stack (its URN feeds the provider's adoption label). */
  resourceName: string;
  inputs: BatchJobInputs;
}

export function notebookJobs(config: StackConfig, modelVersionName: string, stack: string, projectName: string): NotebookJob[] {
  const bucket = `gs://${config.bucket.name}`;
  const job = (resourceName: string, displayName: string, instancesFormat: 'jsonl' | 'file-list', source: string): NotebookJob => ({
    resourceName,
    inputs: {
      providerVersion: PROVIDER_VERSION,
      resourceKey: `urn:pulumi:${stack}::${projectName}::pulumi-nodejs:dynamic/vertex:BatchPredictionJob::${resourceName}`,
      project: config.project,
      region: config.region,
      displayName,
      model: modelVersionName,
      servingImageUri: config.prediction.servingImageUri,
      instancesFormat,
      predictionsFormat: 'jsonl',
      gcsSourceUris: [`${bucket}/${INPUT_PREFIX}${source}`],
      gcsDestinationPrefix: `${bucket}/${config.bucket.predictionOutputPrefix}`,
      machineType: config.prediction.machineType,
      acceleratorType: config.prediction.acceleratorType,
      acceleratorCount: config.prediction.acceleratorCount,
      startingReplicaCount: config.prediction.startingReplicaCount,
      maxReplicaCount: config.prediction.maxReplicaCount,
      manualBatchSize: config.prediction.batchSize,
      serviceAccount: `${config.names.serviceAccountId}@${config.project}.iam.gserviceaccount.com`,
      labels: { ...config.labels },
      waitForCompletion: true,
    },
  });
  return [
    job('notebook-jsonl-job', `${config.names.prefix}-sentences-jsonl`, 'jsonl', 'test.jsonl'),
    job('notebook-file-list-job', `${config.names.prefix}-sentences-file-list`, 'file-list', 'test.txt'),
  ];
}
