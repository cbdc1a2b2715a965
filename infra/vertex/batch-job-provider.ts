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
//               2b. list again: of concurrent submits for the same resource the oldest live job is kept (./job-race);
//            3. record the name, then poll GetBatchPredictionJob with backoff until a terminal state, riding out
//               API outages of many minutes (./outage);
//            4. capacity failure (create rejected or job FAILED for quota/stockout) → next hardware candidate.
//            With `adopt` (a job made outside Pulumi): GetBatchPredictionJob, check it is the declared job, wait on it.
//   read   - GetBatchPredictionJob of the tracked job (`name`); NOT_FOUND → gone from state.
//   update - only provider-only inputs changed, or an earlier create failed after the job existed: keep waiting on
//            the tracked job; if it has ended unsuccessfully (or vanished), run the create flow again (next
//            candidate after a capacity failure, else a new job). The resource id stays the first job's name (an
//            update cannot change it); `name` is the job tracked now, and refresh moves the id to it.
//   delete - CancelBatchPredictionJob if not terminal, wait until it stops, DeleteBatchPredictionJob (LRO, re-read
//            after a transient failure); NOT_FOUND = already gone. Prediction outputs in the bucket are never touched.
//
// Failure policy (./job-errors): a job that ends FAILED/CANCELLED/EXPIRED fails the update with the job's own error
// and name, and is not kept in state (it stays listed in Vertex as the record; the next `pulumi up` submits a new
// job). Any other failure once the job exists (wait timeout, an outage outlasting the budget, …) keeps its id.
import type * as pulumi from '@pulumi/pulumi';
import {
  type BatchJobInputs,
  type CheckFailure,
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
import { describeStatus, isCapacityError, isNotFound, isTransientError, type RpcStatus, statusOf } from './errors';
import {
  type AttemptRecord,
  attemptRecord,
  createRejectedError,
  describeHardware,
  estimateCost,
  jobFailedError,
  noCapacityError,
  trackedCallError,
  trackedJobError,
  unconfirmedCreateError,
} from './job-errors';
import { keepOneLiveJob, oldestFirst } from './job-race';
import { checkAdopt, listDifferences, mismatchError, readToAdopt } from './adoption';
import { checkJobToAdopt } from './job-adoption';
import { awaitOperation, type OutageOptions, rideOutOutage } from './outage';
import { defaultDeps, outageOptions, type ProviderDeps, readOrGone, withClients } from './provider-deps';
import { backoffDelay, formatDuration, MAX_TRANSIENT_RETRIES, retryTransient, waitForTerminal, WaitTimeoutError } from './wait';
import { retryWhileIamPropagates } from './iam-propagation';
import { bucketOf } from './missing-grant';

/** How long delete waits for a cancelled job to stop before giving up (Vertex cancels within minutes). */
const CANCEL_TIMEOUT_MS = 60 * 60 * 1000;

export type { AttemptRecord } from './job-errors';

export type BatchJobOutputs = BatchJobInputs &
  ReturnType<typeof jobOutputs> & {
    /** Index into [primary, ...candidates] of the hardware the job ran on. */
    ranAttempt: number;
    estimatedHourlyUsd: number | null;
    /** Attempts skipped for lack of capacity, in order, each with Vertex's code and message. */
    skippedAttempts: AttemptRecord[];
  };

const attemptOf = (job: JobMessage): number => Number(job.labels?.[ATTEMPT_LABEL] ?? 0);

export class BatchJobProvider implements pulumi.dynamic.ResourceProvider<BatchJobInputs, BatchJobOutputs> {
  constructor(private readonly deps: ProviderDeps = defaultDeps()) {}

  async check(_olds: BatchJobInputs, news: BatchJobInputs): Promise<pulumi.dynamic.CheckResult<BatchJobInputs>> {
    return { inputs: news, failures: inputFailures(news) };
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
      const outs = inputs.adopt ? await this.adopt(clients, inputs, inputs.adopt) : await this.run(clients, inputs);
      return { id: outs.name, outs };
    });
  }

  async read(id: string, props?: BatchJobOutputs): Promise<pulumi.dynamic.ReadResult<BatchJobOutputs>> {
    // The job this resource tracks is `name`: an update that recovered from a failed job moved it past the id, and
    // refresh moves the id along.
    return readOrGone(this.deps, props?.name ?? id, props, async (clients) => ({ ...props!, ...jobOutputs(await this.getJob(clients, props?.name ?? id)) }));
  }

  /**
   * Only provider-only inputs changed, or an earlier create failed after the job existed (the engine then calls
   * Update even without a change): keep waiting on the tracked job. If that job has ended unsuccessfully meanwhile
   * (it failed after an earlier wait timed out, or was deleted out of band), run the create flow again, which moves
   * to the next hardware candidate after a capacity failure or submits a new job.
   */
  async update(id: string, olds: BatchJobOutputs, news: BatchJobInputs): Promise<pulumi.dynamic.UpdateResult<BatchJobOutputs>> {
    assertValid(news);
    const tracked: BatchJobOutputs = { ...olds, ...news, name: olds.name ?? id };
    return withClients(this.deps, news.region, async (clients) => {
      let job: JobMessage | undefined;
      try {
        job = await this.getJob(clients, tracked.name);
      } catch (error) {
        if (!isNotFound(error)) throw trackedCallError(news, { name: tracked.name, state: olds.state }, 'GetBatchPredictionJob', error, tracked);
      }
      if (!job || FAILED_JOB_STATES.has(stateOf(job))) {
        this.deps.log(
          job
            ? `${news.displayName}: ${job.name} ended ${stateOf(job)} (${describeStatus({ code: job.error?.code, message: job.error?.message })}) after an earlier run stopped waiting; running the job again`
            : `${news.displayName}: ${tracked.name} no longer exists in Vertex AI; running the job again`,
        );
        return { outs: await this.run(clients, news) };
      }
      if (!TERMINAL_JOB_STATES.has(stateOf(job)) && news.waitForCompletion !== false) job = await this.waitForJob(clients, job, news, tracked);
      const outs: BatchJobOutputs = { ...tracked, ...jobOutputs(job), ranAttempt: olds.ranAttempt ?? 0, estimatedHourlyUsd: olds.estimatedHourlyUsd ?? null, skippedAttempts: olds.skippedAttempts ?? [] };
      if (!FAILED_JOB_STATES.has(stateOf(job))) return { outs };
      // It failed during this wait: capacity with candidates left → the create flow continues the chain after it.
      const status: RpcStatus = { code: job.error?.code, message: job.error?.message };
      if (stateOf(job) === 'JOB_STATE_FAILED' && isCapacityError(status) && attemptOf(job) + 1 < hardwareAttempts(news).length) {
        return { outs: await this.run(clients, news) };
      }
      throw jobFailedError(news, job, outs.skippedAttempts);
    });
  }

  async delete(id: string, props: BatchJobOutputs): Promise<void> {
    const name = props.name ?? id;
    await this.deleteJob(name, props.region).catch((error: unknown) => {
      throw new Error(`Deleting batch prediction job "${props.displayName}" (${name}) failed: ${describeStatus(statusOf(error))}. It stays in the stack: run \`pulumi destroy\` again.`);
    });
  }

  private async deleteJob(name: string, region: string): Promise<void> {
    await withClients(this.deps, region, async (clients) => {
      let job: JobMessage;
      try {
        job = await this.getJob(clients, name);
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      if (!TERMINAL_JOB_STATES.has(stateOf(job))) {
        this.deps.log(`${name}: ${stateOf(job)}, cancelling before delete`);
        try {
          await this.retry(() => clients.jobs.cancelBatchPredictionJob({ name }));
        } catch (error) {
          if (isNotFound(error)) return;
          // FAILED_PRECONDITION here means it ended meanwhile; the wait below sees the terminal state.
          if (statusOf(error).code !== 9) throw error;
        }
        try {
          await this.pollUntilEnded(clients, name, CANCEL_TIMEOUT_MS);
        } catch (error) {
          if (isNotFound(error)) return;
          throw error;
        }
      }
      try {
        const [operation] = await this.retry(() => clients.jobs.deleteBatchPredictionJob({ name }));
        await awaitOperation(operation, (op) => clients.jobs.checkDeleteBatchPredictionJobProgress(op), this.outage(`DeleteBatchPredictionJob ${name}`));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  /** Takes over a job made outside Pulumi (./adoption.ts, ./job-adoption.ts) and waits for it like for its own. */
  private async adopt(clients: VertexClients, inputs: BatchJobInputs, name: string): Promise<BatchJobOutputs> {
    const job = await readToAdopt('batch prediction job', name, () => this.getJob(clients, name));
    const { refused, attempt, notes } = checkJobToAdopt(job, inputs);
    if (refused.length) throw mismatchError('batch prediction job', name, refused);
    if (FAILED_JOB_STATES.has(stateOf(job))) {
      throw new Error(`adopt: batch prediction job ${name} ended ${stateOf(job)} (${describeStatus({ code: job.error?.code, message: job.error?.message })}); a job that ended unsuccessfully cannot be adopted: remove \`adopt\` to submit a new job.`);
    }
    const unchangeable = notes.length ? `; its ${notes.map((d) => d.field).join(' and ')} differ and cannot be changed on a job:\n${listDifferences(notes)}` : '';
    this.deps.log(`${inputs.displayName}: adopting ${name} (${stateOf(job)}), made outside Pulumi; from now on the stack manages it (destroy deletes it)${unchangeable}`);
    const hw = hardwareAttempts(inputs)[attempt];
    const base = { ...inputs, ranAttempt: attempt, estimatedHourlyUsd: estimateCost(hw, inputs.region), skippedAttempts: [] };
    if (TERMINAL_JOB_STATES.has(stateOf(job)) || inputs.waitForCompletion === false) return { ...base, ...jobOutputs(job) };
    const final = await this.waitForJob(clients, job, inputs, { ...base, ...jobOutputs(job) });
    if (FAILED_JOB_STATES.has(stateOf(final))) throw jobFailedError(inputs, final, []);
    return { ...base, ...jobOutputs(final) };
  }

  // ---- create, step by step ----

  private async run(clients: VertexClients, inputs: BatchJobInputs): Promise<BatchJobOutputs> {
    const attempts = hardwareAttempts(inputs);
    const key = adoptionKey(inputs);
    const history = await this.listByKey(clients, inputs, key).catch((error: unknown) => {
      throw new Error(
        `Batch prediction job "${inputs.displayName}": listing jobs by the label ${ADOPTION_LABEL}=${key} failed (${describeStatus(statusOf(error))}); ` +
          'nothing was submitted. A job an earlier run left is found and adopted by the next `pulumi up`.',
      );
    });
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
      if (!job) {
        const hw = attempts[attempt];
        if (attempt > 0) this.deps.log(`${inputs.displayName}: switching to attempt ${attempt}: ${describeHardware(hw)}`);
        try {
          // 2. Submit (or find the job a lost answer created).
          job = await this.submit(clients, inputs, hw, attempt, new Set(history.map((j) => String(j.name))));
        } catch (error) {
          const status = statusOf(error);
          // No gRPC code: the provider's own explicit error (e.g. a create whose outcome could not be confirmed).
          if (status.code === undefined) throw error;
          if (!isCapacityError(status) || attempts.length === 1) throw createRejectedError(inputs, hw, status, skipped);
          skipped.push(attemptRecord(attempt, hw, inputs.region, null, status));
          this.deps.log(`${inputs.displayName}: attempt ${attempt} (${describeHardware(hw)}) rejected for capacity: ${describeStatus(status)}`);
          continue;
        }
        this.deps.log(`${inputs.displayName}: submitted ${job.name} on ${describeHardware(hw)} (${costRange(hw, inputs)})`);
        // 2b. A concurrent run may have submitted the same job: keep one.
        job = await this.keepOne(clients, inputs, key, job, { ...inputs, ranAttempt: attempt, estimatedHourlyUsd: estimateCost(hw, inputs.region), skippedAttempts: skipped });
        attempt = attemptOf(job);
      }
      const hw = attempts[attempt];
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
    throw noCapacityError(inputs, attempts.length, skipped);
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
    const key = adoptionKey(inputs);
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
        let labelled: JobMessage[];
        try {
          labelled = await this.listByKey(clients, inputs, key);
        } catch (listError) {
          throw unconfirmedCreateError(inputs, key, error, listError);
        }
        const created = labelled.find((job) => attemptOf(job) === attempt && !known.has(String(job.name)));
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

  /** After a submit: look again by label; of concurrent submits for this resource the oldest live job is kept. */
  private async keepOne(clients: VertexClients, inputs: BatchJobInputs, key: string, mine: JobMessage, stateSoFar: object): Promise<JobMessage> {
    try {
      return await keepOneLiveJob({
        mine,
        labelled: await this.listByKey(clients, inputs, key),
        cancel: (name) => this.cancelQuietly(clients, name),
        log: this.deps.log,
        displayName: inputs.displayName,
      });
    } catch (error) {
      throw trackedCallError(inputs, mine, 'looking for a concurrent duplicate', error, { ...stateSoFar, ...jobOutputs(mine) });
    }
  }

  /** Cancel; a job that is gone or has ended meanwhile needs nothing. */
  private async cancelQuietly(clients: VertexClients, name: string): Promise<void> {
    try {
      await this.retry(() => clients.jobs.cancelBatchPredictionJob({ name }));
    } catch (error) {
      if (!isNotFound(error) && statusOf(error).code !== 9) throw error;
    }
  }

  private async listByKey(clients: VertexClients, inputs: BatchJobInputs, key: string): Promise<JobMessage[]> {
    const parent = `projects/${inputs.project}/locations/${inputs.region}`;
    const [jobs] = await rideOutOutage(
      () => clients.jobs.listBatchPredictionJobs({ parent, filter: `labels.${ADOPTION_LABEL}="${key}"` }),
      this.outage(`ListBatchPredictionJobs ${inputs.displayName}`),
    );
    // Filtered again here: the label is what identifies the resource, whatever the server's filter support.
    return (jobs as JobMessage[]).filter((job) => job.labels?.[ADOPTION_LABEL] === key).sort(oldestFirst);
  }

  /** GetBatchPredictionJob, riding out an outage (the job runs server-side whatever this client sees). */
  private async getJob(clients: VertexClients, name: string): Promise<JobMessage> {
    const [job] = await rideOutOutage(() => clients.jobs.getBatchPredictionJob({ name }), this.outage(`GetBatchPredictionJob ${name}`));
    return job as JobMessage;
  }

  private outage(what: string): OutageOptions {
    return outageOptions(this.deps, what);
  }

  private retry<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(call, {
      clock: this.deps.clock,
      backoff: this.deps.retryBackoff,
      onRetry: (error, _attempt, delay) => this.deps.log(`${describeStatus(statusOf(error))}; retrying in ${formatDuration(delay)}`),
    });
  }

  private async pollUntilEnded(clients: VertexClients, name: string, timeoutMs: number): Promise<JobMessage> {
    const { value } = await waitForTerminal({
      get: () => this.getJob(clients, name),
      stateOf,
      terminalStates: TERMINAL_JOB_STATES,
      errorStates: FAILED_JOB_STATES,
      clock: this.deps.clock,
      timeoutMs,
      backoff: this.deps.pollBackoff,
      onPoll: (current, { polls, elapsedMs }) => this.deps.log(`${name}: ${stateOf(current)} after ${formatDuration(elapsedMs)} (poll ${polls})`),
    });
    return value;
  }

  /** Polls until the job ends; any failure while it may still run keeps its id (trackedJobError). */
  private async waitForJob(clients: VertexClients, job: JobMessage, inputs: BatchJobInputs, stateSoFar: object): Promise<JobMessage> {
    const timeoutMs = (inputs.completionTimeoutSeconds ?? DEFAULT_COMPLETION_TIMEOUT_SECONDS) * 1000;
    try {
      return await this.pollUntilEnded(clients, String(job.name), timeoutMs);
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        const last = error.last as JobMessage;
        throw trackedJobError(inputs, last, `is ${error.message}`, { ...stateSoFar, ...jobOutputs(last) });
      }
      // Deleted out of band while waiting: nothing runs any more; the next `pulumi up` submits a new job.
      if (isNotFound(error)) throw new Error(`Batch prediction job "${inputs.displayName}" (${job.name}) was deleted while Pulumi waited for it; the next \`pulumi up\` submits a new job.`);
      throw trackedCallError(inputs, job, 'GetBatchPredictionJob', error, { ...stateSoFar, ...jobOutputs(job) });
    }
  }
}

/** Hourly cost from the starting to the maximum replica count (Vertex may scale a batch job up to the max). */
function costRange(hw: HardwareCandidate, inputs: BatchJobInputs): string {
  const { describeHourlyCostRange } = require('../catalog/prices') as typeof import('../catalog/prices');
  return describeHourlyCostRange({ ...hw, region: inputs.region, startingReplicas: startingReplicas(inputs, hw), maxReplicas: maxReplicas(inputs, hw) });
}

/** What Check reports and every CRUD call refuses: the job's inputs, and `adopt` naming a job of its project and region. */
function inputFailures(inputs: BatchJobInputs): CheckFailure[] {
  return [...checkBatchJobInputs(inputs), ...checkAdopt('job', inputs.adopt, inputs.project, inputs.region)];
}

function assertValid(inputs: BatchJobInputs): void {
  const failures = inputFailures(inputs);
  if (failures.length) throw new Error(`Invalid BatchPredictionJob inputs:\n${failures.map((f) => `  ${f.reason}`).join('\n')}`);
}

/** Entry point for the serialized provider (see ./serialized-provider.ts): built inside the provider process. */
export function createBatchJobProvider(): BatchJobProvider {
  return new BatchJobProvider();
}
