// First deploy: the stack grants the job service account and Vertex's service agent access to the bucket, then at
// once asks Vertex to UploadModel / CreateBatchPredictionJob. IAM changes take effect within about 2 minutes (up to
// 7 in rare cases), so these first creates can be refused with PERMISSION_DENIED although the grants exist.
// Source: https://cloud.google.com/iam/docs/access-change-propagation (checked 2026-11-25).
// Only these two create calls are retried, for a bounded time: a PERMISSION_DENIED that outlasts the window is a real
// missing permission and reaches the user with Vertex's own message.
import { describeStatus, isPermissionDenied, statusOf } from './errors';
import { type Backoff, backoffDelay, type Clock, formatDuration } from './wait';

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
}

/**
 * Runs a create call; on PERMISSION_DENIED waits with backoff and calls again while the total wait stays within the
 * window. A refused create created nothing, so calling again cannot make a twin. The last error is rethrown as is.
 */
export async function retryWhileIamPropagates<T>(call: () => Promise<T>, options: IamPropagationOptions): Promise<T> {
  const policy = options.policy ?? IAM_PROPAGATION;
  let waitedMs = 0;
  for (let retry = 0; ; retry++) {
    try {
      return await call();
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      const delay = backoffDelay(policy.backoff, retry);
      if (waitedMs + delay > policy.windowMs) {
        if (retry > 0) options.log(`${options.what}: still PERMISSION_DENIED after ${formatDuration(waitedMs)} of waiting for IAM propagation; giving up`);
        throw error;
      }
      options.log(
        `${options.what}: ${describeStatus(statusOf(error))} — new IAM grants can take a minute or two to reach Vertex on a first deploy; ` +
          `retrying in ${formatDuration(delay)} (waited ${formatDuration(waitedMs)} of at most ${formatDuration(policy.windowMs)})`,
      );
      await options.clock.sleep(delay);
      waitedMs += delay;
    }
  }
}
