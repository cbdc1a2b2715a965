/**
 * Shapes the emulator stores and hands to callers: the proto messages as @grpc/proto-loader decodes them
 * (camelCase fields, enum names, int64 as strings), typed only as far as the emulator reads them.
 */
import type { Clock } from '../clock';

export interface Timestamp {
  seconds: string;
  nanos: number;
}

export interface RpcStatus {
  code: number;
  message: string;
}

export interface ModelMessage {
  name?: string;
  displayName?: string;
  description?: string;
  versionId?: string;
  versionAliases?: string[];
  artifactUri?: string;
  containerSpec?: { imageUri?: string; [key: string]: unknown };
  labels?: Record<string, string>;
  supportedInputStorageFormats?: string[];
  supportedOutputStorageFormats?: string[];
  createTime?: Timestamp;
  updateTime?: Timestamp;
  [key: string]: unknown;
}

export type JobState =
  | 'JOB_STATE_QUEUED'
  | 'JOB_STATE_PENDING'
  | 'JOB_STATE_RUNNING'
  | 'JOB_STATE_SUCCEEDED'
  | 'JOB_STATE_FAILED'
  | 'JOB_STATE_CANCELLING'
  | 'JOB_STATE_CANCELLED';

export interface BatchPredictionJobMessage {
  name?: string;
  displayName?: string;
  model?: string;
  modelVersionId?: string;
  inputConfig?: {
    instancesFormat?: string;
    gcsSource?: { uris?: string[] };
    bigquerySource?: { inputUri?: string };
    source?: string;
  };
  instanceConfig?: { instanceType?: string; keyField?: string; includedFields?: string[]; excludedFields?: string[] };
  outputConfig?: {
    predictionsFormat?: string;
    gcsDestination?: { outputUriPrefix?: string };
    bigqueryDestination?: { outputUri?: string };
    destination?: string;
  };
  dedicatedResources?: {
    machineSpec?: { machineType?: string; acceleratorType?: string; acceleratorCount?: number };
    startingReplicaCount?: number;
    maxReplicaCount?: number;
  };
  manualBatchTuningParameters?: { batchSize?: number };
  outputInfo?: { gcsOutputDirectory?: string; bigqueryOutputDataset?: string; bigqueryOutputTable?: string };
  state?: JobState;
  error?: RpcStatus;
  completionStats?: { successfulCount?: string; failedCount?: string; incompleteCount?: string };
  createTime?: Timestamp;
  startTime?: Timestamp;
  endTime?: Timestamp;
  updateTime?: Timestamp;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface JobRunContext {
  /** The registered model version the job runs (artifactUri, displayName, container). */
  model: ModelMessage;
  /** Where Vertex would write: `{prefix}/prediction-{model display name}-{create time}`. */
  outputDir: string;
  /** Aborted when the job is cancelled; files already written stay, as on Vertex. */
  signal: AbortSignal;
  clock: Clock;
}

export interface JobRunResult {
  successfulCount: number;
  failedCount: number;
  outputDir: string;
}

/** Runs a batch prediction job for real; without one the emulator only plays the state machine. */
export interface JobExecutor {
  run(job: BatchPredictionJobMessage, ctx: JobRunContext): Promise<JobRunResult>;
}

export interface RecordedCall {
  /** The RPC's short name, e.g. `CreateBatchPredictionJob`, `GetOperation`. */
  method: string;
  request: unknown;
  /** The emulator clock's time when the call arrived. */
  at: number;
}

export interface JobPhaseMs {
  queued: number;
  pending: number;
  running: number;
  /** How long a cancelled job shows JOB_STATE_CANCELLING before JOB_STATE_CANCELLED. */
  cancelling?: number;
}

export type JobOutcome = { kind: 'fail'; code: number; message: string } | { kind: 'hang' } | { kind: 'succeed' };
