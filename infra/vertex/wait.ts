// Waiting on Vertex: one generic poller and one retry loop, both on an injected clock so tests drive hours of
// emulated time in milliseconds and count the calls (contract 5 in TEAM.md).
//
// Delays: capped exponential backoff with jitter. The Python SDK polls every 5 s forever, Kubeflow every 20 s;
// starting at 5 s and growing to a 60 s cap keeps short jobs snappy and long jobs at ~1 poll a minute.
import { isTransientError } from './errors';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Backoff {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** Fraction of the delay randomised either way (0.2 = ±20%), so many waiters do not poll in lockstep. */
  jitter: number;
  /** Source of randomness in [0, 1); injectable so tests get exact delays. */
  random?: () => number;
}

export const POLL_BACKOFF: Backoff = { initialMs: 5_000, maxMs: 60_000, multiplier: 1.5, jitter: 0.2 };
/** Retrying a failed call: quicker start, shorter cap than polling. */
export const RETRY_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, multiplier: 2, jitter: 0.2 };
/** Transient failures of one call tolerated before giving up (≈ 4 minutes with RETRY_BACKOFF). */
export const MAX_TRANSIENT_RETRIES = 10;

/** The n-th delay (n from 0) of a backoff schedule, jittered and capped. */
export function backoffDelay(policy: Backoff, attempt: number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** attempt);
  const random = policy.random ?? Math.random;
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  return Math.max(0, Math.min(policy.maxMs, Math.round(jittered)));
}

export interface RetryOptions {
  clock: Clock;
  backoff?: Backoff;
  maxRetries?: number;
  isTransient?: (error: unknown) => boolean;
  /** Called before each pause, e.g. to log "UNAVAILABLE, retrying in 2 s". */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `call`, retrying transient failures with backoff; other errors and the last transient one propagate. */
export async function retryTransient<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const backoff = options.backoff ?? RETRY_BACKOFF;
  const maxRetries = options.maxRetries ?? MAX_TRANSIENT_RETRIES;
  const isTransient = options.isTransient ?? isTransientError;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxRetries || !isTransient(error)) throw error;
      const delay = backoffDelay(backoff, attempt);
      options.onRetry?.(error, attempt, delay);
      await options.clock.sleep(delay);
    }
  }
}

export interface WaitOptions<T> {
  /** One poll (already wrapped in retries by the caller if wanted). */
  get: () => Promise<T>;
  stateOf: (value: T) => string;
  /** States after which nothing changes any more (success and failure alike). */
  terminalStates: ReadonlySet<string>;
  /** The terminal states that mean failure (reported as `failed` in the result). */
  errorStates?: ReadonlySet<string>;
  clock: Clock;
  timeoutMs: number;
  backoff?: Backoff;
  onPoll?: (value: T, info: { polls: number; elapsedMs: number }) => void;
}

export interface WaitResult<T> {
  value: T;
  /** The terminal state reached is one of `errorStates`. */
  failed: boolean;
  polls: number;
  elapsedMs: number;
}

export class WaitTimeoutError<T> extends Error {
  constructor(
    message: string,
    readonly last: T,
    readonly polls: number,
  ) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Polls until a terminal state or the timeout. The first poll is immediate (a resumed, already finished job returns
 * at once); the last sleep is shortened so the final poll happens exactly at the deadline.
 */
export async function waitForTerminal<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const backoff = options.backoff ?? POLL_BACKOFF;
  const started = options.clock.now();
  const deadline = started + options.timeoutMs;
  for (let polls = 1; ; polls++) {
    const value = await options.get();
    const elapsedMs = options.clock.now() - started;
    options.onPoll?.(value, { polls, elapsedMs });
    const state = options.stateOf(value);
    if (options.terminalStates.has(state)) return { value, failed: options.errorStates?.has(state) ?? false, polls, elapsedMs };
    const remaining = deadline - options.clock.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `still ${options.stateOf(value)} after ${formatDuration(elapsedMs)} (timeout ${formatDuration(options.timeoutMs)})`,
        value,
        polls,
      );
    }
    await options.clock.sleep(Math.min(backoffDelay(backoff, polls - 1), remaining));
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
