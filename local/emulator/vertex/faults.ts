/**
 * Fault injection for tests of callers: transient errors on chosen RPCs, the outcome of jobs, NOT_FOUND on
 * delete (the resource went away out of band), and a dropped response (the call takes effect but the caller
 * sees UNAVAILABLE: a process "crash" between create and first poll, as far as the caller can tell).
 */
import { status } from '@grpc/grpc-js';
import { RpcError } from './errors';
import type { BatchPredictionJobMessage, JobOutcome } from './types';

interface PendingFailure {
  code: number;
  message: string;
  remaining: number;
}

export class FaultInjector {
  private readonly failures = new Map<string, PendingFailure[]>();
  private readonly outcomes: { matcher: (job: BatchPredictionJobMessage) => boolean; outcome: JobOutcome }[] = [];
  private readonly missingOnDelete = { model: 0, job: 0 };
  private readonly drops = new Map<string, number>();
  private readonly operationFailures = new Map<string, PendingFailure[]>();
  private readonly outages: { methods: ReadonlySet<string>; untilMs: number; code: number; message: string }[] = [];

  /** @param now the emulator's clock, which times outages (`outage`). */
  constructor(
    private readonly knownMethods: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * An outage of the API as a caller sees it: every call of `methods` fails with `code` (UNAVAILABLE by default, what
   * Google's front ends answer while a service is down) from now until `durationMs` of the emulator's clock has
   * passed. Timed by the clock, not counted in calls, so it lasts the same whatever the caller's backoff.
   */
  outage(methods: string[], durationMs: number, message = 'The service is currently unavailable.', code: number = status.UNAVAILABLE): void {
    for (const method of methods) this.checkMethod(method);
    this.outages.push({ methods: new Set(methods), untilMs: this.now() + durationMs, code, message });
  }

  /** The next `times` calls of `method` fail with `code` before doing anything. */
  failNext(method: string, code: number, message?: string, times = 1): void {
    this.checkMethod(method);
    const queue = this.failures.get(method) ?? [];
    queue.push({ code, message: message ?? `injected ${status[code] ?? code} on ${method}`, remaining: times });
    this.failures.set(method, queue);
  }

  /**
   * The next `times` calls of `method` (an LRO method, e.g. UploadModel) are accepted, but their operation ends with
   * this error and the call takes no effect: Vertex reports what it finds while working (the artifact folder, bucket
   * access) in the operation, not in the call's answer.
   */
  failOperation(method: string, code: number, message: string, times = 1): void {
    this.checkMethod(method);
    const queue = this.operationFailures.get(method) ?? [];
    queue.push({ code, message, remaining: times });
    this.operationFailures.set(method, queue);
  }

  /** Jobs created from now on that match end this way; the most recently registered matching rule wins. */
  jobOutcome(matcher: (job: BatchPredictionJobMessage) => boolean, outcome: JobOutcome): void {
    this.outcomes.push({ matcher, outcome });
  }

  /** The next delete of a `kind` removes it as if deleted out of band and answers NOT_FOUND. */
  deleteNotFound(kind: 'model' | 'job'): void {
    this.missingOnDelete[kind] += 1;
  }

  /** The next call of `method` takes effect, but the caller receives UNAVAILABLE instead of the response. */
  dropResponse(method: string): void {
    this.checkMethod(method);
    this.drops.set(method, (this.drops.get(method) ?? 0) + 1);
  }

  reset(): void {
    this.failures.clear();
    this.outcomes.length = 0;
    this.missingOnDelete.model = 0;
    this.missingOnDelete.job = 0;
    this.drops.clear();
    this.operationFailures.clear();
    this.outages.length = 0;
  }

  // ---- used by the emulator ----

  takeFailure(method: string): RpcError | undefined {
    const outage = this.outages.find((o) => o.methods.has(method) && this.now() < o.untilMs);
    if (outage) return new RpcError(outage.code, outage.message);
    return FaultInjector.take(this.failures, method);
  }

  takeOperationFailure(method: string): RpcError | undefined {
    return FaultInjector.take(this.operationFailures, method);
  }

  private static take(failures: Map<string, PendingFailure[]>, method: string): RpcError | undefined {
    const queue = failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return new RpcError(next.code, next.message);
  }

  takeDrop(method: string): boolean {
    const pending = this.drops.get(method) ?? 0;
    if (pending === 0) return false;
    this.drops.set(method, pending - 1);
    return true;
  }

  takeDeleteNotFound(kind: 'model' | 'job'): boolean {
    if (this.missingOnDelete[kind] === 0) return false;
    this.missingOnDelete[kind] -= 1;
    return true;
  }

  outcomeFor(job: BatchPredictionJobMessage): JobOutcome {
    for (let i = this.outcomes.length - 1; i >= 0; i--) {
      if (this.outcomes[i].matcher(job)) return this.outcomes[i].outcome;
    }
    return { kind: 'succeed' };
  }

  private checkMethod(method: string): void {
    if (!this.knownMethods.has(method)) {
      throw new Error(`FaultInjector: unknown method "${method}"; emulated methods are ${[...this.knownMethods].sort().join(', ')}`);
    }
  }
}
