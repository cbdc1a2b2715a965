/**
 * Vertex resource names. The emulator keeps the project as the caller wrote it (real Vertex answers with the
 * project number; nothing in this product compares project parts of names).
 */
import { invalidArgument } from './errors';

const SEGMENT = '[^/@]+';
const LOCATION = new RegExp(`^projects/(${SEGMENT})/locations/(${SEGMENT})$`);
const MODEL = new RegExp(`^projects/(${SEGMENT})/locations/(${SEGMENT})/models/(${SEGMENT})(?:@(${SEGMENT}))?$`);
const JOB = new RegExp(`^projects/(${SEGMENT})/locations/(${SEGMENT})/batchPredictionJobs/(${SEGMENT})$`);

export interface LocationName {
  project: string;
  location: string;
}

export function parseLocation(parent: string, field = 'parent'): LocationName {
  const match = LOCATION.exec(parent);
  if (!match) throw invalidArgument(`Invalid ${field} "${parent}": expected projects/{project}/locations/{location}`);
  return { project: match[1], location: match[2] };
}

export interface ModelName extends LocationName {
  modelId: string;
  /** Version id or alias after `@`, when the name carries one. */
  version?: string;
  /** The name without any `@version` suffix. */
  base: string;
}

export function parseModelName(name: string, field = 'name'): ModelName {
  const match = MODEL.exec(name);
  if (!match) {
    throw invalidArgument(`Invalid ${field} "${name}": expected projects/{project}/locations/{location}/models/{model}[@{version}]`);
  }
  const [, project, location, modelId, version] = match;
  return { project, location, modelId, version, base: `projects/${project}/locations/${location}/models/${modelId}` };
}

export function parseJobName(name: string, field = 'name'): LocationName & { jobId: string } {
  const match = JOB.exec(name);
  if (!match) {
    throw invalidArgument(`Invalid ${field} "${name}": expected projects/{project}/locations/{location}/batchPredictionJobs/{batch_prediction_job}`);
  }
  return { project: match[1], location: match[2], jobId: match[3] };
}

/** Numeric ids like Vertex's (19 digits), unique within one emulator. */
export class IdSequence {
  private next = 0n;

  constructor(private readonly base: bigint) {}

  take(): string {
    this.next += 1n;
    return (this.base + this.next).toString();
  }
}
