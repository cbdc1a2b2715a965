/**
 * Ctrl-C (SIGINT) and SIGTERM for the long-running CLIs (`npm start`, `npm run predict`): the first signal stops
 * the work (the abort signal), runs the cleanups the run registered, newest first (delete the jobs and the
 * model, close the emulators, drop a half-written output), removes the temporary folders still recorded
 * (local/temp-dirs.ts), says what was cleaned and exits 130 (128 + SIGINT, the shell's convention; also for
 * SIGTERM, so callers see one "interrupted" code). A second signal exits at once.
 * A cleanup runs once: if the run's own `finally` gets there first (cleanup.run()), the interrupt skips it.
 */
import { removeAllTempDirs } from '../temp-dirs';

export const INTERRUPTED_EXIT_CODE = 130;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface Cleanup {
  /** Runs the cleanup now (the normal path) unless it already ran; later interrupts skip it. */
  run(): Promise<void>;
  /** Forgets it without running (the thing no longer needs cleaning, e.g. a finished output was kept). */
  drop(): void;
}

export interface Interruption {
  /** Aborted on the first signal: work in progress should stop. */
  readonly signal: AbortSignal;
  onCleanup(what: string, clean: () => Promise<void> | void): Cleanup;
  /** Stops listening for signals (the run is over). */
  dispose(): void;
}

export interface InterruptOptions {
  log: (line: string) => void;
  /** process.exit, replaceable in tests of this module. */
  exit?: (code: number) => void;
}

export function handleInterrupts(options: InterruptOptions): Interruption {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const pending: { what: string; once: () => Promise<void>; dropped: boolean }[] = [];
  let interrupted = false;
  const ignore = () => {};

  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      options.log(`${signal} again: exiting at once, without cleaning up`);
      exit(INTERRUPTED_EXIT_CODE);
      return;
    }
    interrupted = true;
    options.log(`${signal}: stopping; cleaning up what this run created (press Ctrl-C again to exit at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
    // Work being torn down (streams, sockets) may fail loudly on its way out; it must not change the exit code.
    process.on('uncaughtException', ignore);
    process.on('unhandledRejection', ignore);
    void cleanUp().finally(() => exit(INTERRUPTED_EXIT_CODE));
  };

  const cleanUp = async () => {
    for (const cleanup of [...pending].reverse()) {
      if (cleanup.dropped) continue;
      try {
        await cleanup.once();
        options.log(`  cleaned: ${cleanup.what}`);
      } catch (error) {
        options.log(`  could not clean ${cleanup.what}: ${(error as Error).message}`);
      }
    }
    for (const dir of removeAllTempDirs()) options.log(`  removed temporary folder ${dir}`);
    options.log('interrupted: exit code 130');
  };

  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    onCleanup(what, clean) {
      let started: Promise<void> | undefined;
      const entry = { what, once: () => (started ??= Promise.resolve().then(clean)), dropped: false };
      pending.push(entry);
      return {
        run: () => entry.once(),
        drop: () => void (entry.dropped = true),
      };
    },
    dispose() {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      process.off('uncaughtException', ignore);
      process.off('unhandledRejection', ignore);
    },
  };
}

/** The interruption of a run that has no signal handling (library use, tests): never fires. */
export function noInterruption(): Interruption {
  return {
    signal: new AbortController().signal,
    onCleanup(_what, clean) {
      let started: Promise<void> | undefined;
      return { run: () => (started ??= Promise.resolve().then(clean)), drop: () => {} };
    },
    dispose: () => {},
  };
}
