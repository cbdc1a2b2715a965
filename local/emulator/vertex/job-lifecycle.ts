/**
 * One batch prediction job's state machine, evaluated lazily from the clock whenever the job is looked at:
 * QUEUED → PENDING → RUNNING → SUCCEEDED (or FAILED / hang per the injected outcome), and
 * CANCELLING → CANCELLED after a cancel. With an executor, RUNNING starts the real work, and the job ends
 * when that work ends (and not before its running phase), with the executor's counts.
 * The emulator never sleeps on the clock: a ManualClock's sleep would move the caller's time.
 */
import { status } from '@grpc/grpc-js';
import type { Clock } from '../clock';
import { toTimestamp } from './time';
import type { BatchPredictionJobMessage, JobExecutor, JobOutcome, JobPhaseMs, JobRunResult, JobState, ModelMessage, RpcStatus } from './types';

const TERMINAL: ReadonlySet<JobState> = new Set(['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED']);

export function isTerminal(state: JobState | undefined): boolean {
  return state !== undefined && TERMINAL.has(state);
}

type Execution = { abort: AbortController; result?: { ok: JobRunResult } | { error: RpcStatus } };

export class JobLifecycle {
  private cancelRequestedAt?: number;
  private execution?: Execution;

  constructor(
    readonly job: BatchPredictionJobMessage,
    private readonly model: ModelMessage,
    private readonly createdAt: number,
    private readonly outcome: JobOutcome,
    private readonly phases: Required<JobPhaseMs>,
    private readonly outputDir: string,
    private readonly clock: Clock,
    private readonly executor?: JobExecutor,
  ) {}

  get state(): JobState | undefined {
    return this.job.state;
  }

  /** Brings the job message up to date with the clock (and the executor) and returns it. */
  refresh(): BatchPredictionJobMessage {
    if (isTerminal(this.job.state)) return this.job;
    const now = this.clock.now();
    if (this.cancelRequestedAt !== undefined) {
      if (now >= this.cancelRequestedAt + this.phases.cancelling) {
        this.execution?.abort.abort();
        this.finish('JOB_STATE_CANCELLED', now, this.cancelRequestedAt + this.phases.cancelling);
      } else this.setState('JOB_STATE_CANCELLING', now);
      return this.job;
    }
    const elapsed = now - this.createdAt;
    const runningFrom = this.phases.queued + this.phases.pending;
    if (elapsed < this.phases.queued) this.setState('JOB_STATE_QUEUED', now);
    else if (elapsed < runningFrom) this.setState('JOB_STATE_PENDING', now);
    else this.run(now, elapsed >= runningFrom + this.phases.running);
    return this.job;
  }

  /** Starts cancelling; false when the job has already ended. */
  cancel(): boolean {
    this.refresh();
    if (isTerminal(this.job.state)) return false;
    this.cancelRequestedAt ??= this.clock.now();
    this.refresh();
    return true;
  }

  /** Signals running work to stop (emulator reset/close). Not awaited: an executor that ignores the signal must not hang close(). */
  stop(): void {
    this.execution?.abort.abort();
  }

  private run(now: number, phaseOver: boolean): void {
    if (this.job.state !== 'JOB_STATE_RUNNING') {
      this.setState('JOB_STATE_RUNNING', now);
      this.job.startTime = toTimestamp(this.createdAt + this.phases.queued + this.phases.pending);
      this.job.outputInfo = this.job.outputConfig?.gcsDestination ? { gcsOutputDirectory: this.outputDir } : {};
    }
    const end = this.createdAt + this.phases.queued + this.phases.pending + this.phases.running;
    switch (this.outcome.kind) {
      case 'hang':
        return;
      case 'fail':
        if (phaseOver) this.fail({ code: this.outcome.code, message: this.outcome.message }, now, end);
        return;
      case 'succeed':
        if (!this.executor) {
          if (phaseOver) this.succeed({ successfulCount: 0, failedCount: 0, outputDir: this.outputDir }, now, end);
          return;
        }
        this.execution ??= this.startExecution(this.executor);
        if (!this.execution.result || !phaseOver) return;
        if ('ok' in this.execution.result) this.succeed(this.execution.result.ok, now, now);
        else this.fail(this.execution.result.error, now, now);
    }
  }

  private startExecution(executor: JobExecutor): Execution {
    const abort = new AbortController();
    const execution: Execution = { abort };
    const ctx = { model: structuredClone(this.model), outputDir: this.outputDir, signal: abort.signal, clock: this.clock };
    void executor.run(structuredClone(this.job), ctx).then(
      (ok) => {
        execution.result = { ok };
      },
      (error: unknown) => {
        const code = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : status.INTERNAL;
        execution.result = { error: { code, message: error instanceof Error ? error.message : String(error) } };
      },
    );
    return execution;
  }

  private succeed(result: JobRunResult, now: number, endedAt: number): void {
    this.job.completionStats = {
      successfulCount: String(result.successfulCount),
      failedCount: String(result.failedCount),
      incompleteCount: '0',
    };
    if (this.job.outputConfig?.gcsDestination) this.job.outputInfo = { gcsOutputDirectory: result.outputDir };
    this.finish('JOB_STATE_SUCCEEDED', now, endedAt);
  }

  private fail(error: RpcStatus, now: number, endedAt: number): void {
    this.job.error = error;
    this.finish('JOB_STATE_FAILED', now, endedAt);
  }

  private finish(state: JobState, now: number, endedAt: number): void {
    this.setState(state, now);
    this.job.endTime = toTimestamp(Math.min(endedAt, now));
  }

  private setState(state: JobState, now: number): void {
    if (this.job.state === state) return;
    this.job.state = state;
    this.job.updateTime = toTimestamp(now);
  }
}
