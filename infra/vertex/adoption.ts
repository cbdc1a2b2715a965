// Adopting a Vertex model or batch job made outside Pulumi (by hand, by the notebook). `pulumi import` cannot do it
// for dynamic providers: the provider host receives no inputs on import (pulumi/pulumi#3550, #7534, #16175). So the
// resources take an `adopt` input, the Vertex resource name: on create the provider reads that resource, checks it is
// what the program declares (or lists exactly what differs, and creates nothing), and takes it over instead of
// creating one. `adopt` is read on create only: changing or removing it afterwards changes nothing.
import { canonicalJson } from '../canonical-json';
import { type CheckFailure, isUnknown } from './batch-job-inputs';
import { isNotFound } from './errors';

export interface Difference {
  field: string;
  /** What Vertex has. */
  actual: unknown;
  /** What the program declares. */
  declared: unknown;
}

/** The fields whose values differ (compared as canonical JSON, unset = null). */
export function differences(pairs: Record<string, [actual: unknown, declared: unknown]>): Difference[] {
  return Object.entries(pairs)
    .filter(([, [actual, declared]]) => canonicalJson(actual ?? null) !== canonicalJson(declared ?? null))
    .map(([field, [actual, declared]]) => ({ field, actual: actual ?? null, declared: declared ?? null }));
}

export function listDifferences(diffs: Difference[]): string {
  return diffs.map((d) => `  ${d.field}: Vertex has ${JSON.stringify(d.actual)}, the program declares ${JSON.stringify(d.declared)}`).join('\n');
}

/** The error when the resource to adopt is not what the program declares: nothing was created or changed. */
export function mismatchError(kind: string, name: string, diffs: Difference[]): Error {
  return new Error(
    `adopt: ${kind} ${name} differs from what the program declares; nothing was adopted or created:\n${listDifferences(diffs)}\n` +
      'Declare the values Vertex has (these cannot be changed on an existing resource), or remove `adopt` to create a new one.',
  );
}

/** Reads the resource to adopt; NOT_FOUND becomes an error naming `adopt`. */
export async function readToAdopt<T>(kind: string, name: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) throw new Error(`adopt: ${kind} ${name} does not exist (NOT_FOUND); correct the name, or remove \`adopt\` to create a new one.`);
    throw error;
  }
}

const PATTERNS = {
  model: { regex: /^projects\/([^/]+)\/locations\/([^/]+)\/models\/[^/@]+(@[A-Za-z0-9_-]+)?$/, shape: 'projects/PROJECT/locations/REGION/models/ID[@VERSION]' },
  job: { regex: /^projects\/([^/]+)\/locations\/([^/]+)\/batchPredictionJobs\/\d+$/, shape: 'projects/PROJECT/locations/REGION/batchPredictionJobs/ID' },
} as const;

/**
 * Why `name` cannot be adopted as a resource of this kind in this project (id or number) and region, or undefined.
 * The provider's Check and the stack config (`vertex-embeddings:adopt`, infra/config-adopt.ts) both ask it.
 */
export function adoptNameProblem(kind: keyof typeof PATTERNS, name: unknown, project: unknown, region: unknown): string | undefined {
  const { regex, shape } = PATTERNS[kind];
  const match = typeof name === 'string' ? regex.exec(name) : null;
  if (!match) return `is not a ${kind === 'job' ? 'batch prediction job' : 'model'} resource name; expected ${shape}`;
  if (!isUnknown(region) && region !== undefined && match[2] !== region) return `is in ${match[2]}, not in ${region}; adopt a resource of the same region`;
  // Vertex names carry the project number or id; only an id can be compared here.
  if (!isUnknown(project) && project !== undefined && !/^\d+$/.test(match[1]) && match[1] !== project) return `is in project ${match[1]}, not in ${project}`;
  return undefined;
}

/** `adopt` must name a resource of this kind in the resource's own project (id or number) and region. */
export function checkAdopt(kind: keyof typeof PATTERNS, adopt: unknown, project: unknown, region: unknown): CheckFailure[] {
  if (adopt === undefined || isUnknown(adopt)) return [];
  const problem = adoptNameProblem(kind, adopt, project, region);
  return problem ? [{ property: 'adopt', reason: `adopt: ${JSON.stringify(adopt)} ${problem}` }] : [];
}
