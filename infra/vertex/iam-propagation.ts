// First deploy: the stack grants the job service account and Vertex's service agent access to the bucket, then at
// once asks Vertex to UploadModel / CreateBatchPredictionJob. IAM changes take effect within about 2 minutes (up to
// 7 in rare cases), so these first creates can be refused although the grants exist: PERMISSION_DENIED, or
// FAILED_PRECONDITION naming the storage permission ("… does not have [storage.buckets.get] IAM permission to the
// input bucket"), or "Service agents are being provisioned" right after the API was enabled; an UploadModel
// operation can also end with these (its artifact folder is read after the call returns). The table is
// IAM_PROPAGATION_ERRORS in error-catalog.ts, with sources.
// Source: https://cloud.google.com/iam/docs/access-change-propagation (checked 2026-11-25).
// Only the create calls are retried, for a bounded time: a refusal that outlasts the window is a real missing
// permission and reaches the user with Vertex's own message plus the grant that is missing (missing-grant.ts).
import { describeStatus, isIamPropagationError, statusOf, withExplanation } from './errors';
import { grpcCodeName } from './error-catalog';
import { missingGrant } from './missing-grant';
import { retryWithinBudget } from './bounded-retry';
import { type Backoff, type Clock, formatDuration } from './wait';

export interface IamPropagationPolicy {
  /** Longest total wait before the refusal is reported. */
  windowMs: number;
  backoff: Backoff;
}

export const IAM_PROPAGATION: IamPropagationPolicy = {
  windowMs: 2 * 60_000,
  backoff: { initialMs: 5_000, maxMs: 30_000, multiplier: 2, jitter: 0.2 },
};

export interface IamPropagationOptions {
  clock: Clock;
  log: (line: string) => void;
  /** What is being created, for the log lines, e.g. `UploadModel use-lite`. */
  what: string;
  policy?: IamPropagationPolicy;
  /** The bucket the call reads or writes, named in the final error when Vertex's text does not name it. */
  bucket?: string;
}

/**
 * Runs a create call; on a refusal of IAM_PROPAGATION_ERRORS waits with backoff and calls again while the total wait
 * stays within the window. A refused create created nothing, so calling again cannot make a twin. The last error is
 * rethrown with its code, Vertex's text and the missing grant.
 */
export async function retryWhileIamPropagates<T>(call: () => Promise<T>, options: IamPropagationOptions): Promise<T> {
  const policy = options.policy ?? IAM_PROPAGATION;
  return retryWithinBudget(call, {
    clock: options.clock,
    backoff: policy.backoff,
    budgetMs: policy.windowMs,
    lastPause: 'stop',
    retryable: isIamPropagationError,
    onRetry: (error, delay, waitedMs) =>
      options.log(
        `${options.what}: ${describeStatus(statusOf(error))} — new IAM grants can take a minute or two to reach Vertex on a first deploy; ` +
          `retrying in ${formatDuration(delay)} (waited ${formatDuration(waitedMs)} of at most ${formatDuration(policy.windowMs)})`,
      ),
    onGiveUp: (error, waitedMs, retries) => {
      const status = statusOf(error);
      if (retries > 0) options.log(`${options.what}: still ${grpcCodeName(status.code)} after ${formatDuration(waitedMs)} of waiting for IAM propagation; giving up`);
      return withExplanation(error, missingGrant(status, options.bucket));
    },
  });
}
