// Riding out an outage of the Vertex API while a job runs server-side. A job keeps running (and billing) whatever the
// client sees, so a read that fails for a while (polling a job, listing by adoption label, re-reading a long-running
// operation) is retried for many minutes, each pause logged with the time waited so far, instead of failing the
// update after a few retries. Bounded: after `budgetMs` of consecutive failures the last error propagates, and the
// caller reports it with the job's id (./job-errors.ts) so Pulumi keeps tracking the job.
//
// Only reads are retried here (Get/List/GetOperation change nothing, so calling them again is always safe). Besides
// the transient errors of error-catalog.ts they retry INTERNAL (HTTP 500): Terraform's google provider retries
// 429/500/502/503 on reads (field-notes.md), and a single INTERNAL on a poll says nothing about the job.
import { GrpcCode } from './error-catalog';
import { describeStatus, isTransientError, statusOf } from './errors';
import { retryWithinBudget } from './bounded-retry';
import { type Backoff, backoffDelay, type Clock, formatDuration } from './wait';

/** How long a read may keep failing before the provider gives up (the job keeps running meanwhile). */
export const OUTAGE_BUDGET_MS = 30 * 60_000;

export function isRetryableRead(error: unknown): boolean {
  return isTransientError(error) || statusOf(error).code === GrpcCode.INTERNAL;
}

export interface OutageOptions {
  clock: Clock;
  log: (line: string) => void;
  /** What is being read, for the log lines, e.g. `GetBatchPredictionJob projects/…/batchPredictionJobs/1`. */
  what: string;
  backoff: Backoff;
  budgetMs?: number;
}

/** Runs an idempotent read, retrying retryable failures with backoff until `budgetMs` of waiting is used up. */
export async function rideOutOutage<T>(read: () => Promise<T>, options: OutageOptions): Promise<T> {
  const budgetMs = options.budgetMs ?? OUTAGE_BUDGET_MS;
  return retryWithinBudget(read, {
    clock: options.clock,
    backoff: options.backoff,
    budgetMs,
    lastPause: 'shorten',
    retryable: isRetryableRead,
    onRetry: (error, delay, waitedMs) =>
      options.log(
        `${options.what}: ${describeStatus(statusOf(error))}; retrying in ${formatDuration(delay)} ` +
          `(failing for ${formatDuration(waitedMs)} of at most ${formatDuration(budgetMs)})`,
      ),
    onGiveUp: (error, waitedMs) => {
      options.log(`${options.what}: still ${describeStatus(statusOf(error))} after ${formatDuration(waitedMs)} of retrying; giving up`);
      return error;
    },
  });
}

/** The part of a gax long-running operation the providers use. */
export interface PendingOperation<T> {
  name?: string | null;
  /** The last answer of GetOperation; `done` means a failure of `promise()` is the operation's own result. */
  latestResponse?: { done?: boolean | null } | null;
  promise(): Promise<T>;
}

/**
 * Waits for a long-running operation. A transient failure while polling it does not fail the wait: the operation goes
 * on server-side, so it is re-read by name (`recheck`, e.g. `checkDeleteBatchPredictionJobProgress`) within the
 * outage budget and waited on again. An operation that has ended with an error is not re-read: that error is its
 * result (re-reading answers the same), whatever its code.
 */
export async function awaitOperation<T>(
  operation: PendingOperation<T>,
  recheck: (name: string) => Promise<PendingOperation<T>>,
  options: OutageOptions,
): Promise<T> {
  const budgetMs = options.budgetMs ?? OUTAGE_BUDGET_MS;
  const started = options.clock.now();
  let current = operation;
  for (let retry = 0; ; retry++) {
    try {
      return await current.promise();
    } catch (error) {
      const name = current.name;
      const waitedMs = options.clock.now() - started;
      if (!name || current.latestResponse?.done || !isRetryableRead(error) || waitedMs >= budgetMs) throw error;
      const delay = Math.min(backoffDelay(options.backoff, retry), budgetMs - waitedMs);
      options.log(`${options.what}: polling its operation failed (${describeStatus(statusOf(error))}); re-reading it in ${formatDuration(delay)}`);
      await options.clock.sleep(delay);
      current = await rideOutOutage(() => recheck(name), { ...options, budgetMs: Math.max(0, budgetMs - (options.clock.now() - started)) });
    }
  }
}
