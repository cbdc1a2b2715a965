// Dynamic provider for a Vertex AI BatchPredictionJob (v1 JobService, through ./client).
//
//   check  - checkBatchJobInputs: every rule, no API call.
//   diff   - jobs are immutable in Vertex: any job-defining input → replace (listed key by key); provider-only
//            inputs (providerVersion, waitForCompletion, completionTimeoutSeconds) → in-place update; outputs ignored.
//   create - 1. resume: ListBatchPredictionJobs by the adoption label; a live or succeeded job is adopted, an
//               interrupted fallback chain continues with the next candidate;
//            2. CreateBatchPredictionJob (after a transient error, look for the job before trying again);
//            3. record the name, then poll GetBatchPredictionJob with backoff until a terminal state;
//            4. capacity failure (create rejected or job FAILED for quota/stockout) → next hardware candidate.
//   read   - GetBatchPredictionJob; NOT_FOUND → gone from state.
//   update - only provider-only inputs changed, or an earlier wait timed out: keep waiting on the same job.
//   delete - CancelBatchPredictionJob if not terminal, wait until it stops, DeleteBatchPredictionJob (LRO);
//            NOT_FOUND = already gone. Prediction outputs in the bucket are never touched.
//
// Failure policy: a job that ends FAILED/CANCELLED/EXPIRED fails the update with the job's own error and name, and
// is not kept in state (it stays listed in Vertex as the record; the next `pulumi up` submits a new job). A wait that
// times out while the job still runs fails with the job's id, so Pulumi keeps tracking (and can cancel) it.
import type * as pulumi from '@pulumi/pulumi';
import {
  type BatchJobInputs,
  checkBatchJobInputs,
  DEFAULT_COMPLETION_TIMEOUT_SECONDS,
  type HardwareCandidate,
  hardwareAttempts,
} from './batch-job-inputs';
import {
  ADOPTION_LABEL,
  adoptionKey,
  ATTEMPT_LABEL,
  canonicalJson,
  createJobRequest,
  FAILED_JOB_STATES,
  type JobMessage,
  jobOutputs,
  jobSpec,
  maxReplicas,
  PROVIDER_ONLY_INPUTS,
  startingReplicas,
  stateOf,
  TERMINAL_JOB_STATES,
} from './batch-job-request';
import type { VertexClients } from './client';
import { adviceFor, describeStatus, isCapacityError, isNotFound, isTransientError, type RpcStatus, statusOf } from './errors';
import { defaultDeps, type ProviderDeps, readOrGone, withClients } from './provider-deps';
import { backoffDelay, formatDuration, MAX_TRANSIENT_RETRIES, retryTransient, waitForTerminal, WaitTimeoutError } from './wait';
import { retryWhileIamPropagates } from './iam-propagation';
import { bucketOf } from './missing-grant';

/** How long delete waits for a cancelled job to stop before giving up (Vertex cancels within minutes). */
const CANCEL_TIMEOUT_MS = 60 * 60 * 1000;

export interface AttemptRecord {
  attempt: number;
  machineType: string;
  acceleratorType: string | null;
  acceleratorCount: number | null;
  /** The job that ran this attempt; null when Vertex rejected the create itself. */
  job: string | null;
  code: number | null;
  message: string;
  estimatedHourlyUsd: number | null;
}

export type BatchJobOutputs = BatchJobInputs &
  ReturnType<typeof jobOutputs> & {
    /** Index into [primary, ...candidates] of the hardware the job ran on. */
    ranAttempt: number;
    estimatedHourlyUsd: number | null;
    /** Attempts skipped for lack of capacity, in order, each with Vertex's code and message. */
    skippedAttempts: AttemptRecord[];
  };

const attemptOf = (job: JobMessage): number => Number(job.labels?.[ATTEMPT_LABEL] ?? 0);
const createdAt = (job: JobMessage): number => Number(job.createTime?.seconds ?? 0) * 1e3 + Number(job.createTime?.nanos ?? 0) / 1e6;

function estimateCost(hw: HardwareCandidate, region: string): number | null {
  // Prices are an optional data module (issue #8); without it or for unpriced hardware, no estimate.
  try {
    const { estimateHourlyCostUsd } = require('../catalog/prices') as typeof import('../catalog/prices');
    return estimateHourlyCostUsd({ ...hw, replicas: hw.startingReplicaCount ?? 1, region });
  } catch {
    return null;
  }
}

function describeHardware(hw: HardwareCandidate): string {
  const gpu = hw.acceleratorType ? ` + ${hw.acceleratorCount ?? 1} × ${hw.acceleratorType}` : '';
  return `${hw.machineType}${gpu}`;
}

function attemptRecord(attempt: number, hw: HardwareCandidate, region: string, job: string | null, status: RpcStatus): AttemptRecord {
  return {
    attempt,
    machineType: hw.machineType,
    acceleratorType: hw.acceleratorType ?? null,
    acceleratorCount: hw.acceleratorType ? (hw.acceleratorCount ?? 1) : null,
    job,
    code: status.code ?? null,
    message: status.message ?? '',
    estimatedHourlyUsd: estimateCost(hw, region),
  };
}

function listAttempts(records: AttemptRecord[]): string {
  return records
    .map((r) => `  attempt ${r.attempt} (${describeHardware({ machineType: r.machineType, acceleratorType: r.acceleratorType ?? undefined, acceleratorCount: r.acceleratorCount ?? undefined })}): ${r.job ?? 'create rejected'}: ${describeStatus({ code: r.code ?? undefined, message: r.message })}`)
    .join('\n');
}

/** An error Pulumi turns into ErrorResourceInitFailed: the job exists, so state keeps its id. */
function initError(message: string, id: string, properties: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}

export class BatchJobProvider implements pulumi.dynamic.ResourceProvider<BatchJobInputs, BatchJobOutputs> {
  constructor(private readonly deps: ProviderDeps = defaultDeps()) {}

  async check(_olds: BatchJobInputs, news: BatchJobInputs): Promise<pulumi.dynamic.CheckResult<BatchJobInputs>> {
    return { inputs: news, failures: checkBatchJobInputs(news) };
  }

  async diff(_id: string, olds: BatchJobOutputs, news: BatchJobInputs): Promise<pulumi.dynamic.DiffResult> {
    const oldSpec = jobSpec(olds as BatchJobInputs);
    const newSpec = jobSpec(news);
    const keys = [...new Set([...Object.keys(newSpec), ...Object.keys(oldSpec)])];
    const replaces = keys.filter((key) => canonicalJson(oldSpec[key]) !== canonicalJson(newSpec[key])).sort();
    const updates = PROVIDER_ONLY_INPUTS.filter((key) => canonicalJson(olds[key]) !== canonicalJson(news[key]));
    // Delete (cancel) the old job before creating its replacement. Create-before-delete would go wrong on a forced
    // replace (`pulumi up --replace`, or a replace of the model it runs with the same inputs): the new resource's
    // adoption label equals the old one's, so create would adopt the old job and the engine would then delete it,
    // leaving state on a deleted job. Deleting first also means two generations of one job never bill at once.
    // Nothing is lost: delete never touches the job's outputs in the bucket.
    return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: true };
  }

  async create(inputs: BatchJobInputs): Promise<pulumi.dynamic.CreateResult<BatchJobOutputs>> {
    assertValid(inputs);
    return withClients(this.deps, inputs.region, async (clients) => {
      const outs = await this.run(clients, inputs);
      return { id: outs.name, outs };
    });
  }

  async read(id: string, props?: BatchJobOutputs): Promise<pulumi.dynamic.ReadResult<BatchJobOutputs>> {
    return readOrGone(this.deps, id, props, async (clients) => ({ ...props!, ...jobOutputs(await this.getJob(clients, id)) }));
  }

  async update(id: string, olds: BatchJobOutputs, news: BatchJobInputs): Promise<pulumi.dynamic.UpdateResult<BatchJobOutputs>> {
    assertValid(news);
    return withClients(this.deps, news.region, async (clients) => {
      let job = await this.getJob(clients, id);
      if (!TERMINAL_JOB_STATES.has(stateOf(job)) && news.waitForCompletion !== false) {
        job = await this.waitForJob(clients, job, news, { ...olds, ...news });
      }
      const outs: BatchJobOutputs = {
        ...news,
        ...jobOutputs(job),
        ranAttempt: olds.ranAttempt ?? 0,
        estimatedHourlyUsd: olds.estimatedHourlyUsd ?? null,
        skippedAttempts: olds.skippedAttempts ?? [],
      };
      if (FAILED_JOB_STATES.has(stateOf(job))) throw jobFailedError(news, job, outs.skippedAttempts);
      return { outs };
    });
  }

  async delete(id: string, props: BatchJobOutputs): Promise<void> {
    await withClients(this.deps, props.region, async (clients) => {
      let job: JobMessage;
      try {
        job = await this.getJob(clients, id);
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      if (!TERMINAL_JOB_STATES.has(stateOf(job))) {
        this.deps.log(`${id}: ${stateOf(job)}, cancelling before delete`);
        try {
          await this.retry(() => clients.jobs.cancelBatchPredictionJob({ name: id }));
        } catch (error) {
          if (isNotFound(error)) return;
          // FAILED_PRECONDITION here means it ended meanwhile; the wait below sees the terminal state.
          if (statusOf(error).code !== 9) throw error;
        }
        try {
          await this.waitForJob(clients, job, { ...props, completionTimeoutSeconds: CANCEL_TIMEOUT_MS / 1000 }, props);
        } catch (error) {
          if (isNotFound(error)) return;
          throw error;
        }
      }
      try {
        const [operation] = await this.retry(() => clients.jobs.deleteBatchPredictionJob({ name: id }));
        await operation.promise();
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  // ---- create, step by step ----

  private async run(clients: VertexClients, inputs: BatchJobInputs): Promise<BatchJobOutputs> {
    const attempts = hardwareAttempts(inputs);
    const key = adoptionKey(inputs);
    const history = await this.listByKey(clients, inputs, key);
    if (attempts.length > 1) {
      this.deps.log(
        `${inputs.displayName}: hardware in order: ${attempts
          .map((hw, n) => `${n}. ${describeHardware(hw)} (${costRange(hw, inputs)})`)
          .join('; ')}`,
      );
    }
    // 1. Resume whatever an interrupted run left behind.
    const resumed = this.resumePoint(history, attempts, inputs.region);
    let job = resumed.job;
    const skipped = resumed.skipped;
    if (job) this.deps.log(`${inputs.displayName}: adopting ${job.name} (attempt ${resumed.start}, ${stateOf(job)}) left by an earlier run`);

    for (let attempt = resumed.start; attempt < attempts.length; attempt++) {
      const hw = attempts[attempt];
      if (!job) {
        if (attempt > 0) this.deps.log(`${inputs.displayName}: switching to attempt ${attempt}: ${describeHardware(hw)}`);
        try {
          // 2. Submit (or find the job a lost answer created).
          job = await this.submit(clients, inputs, hw, attempt, new Set(history.map((j) => String(j.name))));
        } catch (error) {
          const status = statusOf(error);
          if (!isCapacityError(status) || attempts.length === 1) throw createRejectedError(inputs, hw, status, skipped);
          skipped.push(attemptRecord(attempt, hw, inputs.region, null, status));
          this.deps.log(`${inputs.displayName}: attempt ${attempt} (${describeHardware(hw)}) rejected for capacity: ${describeStatus(status)}`);
          continue;
        }
        this.deps.log(`${inputs.displayName}: submitted ${job.name} on ${describeHardware(hw)} (${costRange(hw, inputs)})`);
      }
      const base = { ...inputs, ranAttempt: attempt, estimatedHourlyUsd: estimateCost(hw, inputs.region), skippedAttempts: skipped };
      if (inputs.waitForCompletion === false) return { ...base, ...jobOutputs(job) };
      // 3. Poll until the job ends.
      const final = await this.waitForJob(clients, job, inputs, { ...base, ...jobOutputs(job) });
      const state = stateOf(final);
      if (!FAILED_JOB_STATES.has(state)) return { ...base, ...jobOutputs(final) };
      const status: RpcStatus = { code: final.error?.code, message: final.error?.message };
      // 4. Capacity → next candidate; anything else is the user's to see, never retried on other hardware.
      if (state !== 'JOB_STATE_FAILED' || !isCapacityError(status) || attempts.length === 1) throw jobFailedError(inputs, final, skipped);
      skipped.push(attemptRecord(attempt, hw, inputs.region, String(final.name), status));
      this.deps.log(`${inputs.displayName}: ${final.name} failed for capacity on ${describeHardware(hw)}: ${describeStatus(status)}`);
      job = undefined;
    }
    throw new Error(
      `Batch prediction job "${inputs.displayName}": no capacity on any of the ${attempts.length} hardware candidates in ${inputs.region} ` +
        `(candidates share the model's region). Attempts:\n${listAttempts(skipped)}\n` +
        'Add candidates, request quota, or run `pulumi up` again later.',
    );
  }

  /**
   * From the jobs carrying this resource's adoption label (oldest first): adopt the newest if it is live or
   * succeeded; if it failed for capacity with candidates left, continue the chain after it; else start afresh.
   */
  private resumePoint(history: JobMessage[], attempts: HardwareCandidate[], region: string): { job?: JobMessage; start: number; skipped: AttemptRecord[] } {
    const latest = history.at(-1);
    if (!latest) return { start: 0, skipped: [] };
    const state = stateOf(latest);
    const attempt = attemptOf(latest);
    const chain = (upTo: number) => {
      // The capacity failures that led to attempt `upTo`, newest first in `history`, attempts counting down.
      const records: AttemptRecord[] = [];
      let expected = upTo - 1;
      for (let n = history.length - 2; n >= 0 && expected >= 0; n--) {
        const job = history[n];
        const status = { code: job.error?.code, message: job.error?.message };
        if (attemptOf(job) !== expected || stateOf(job) !== 'JOB_STATE_FAILED' || !isCapacityError(status)) break;
        records.unshift(attemptRecord(expected, attempts[expected], region, String(job.name), status));
        expected -= 1;
      }
      return records;
    };
    // Live or succeeded: that is the job (FAILED_JOB_STATES are the only terminal states that are not).
    if (!FAILED_JOB_STATES.has(state) && attempt < attempts.length) {
      return { job: latest, start: attempt, skipped: chain(attempt) };
    }
    const status = { code: latest.error?.code, message: latest.error?.message };
    if (state === 'JOB_STATE_FAILED' && isCapacityError(status) && attempt + 1 < attempts.length) {
      const skipped = [...chain(attempt), attemptRecord(attempt, attempts[attempt], region, String(latest.name), status)];
      return { start: attempt + 1, skipped };
    }
    return { start: 0, skipped: [] };
  }

  /** CreateBatchPredictionJob; the call is not idempotent, so after a transient error look for the job first. */
  private async submit(clients: VertexClients, inputs: BatchJobInputs, hw: HardwareCandidate, attempt: number, known: Set<string>): Promise<JobMessage> {
    const request = createJobRequest(inputs, hw, attempt);
    for (let retry = 0; ; retry++) {
      try {
        const [job] = await retryWhileIamPropagates(() => clients.jobs.createBatchPredictionJob(request), {
          clock: this.deps.clock,
          log: this.deps.log,
          what: `CreateBatchPredictionJob ${inputs.displayName}`,
          policy: this.deps.iamPropagation,
          bucket: bucketOf(inputs.gcsSourceUris?.[0] ?? inputs.gcsDestinationPrefix),
        });
        return job as JobMessage;
      } catch (error) {
        if (retry >= MAX_TRANSIENT_RETRIES || !isTransientError(error)) throw error;
        const created = (await this.listByKey(clients, inputs, adoptionKey(inputs))).find(
          (job) => attemptOf(job) === attempt && !known.has(String(job.name)),
        );
        if (created) {
          this.deps.log(`${inputs.displayName}: create answered ${describeStatus(statusOf(error))}, but ${created.name} exists: adopting it`);
          return created;
        }
        const delay = backoffDelay(this.deps.retryBackoff, retry);
        this.deps.log(`${inputs.displayName}: create failed (${describeStatus(statusOf(error))}), retrying in ${formatDuration(delay)}`);
        await this.deps.clock.sleep(delay);
      }
    }
  }

  private async listByKey(clients: VertexClients, inputs: BatchJobInputs, key: string): Promise<JobMessage[]> {
    const [jobs] = await this.retry(() =>
      clients.jobs.listBatchPredictionJobs({
        parent: `projects/${inputs.project}/locations/${inputs.region}`,
        filter: `labels.${ADOPTION_LABEL}="${key}"`,
      }),
    );
    // Filtered again here: the label is what identifies the resource, whatever the server's filter support.
    return (jobs as JobMessage[]).filter((job) => job.labels?.[ADOPTION_LABEL] === key).sort((a, b) => createdAt(a) - createdAt(b));
  }

  private async getJob(clients: VertexClients, name: string): Promise<JobMessage> {
    const [job] = await this.retry(() => clients.jobs.getBatchPredictionJob({ name }));
    return job as JobMessage;
  }

  private retry<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(call, {
      clock: this.deps.clock,
      backoff: this.deps.retryBackoff,
      onRetry: (error, _attempt, delay) => this.deps.log(`${describeStatus(statusOf(error))}; retrying in ${formatDuration(delay)}`),
    });
  }

  private async waitForJob(clients: VertexClients, job: JobMessage, inputs: BatchJobInputs, stateSoFar: object): Promise<JobMessage> {
    const name = String(job.name);
    const timeoutMs = (inputs.completionTimeoutSeconds ?? DEFAULT_COMPLETION_TIMEOUT_SECONDS) * 1000;
    try {
      const { value } = await waitForTerminal({
        get: () => this.getJob(clients, name),
        stateOf,
        terminalStates: TERMINAL_JOB_STATES,
        errorStates: FAILED_JOB_STATES,
        clock: this.deps.clock,
        timeoutMs,
        backoff: this.deps.pollBackoff,
        onPoll: (current, { polls, elapsedMs }) =>
          this.deps.log(`${name}: ${stateOf(current)} after ${formatDuration(elapsedMs)} (poll ${polls})`),
      });
      return value;
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      throw initError(
        `Batch prediction job "${inputs.displayName}" (${name}) is ${error.message}. It keeps running and stays in ` +
          'the stack: run `pulumi up` again to keep waiting, or `pulumi destroy` to cancel it.',
        name,
        { ...stateSoFar, ...jobOutputs(error.last as JobMessage) },
      );
    }
  }
}

/** Hourly cost from the starting to the maximum replica count (Vertex may scale a batch job up to the max). */
function costRange(hw: HardwareCandidate, inputs: BatchJobInputs): string {
  const { describeHourlyCostRange } = require('../catalog/prices') as typeof import('../catalog/prices');
  return describeHourlyCostRange({ ...hw, region: inputs.region, startingReplicas: startingReplicas(inputs, hw), maxReplicas: maxReplicas(inputs, hw) });
}

function assertValid(inputs: BatchJobInputs): void {
  const failures = checkBatchJobInputs(inputs);
  if (failures.length) throw new Error(`Invalid BatchPredictionJob inputs:\n${failures.map((f) => `  ${f.reason}`).join('\n')}`);
}

/** What follows a failure: earlier skipped attempts, and for a capacity error without candidates, the way out. */
function failureContext(status: RpcStatus, skipped: AttemptRecord[]): string {
  const earlier = skipped.length ? `\nEarlier attempts skipped for capacity:\n${listAttempts(skipped)}` : '';
  const hint = isCapacityError(status) && skipped.length === 0
    ? '\nNo capacity for this hardware in the region: add `candidates` (other machine/GPU pairs in the same region) to fall back automatically, or request quota.'
    : '';
  const advice = isCapacityError(status) ? undefined : adviceFor(status);
  return earlier + hint + (advice ? `\n${advice}` : '');
}

function jobFailedError(inputs: BatchJobInputs, job: JobMessage, skipped: AttemptRecord[]): Error {
  const status: RpcStatus = { code: job.error?.code, message: job.error?.message };
  return new Error(
    `Batch prediction job "${inputs.displayName}" (${job.name}) ended ${stateOf(job)}: ${describeStatus(status)}. ` +
      `The job stays listed in Vertex AI; outputs already written stay in the bucket.${failureContext(status, skipped)}`,
  );
}

function createRejectedError(inputs: BatchJobInputs, hw: HardwareCandidate, status: RpcStatus, skipped: AttemptRecord[]): Error {
  return new Error(`Batch prediction job "${inputs.displayName}": Vertex rejected the job on ${describeHardware(hw)}: ${describeStatus(status)}${failureContext(status, skipped)}`);
}

/** Entry point for the serialized provider (see ./serialized-provider.ts): built inside the provider process. */
export function createBatchJobProvider(): BatchJobProvider {
  return new BatchJobProvider();
}
