// Two creates for the same resource at the same moment (two `pulumi up` runs, or a run and `npm start` against the
// same project) both find no job to adopt and both submit one. After submitting, the provider looks again: among the
// live jobs carrying the resource's adoption label the oldest is kept and every other one is cancelled. Both runs
// apply the same rule to the same list, so they agree on the survivor: the newer job's run, listing after its own
// create, always sees the older job.
import { type JobMessage, stateOf, TERMINAL_JOB_STATES } from './batch-job-request';

function createdAt(job: JobMessage): number {
  return Number(job.createTime?.seconds ?? 0) * 1e3 + Number(job.createTime?.nanos ?? 0) / 1e6;
}

/** Oldest first; jobs created in the same millisecond by their numeric id, so every run orders them alike. */
export function oldestFirst(a: JobMessage, b: JobMessage): number {
  const id = (job: JobMessage) => String(job.name).split('/').pop() ?? '';
  return createdAt(a) - createdAt(b) || id(a).length - id(b).length || id(a).localeCompare(id(b));
}

export interface RaceOptions {
  /** The job this run just created. */
  mine: JobMessage;
  /** The jobs carrying this resource's adoption label, as Vertex lists them now. */
  labelled: JobMessage[];
  cancel: (name: string) => Promise<void>;
  log: (line: string) => void;
  displayName: string;
}

/** The job to keep: the oldest live one; the others are cancelled (and stay listed in Vertex as the record). */
export async function keepOneLiveJob(options: RaceOptions): Promise<JobMessage> {
  const others = options.labelled.filter((job) => job.name !== options.mine.name && !TERMINAL_JOB_STATES.has(stateOf(job)));
  if (others.length === 0) return options.mine;
  const [keep, ...duplicates] = [options.mine, ...others].sort(oldestFirst);
  for (const duplicate of duplicates) await options.cancel(String(duplicate.name));
  const whose = keep.name === options.mine.name ? 'the one this run created' : 'created by another run';
  options.log(
    `${options.displayName}: another run submitted the same job at the same time (same resource, same inputs); ` +
      `keeping the oldest, ${keep.name} (${whose}), and cancelled ${duplicates.map((job) => job.name).join(', ')}`,
  );
  return keep;
}
