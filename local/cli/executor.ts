// The job executor `npm start` and `npm run predict` use: the emulator's executor (local/executor), which
// downloads the uploaded SavedModel and runs it with the local encoder (local/inference). One place, so both
// commands run jobs the same way.
import { createJobExecutor, type JobExecutorOptions } from '../executor';
import type { JobExecutor } from '../emulator/vertex/server';

export function createLocalExecutor(options: JobExecutorOptions = {}): JobExecutor {
  return createJobExecutor(options);
}
