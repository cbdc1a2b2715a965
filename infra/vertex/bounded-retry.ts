// One loop for every "call again, with backoff, for at most this long" in the providers: the IAM-propagation window
// of the create calls (iam-propagation.ts) and the outage budget of the reads (outage.ts). They differ only in which
// failures they retry, what they log, and what the user reads when the time is up.
import { type Backoff, backoffDelay, type Clock } from './wait';

export interface BoundedRetryPolicy {
  clock: Clock;
  backoff: Backoff;
  /** Longest total time spent pausing before the last failure is given up on. */
  budgetMs: number;
  /**
   * `shorten`: the last pause is cut to end at the budget (a read is worth one more try at the very end);
   * `stop`: a pause that would overrun the budget is not taken (the window is a promise about how long a create waits).
   */
  lastPause: 'shorten' | 'stop';
  /** Whether this failure may be retried at all; any other failure propagates at once, untouched. */
  retryable: (error: unknown) => boolean;
  /** Told before each pause. */
  onRetry: (error: unknown, delayMs: number, waitedMs: number) => void;
  /** Told when the budget is used up; returns what is thrown (the error itself, or the error explained). */
  onGiveUp: (error: unknown, waitedMs: number, retries: number) => unknown;
}

export async function retryWithinBudget<T>(call: () => Promise<T>, policy: BoundedRetryPolicy): Promise<T> {
  let waitedMs = 0;
  for (let retry = 0; ; retry++) {
    try {
      return await call();
    } catch (error) {
      if (!policy.retryable(error)) throw error;
      const remainingMs = policy.budgetMs - waitedMs;
      const backoffMs = backoffDelay(policy.backoff, retry);
      const delay = policy.lastPause === 'shorten' ? Math.min(backoffMs, remainingMs) : backoffMs;
      if (delay <= 0 || delay > remainingMs) throw policy.onGiveUp(error, waitedMs, retry);
      policy.onRetry(error, delay, waitedMs);
      await policy.clock.sleep(delay);
      waitedMs += delay;
    }
  }
}
