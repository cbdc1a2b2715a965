/**
 * Time as a dependency. The Vertex emulator's job state machine reads `now()`, and a provider's waiter
 * calls `sleep()` between polls; giving both the same ManualClock lets a test run a one-hour job in
 * milliseconds and count the polls it took.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}

/** A clock that only moves when told to; `sleep` moves it by the slept amount and returns at once. */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance(ms): ms must be a finite number >= 0, got ${ms}`);
    this.current += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.advance(Math.max(0, ms));
    // Yield to the event loop so a polling loop on a ManualClock still lets I/O (the gRPC calls) progress.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
