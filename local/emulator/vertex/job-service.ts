/**
 * JobService for BatchPredictionJobs: Create (validated like Vertex), Get, List (filter on labels, state,
 * display name, model), Cancel (best effort: CANCELLING then CANCELLED, the job stays listed) and Delete (LRO,
 * only for finished jobs).
 */
import type { Clock } from '../clock';
import { failedPrecondition, notFound, requireField } from './errors';
import type { FaultInjector } from './faults';
import { compileFilter, labelAndFieldReader } from './filter';
import { isTerminal, JobLifecycle } from './job-lifecycle';
import { validateCreateJob } from './job-validation';
import { IdSequence, parseJobName, parseLocation } from './names';
import type { OperationMessage, OperationStore } from './operations';
import { predictionOutputDir } from './output-layout';
import { paginate } from './paging';
import { toTimestamp } from './time';
import type { BatchPredictionJobMessage, JobExecutor, JobPhaseMs, ModelMessage } from './types';

/** Vertex's default replica ceiling for a batch job that does not set one. */
export const DEFAULT_MAX_REPLICA_COUNT = 10;

export class JobRegistry {
  private readonly jobs = new Map<string, JobLifecycle>();
  private readonly ids = new IdSequence(5_000_000_000_000_000_000n);

  constructor(
    private readonly operations: OperationStore,
    private readonly resolveModel: (name: string, field: string) => ModelMessage,
    private readonly faults: FaultInjector,
    private readonly clock: Clock,
    private readonly phases: Required<JobPhaseMs>,
    private readonly executor?: JobExecutor,
  ) {}

  clear(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
  }

  CreateBatchPredictionJob(request: { parent?: string; batchPredictionJob?: BatchPredictionJobMessage }): BatchPredictionJobMessage {
    const { model } = validateCreateJob(request, this.resolveModel);
    const now = this.clock.now();
    const name = `${request.parent}/batchPredictionJobs/${this.ids.take()}`;
    const job: BatchPredictionJobMessage = {
      ...structuredClone(request.batchPredictionJob),
      name,
      modelVersionId: model.versionId,
      state: 'JOB_STATE_QUEUED',
      createTime: toTimestamp(now),
      updateTime: toTimestamp(now),
    };
    // BatchDedicatedResources.max_replica_count (machine_resources.proto): "The maximum number of machine replicas
    // the batch operation may be scaled to. The default value is 10."
    if (job.dedicatedResources && !job.dedicatedResources.maxReplicaCount) job.dedicatedResources.maxReplicaCount = DEFAULT_MAX_REPLICA_COUNT;
    const prefix = job.outputConfig?.gcsDestination?.outputUriPrefix ?? '';
    const outputDir = predictionOutputDir(prefix, model.displayName ?? '', now);
    const lifecycle = new JobLifecycle(job, model, now, this.faults.outcomeFor(job), this.phases, outputDir, this.clock, this.executor);
    this.jobs.set(name, lifecycle);
    return structuredClone(lifecycle.refresh());
  }

  GetBatchPredictionJob(request: { name?: string }): BatchPredictionJobMessage {
    return structuredClone(this.find(requireField(request.name, 'name')).refresh());
  }

  ListBatchPredictionJobs(request: { parent?: string; filter?: string; pageSize?: number; pageToken?: string }): {
    batchPredictionJobs: BatchPredictionJobMessage[];
    nextPageToken: string;
  } {
    const parent = requireField(request.parent, 'parent');
    parseLocation(parent);
    const matches = compileFilter(
      request.filter,
      labelAndFieldReader<BatchPredictionJobMessage>({
        display_name: (job) => job.displayName,
        state: (job) => job.state,
        model: (job) => job.model,
        name: (job) => job.name,
      }),
    );
    const listed = [...this.jobs.entries()]
      .filter(([name]) => name.startsWith(`${parent}/batchPredictionJobs/`))
      .map(([, job]) => job.refresh())
      .filter(matches);
    const { page, nextPageToken } = paginate(listed, request.pageSize, request.pageToken);
    return { batchPredictionJobs: structuredClone(page), nextPageToken };
  }

  CancelBatchPredictionJob(request: { name?: string }): Record<string, never> {
    const name = requireField(request.name, 'name');
    const job = this.find(name);
    if (!job.cancel()) {
      throw failedPrecondition(`BatchPredictionJob "${name}" is in state ${job.state} and cannot be cancelled: it has already ended.`);
    }
    return {};
  }

  DeleteBatchPredictionJob(request: { name?: string }): OperationMessage {
    const name = requireField(request.name, 'name');
    const job = this.find(name);
    if (this.faults.takeDeleteNotFound('job')) {
      this.jobs.delete(name);
      throw notFound(`BatchPredictionJob "${name}" not found.`);
    }
    const state = job.refresh().state;
    if (!isTerminal(state)) {
      throw failedPrecondition(
        `BatchPredictionJob "${name}" is in state ${state}; only a job that has ended (succeeded, failed or cancelled) can be deleted. Cancel it first and wait for JOB_STATE_CANCELLED.`,
      );
    }
    this.jobs.delete(name);
    return this.operations.start(name, 'DeleteOperationMetadata', this.clock.now(), 'google.protobuf.Empty', {});
  }

  private find(name: string): JobLifecycle {
    parseJobName(name);
    const job = this.jobs.get(name);
    if (!job) throw notFound(`BatchPredictionJob "${name}" not found.`);
    return job;
  }
}
