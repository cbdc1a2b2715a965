// The job executor `npm start` and `npm run predict` hand to the Vertex emulator: the vertex-emulator engineer's
// local/executor running the uploaded SavedModel with local/inference's encoder. One place, so both commands
// run jobs the same way.
import type { JobExecutor } from '../emulator/vertex/server';

/** Undefined until local/executor lands: the emulator then only plays the job states and writes no outputs. */
export function createLocalExecutor(): JobExecutor | undefined {
  return undefined;
}
