// `vertex-embeddings:adopt`: Vertex models and batch jobs made outside Pulumi (by hand, by the reference notebook)
// that the stack takes over instead of creating its own (issue #15; `pulumi import` cannot work for dynamic
// providers). The names reach the resources' `adopt` input (infra/vertex/adoption.ts), which is read on create only.
// Checked here, at preview, before any call: name shapes, the stack's project and region, the stack's job keys.
import { z } from 'zod';
import { show } from './config-hardware';
import { adoptNameProblem } from './vertex/adoption';

const MODEL_NAME = 'projects/PROJECT/locations/REGION/models/ID[@VERSION]';
const JOB_NAME = 'projects/PROJECT/locations/REGION/batchPredictionJobs/ID';

export const adoptSchema = z.strictObject(
  {
    model: z.string({ error: `must be a model resource name; allowed: ${MODEL_NAME}` }).optional(),
    jobs: z
      .record(z.string(), z.string({ error: `must be a batch prediction job resource name; allowed: ${JOB_NAME}` }), {
        error: `must be a map of job key to job resource name; allowed: e.g. {sentences-jsonl: ${JOB_NAME}}`,
      })
      .optional(),
  },
  { error: 'must be a map; allowed keys: model, jobs' },
);
export type ParsedAdopt = z.output<typeof adoptSchema>;

/** What the stack adopts: Vertex resource names, by the resource that takes each over. */
export interface AdoptConfig {
  /** The Model: the pipeline's registration (model.registration replace) or the parent model (version). */
  readonly model?: string;
  /** Job key → batch prediction job. */
  readonly jobs: Readonly<Record<string, string>>;
}

export interface AdoptContext {
  project: string;
  region: string;
  /** The stack's job keys: `jobs` keys, or the notebook's when no jobs are declared. */
  jobKeys: readonly string[];
  registration: 'replace' | 'version';
}

export function deriveAdopt(parsed: ParsedAdopt, ctx: AdoptContext, problems: string[]): AdoptConfig {
  const nameProblem = (path: string, kind: 'model' | 'job', name: string, allowed: string) => {
    const problem = adoptNameProblem(kind, name, ctx.project, ctx.region);
    if (problem) problems.push(`${path}: ${show(name)} ${problem}; allowed: ${allowed}`);
  };
  const stackModel = `projects/${ctx.project}/locations/${ctx.region}/models/ID`;
  if (parsed.model !== undefined) {
    nameProblem('adopt.model', 'model', parsed.model, `${stackModel}[@VERSION]`);
    // With versions, the Model adopted is the parent: the stack then uploads its artifact as a new version under it,
    // as it does on a new stack. A version named here would be a version the stack never uploaded.
    if (ctx.registration === 'version' && parsed.model.includes('@')) {
      problems.push(`adopt.model: ${show(parsed.model)} names a version, but model.registration is version: the stack adopts the parent model and registers its artifact as a new version under it; allowed: ${stackModel}`);
    }
  }
  for (const [key, name] of Object.entries(parsed.jobs ?? {})) {
    if (!ctx.jobKeys.includes(key)) {
      problems.push(`adopt.jobs: key ${JSON.stringify(key)} is not a job of this stack; allowed: ${ctx.jobKeys.join(', ')}`);
      continue;
    }
    nameProblem(`adopt.jobs.${key}`, 'job', name, `projects/${ctx.project}/locations/${ctx.region}/batchPredictionJobs/ID`);
  }
  return { ...(parsed.model === undefined ? {} : { model: parsed.model }), jobs: { ...parsed.jobs } };
}
