// `vertex-embeddings:jobs`: batch jobs as data, per stack (issue #19). The schema (zod) and the rules that need
// more than one field, the region or the disk: exactly one source, a format that fits it, local files and globs
// that exist, foreign bucket locations, BigQuery names, Vertex's InstanceConfig rules, the job's own hardware.
// Every message starts with the config path (`jobs.docs.input.files[0]`). Absent `jobs` = the notebook's two jobs.
import { z } from 'zod';
import { checkHardware } from './catalog/machines';
import { servingImageUri } from './catalog/images';
import { candidateOf, checkCandidates, show, type PredictionCandidate } from './config-hardware';
import { expandFilePattern, shownPath } from './config-job-files';
import { boolField, candidatesField, intField, LABEL_VALUE } from './config-schema';
import { checkGcsUri, checkInstanceConfig, INSTANCE_TYPES, type InstanceConfigInputs } from './vertex/batch-job-inputs';

export const JOB_INPUT_FORMATS = ['jsonl', 'file-list', 'csv', 'tf-record', 'tf-record-gzip', 'bigquery'] as const;
export type JobInputFormat = (typeof JOB_INPUT_FORMATS)[number];
/** Job keys become `<namePrefix>-<key>` display names, `job-<key>` resource names and a `job: <key>` label value. */
export const JOB_KEY = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const JOB_KEY_RULE = '1-40 lowercase letters, digits and "-", starting with a letter, not ending with "-" (the display name is <namePrefix>-<key>)';
/** The policy pack's ceiling for a batch job's completion timeout (3 days). */
export const MAX_COMPLETION_TIMEOUT_SECONDS = 259_200;
const SOURCES = ['files', 'uris', 'table'] as const;
// BigQuery names: https://cloud.google.com/bigquery/docs/datasets#dataset-naming (letters, digits, underscores).
const BQ_TABLE = /^bq:\/\/([a-z][a-z0-9-]{4,28}[a-z0-9])\.(\w{1,1024})\.([\w$-]{1,1024})$/;
const BQ_DATASET = /^(?:bq:\/\/)?([a-z][a-z0-9-]{4,28}[a-z0-9])\.(\w{1,1024})$/;

const inputSchema = z.strictObject(
  {
    format: z.enum(JOB_INPUT_FORMATS, { error: `must be an instances format; allowed: ${JOB_INPUT_FORMATS.join(', ')}` }),
    files: z
      .array(z.string({ error: 'must be a path; allowed: a file or glob relative to the project root' }), {
        error: 'must be a list of local files or globs; allowed: e.g. [data/tickets.jsonl, data/docs/*.txt]',
      })
      .min(1, { error: 'is empty; allowed: at least one local file or glob' })
      .optional(),
    uris: z
      .array(z.string({ error: 'must be a gs:// URI; allowed: gs://BUCKET/PATH (wildcards * allowed)' }), {
        error: 'must be a list of gs:// URIs; allowed: e.g. [gs://other-bucket/corpus/*.jsonl]',
      })
      .min(1, { error: 'is empty; allowed: at least one gs://BUCKET/PATH' })
      .optional(),
    table: z.string({ error: 'must be a BigQuery table; allowed: bq://PROJECT.DATASET.TABLE' }).optional(),
    // Where the bucket of `uris` is (GCS location, e.g. US or US-CENTRAL1): the stack cannot look at a foreign
    // bucket at preview without a call, so this is what it checks against the region.
    location: z.string({ error: 'must be a GCS location; allowed: the stack region or its multi-region' }).optional(),
  },
  { error: 'must be a map; allowed keys: format, files, uris, table, location' },
);

const instanceConfigSchema = z.strictObject(
  {
    instanceType: z.enum(INSTANCE_TYPES, { error: `must be an instance type; allowed: ${INSTANCE_TYPES.join(', ')}` }).optional(),
    keyField: z.string({ error: 'must be a field name; allowed: a field of each input object, e.g. id' }).optional(),
    includedFields: z.array(z.string({ error: 'must be a field name' }), { error: 'must be a list of field names; allowed: e.g. [text]' }).optional(),
    excludedFields: z.array(z.string({ error: 'must be a field name' }), { error: 'must be a list of field names; allowed: e.g. [lang]' }).optional(),
  },
  { error: 'must be a map; allowed keys: instanceType, keyField, includedFields, excludedFields' },
);

const hardwareSchema = z.strictObject(
  {
    machineType: z.string({ error: 'must be a machine type name; allowed: e.g. n1-standard-8' }).optional(),
    acceleratorType: z.string({ error: 'must be a GPU type; allowed: e.g. NVIDIA_TESLA_T4' }).optional(),
    acceleratorCount: intField(0, 16, 'the number of GPUs per replica').optional(),
    startingReplicaCount: intField(1, 100, 'the replicas this job starts with').optional(),
    maxReplicaCount: intField(1, 100, 'the replica ceiling').optional(),
    batchSize: intField(1, 1024, 'the instances per prediction request').optional(),
    candidates: candidatesField,
  },
  { error: 'must be a map; allowed keys: machineType, acceleratorType, acceleratorCount, startingReplicaCount, maxReplicaCount, batchSize, candidates' },
);

const jobSchema = z.strictObject(
  {
    input: inputSchema,
    instanceConfig: instanceConfigSchema.optional(),
    hardware: hardwareSchema.optional(),
    output: z
      .strictObject(
        { bigquery: z.string({ error: 'must be a BigQuery dataset; allowed: PROJECT.DATASET' }).optional() },
        { error: 'must be a map; allowed keys: bigquery' },
      )
      .optional(),
    waitForCompletion: boolField('whether `pulumi up` waits for this job to end').optional(),
    completionTimeoutSeconds: intField(1, MAX_COMPLETION_TIMEOUT_SECONDS, 'how long `pulumi up` waits for this job, in seconds').optional(),
    // Any new value replaces the job (it becomes the job's `rerun` label): how a `uris` job is re-run after its
    // foreign objects changed, which the stack cannot see.
    rerun: z
      .string({ error: 'must be a token; allowed: 0-63 lowercase letters, digits, "_" or "-" (e.g. 2026-12-03)' })
      .regex(LABEL_VALUE, { error: 'must be a token; allowed: 0-63 lowercase letters, digits, "_" or "-" (e.g. 2026-12-03)' })
      .optional(),
  },
  { error: 'must be a map; allowed keys: input, instanceConfig, hardware, output, waitForCompletion, completionTimeoutSeconds, rerun' },
);

export const jobsSchema = z.record(z.string().regex(JOB_KEY, { error: `is not a job key; allowed: ${JOB_KEY_RULE}` }), jobSchema, {
  error: 'must be a map of job key to job; allowed: e.g. {tickets: {input: {format: jsonl, files: [data/tickets.jsonl]}}}',
});
export type ParsedJobs = z.output<typeof jobsSchema>;

/** A local input file: where it is, and how the config (and the bucket path) names it. */
export interface LocalInputFile {
  readonly path: string;
  readonly shown: string;
}

export type JobSource =
  | { readonly kind: 'files'; readonly files: readonly LocalInputFile[] }
  | { readonly kind: 'uris'; readonly uris: readonly string[]; readonly location?: string }
  | { readonly kind: 'table'; readonly table: string };

/** The hardware a job runs on: `jobs.<key>.hardware` over `prediction.*`, with its own serving image. */
export interface JobHardware {
  readonly machineType: string;
  readonly acceleratorType?: string;
  readonly acceleratorCount?: number;
  readonly startingReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly batchSize: number;
  readonly candidates?: readonly PredictionCandidate[];
  readonly gpu: boolean;
  readonly servingImageUri: string;
}

export interface ConfigJob {
  readonly key: string;
  readonly format: JobInputFormat;
  readonly source: JobSource;
  readonly instanceConfig?: InstanceConfigInputs;
  readonly hardware: JobHardware;
  /** Vertex writes a predictions table into this dataset instead of files under predictions/<key>. */
  readonly bigqueryOutput?: { readonly project: string; readonly dataset: string };
  readonly waitForCompletion: boolean;
  readonly completionTimeoutSeconds?: number;
  readonly rerun?: string;
}

export interface JobsContext {
  region: string;
  regionKnown: boolean;
  /** GCS locations Vertex in the region reads from: the region and its multi-region. */
  allowedLocations: readonly string[];
  tfVersion: string;
  prediction: Omit<JobHardware, 'servingImageUri' | 'gpu'>;
  /** Local files and globs are relative to it. */
  projectRoot: string;
}

export function deriveJobs(parsed: ParsedJobs, ctx: JobsContext, problems: string[]): ConfigJob[] {
  return Object.entries(parsed).map(([key, job]) => deriveJob(key, job, ctx, problems));
}

function deriveJob(key: string, job: ParsedJobs[string], ctx: JobsContext, problems: string[]): ConfigJob {
  const path = `jobs.${key}`;
  const source = deriveSource(path, job.input, ctx, problems);
  if (job.instanceConfig) {
    problems.push(...checkInstanceConfig(job.instanceConfig, job.input.format).map((f) => `${path}.${f.reason}`));
  }
  const bigqueryOutput = job.output ? deriveOutput(path, job.output.bigquery, problems) : undefined;
  const hardware = deriveHardware(`${path}.hardware.`, job.hardware, ctx, problems);
  return {
    key,
    format: job.input.format,
    source,
    ...(job.instanceConfig ? { instanceConfig: job.instanceConfig } : {}),
    hardware,
    ...(bigqueryOutput ? { bigqueryOutput } : {}),
    waitForCompletion: job.waitForCompletion ?? true,
    ...(job.completionTimeoutSeconds === undefined ? {} : { completionTimeoutSeconds: job.completionTimeoutSeconds }),
    ...(job.rerun === undefined ? {} : { rerun: job.rerun }),
  };
}

function deriveSource(path: string, input: ParsedJobs[string]['input'], ctx: JobsContext, problems: string[]): JobSource {
  const given = SOURCES.filter((name) => input[name] !== undefined);
  if (given.length !== 1) {
    problems.push(
      given.length === 0
        ? `${path}.input: no source; allowed: exactly one of files (local files or globs), uris (gs:// objects), table (bq://PROJECT.DATASET.TABLE)`
        : `${path}.input: has ${given.join(' and ')}; allowed: exactly one of files, uris, table`,
    );
  }
  const format = input.format;
  if (input.table !== undefined && format !== 'bigquery') {
    problems.push(`${path}.input.format: ${show(format)} does not read a BigQuery table (input.table); allowed with table: bigquery`);
  }
  if ((input.files !== undefined || input.uris !== undefined) && format === 'bigquery') {
    problems.push(`${path}.input.format: "bigquery" reads input.table, not files; allowed with ${input.files ? 'files' : 'uris'}: ${JOB_INPUT_FORMATS.filter((f) => f !== 'bigquery').join(', ')}`);
  }
  if (input.location !== undefined && input.uris === undefined) {
    problems.push(`${path}.input.location: ${show(input.location)} describes the bucket of input.uris, and this job has none; allowed: remove it`);
  }

  if (input.files !== undefined) {
    const files: LocalInputFile[] = [];
    input.files.forEach((pattern, n) => {
      const expanded = expandFilePattern(ctx.projectRoot, pattern);
      if ('problem' in expanded) problems.push(`${path}.input.files[${n}]: ${show(pattern)} ${expanded.problem}`);
      else for (const file of expanded.files) if (!files.some((f) => f.path === file)) files.push({ path: file, shown: shownPath(ctx.projectRoot, file) });
    });
    return { kind: 'files', files };
  }
  if (input.uris !== undefined) {
    input.uris.forEach((uri, n) => problems.push(...checkGcsUri(`${path}.input.uris[${n}]`, uri, true)));
    const location = input.location?.toUpperCase();
    if (location !== undefined && ctx.regionKnown && !ctx.allowedLocations.includes(location)) {
      problems.push(`${path}.input.location: ${show(input.location)} is not where Vertex AI in ${ctx.region} reads inputs (input, output and model share a location); allowed: ${ctx.allowedLocations.join(', ')}`);
    }
    return { kind: 'uris', uris: input.uris, ...(location ? { location } : {}) };
  }
  const table = input.table ?? '';
  if (input.table !== undefined && !BQ_TABLE.test(table)) {
    problems.push(`${path}.input.table: ${show(table)} is not a BigQuery table URI; allowed: bq://PROJECT.DATASET.TABLE (letters, digits, "_" in the dataset)`);
  }
  return { kind: 'table', table };
}

function deriveOutput(path: string, bigquery: string | undefined, problems: string[]): ConfigJob['bigqueryOutput'] {
  if (bigquery === undefined) {
    problems.push(`${path}.output: empty; allowed: bigquery: PROJECT.DATASET, or no output (predictions go to gs://BUCKET/predictions/<key>)`);
    return undefined;
  }
  const match = BQ_DATASET.exec(bigquery);
  if (!match) {
    const table = /^(?:bq:\/\/)?[^.]+\.[^.]+\.[^.]+$/.test(bigquery);
    problems.push(
      table
        ? `${path}.output.bigquery: ${show(bigquery)} names a table; Vertex creates its own predictions table in the dataset; allowed: PROJECT.DATASET`
        : `${path}.output.bigquery: ${show(bigquery)} is not a BigQuery dataset; allowed: PROJECT.DATASET (project id, then letters, digits, "_")`,
    );
    return undefined;
  }
  return { project: match[1]!, dataset: match[2]! };
}

function deriveHardware(prefix: string, own: ParsedJobs[string]['hardware'], ctx: JobsContext, problems: string[]): JobHardware {
  const p = ctx.prediction;
  const h = own ?? {};
  // Naming a machine replaces the stack's machine, GPU and fallback list together: the stack's candidates were
  // chosen for its own hardware. Replica counts and batch size fall back one by one.
  const ownsMachine = h.machineType !== undefined;
  for (const field of ['acceleratorType', 'acceleratorCount', 'candidates'] as const) {
    if (!ownsMachine && h[field] !== undefined) {
      problems.push(`${prefix}machineType: missing, but ${prefix}${field} is set; a job's hardware names its machine with its GPU and candidates; allowed: e.g. {machineType: n1-standard-8, acceleratorType: NVIDIA_TESLA_T4, acceleratorCount: 1}`);
    }
  }
  const machine = ownsMachine
    ? { machineType: h.machineType!, acceleratorType: h.acceleratorType || undefined, acceleratorCount: h.acceleratorType ? h.acceleratorCount : undefined, candidates: h.candidates }
    : { machineType: p.machineType, acceleratorType: p.acceleratorType, acceleratorCount: p.acceleratorCount, candidates: p.candidates };
  const startingReplicaCount = h.startingReplicaCount ?? p.startingReplicaCount;
  const maxReplicaCount = h.maxReplicaCount ?? Math.max(p.maxReplicaCount, startingReplicaCount);
  if (maxReplicaCount < startingReplicaCount) {
    problems.push(`${prefix}maxReplicaCount: ${maxReplicaCount} is below the job's startingReplicaCount (${startingReplicaCount}); allowed: ${startingReplicaCount}..100`);
  }
  const gpu = machine.acceleratorType !== undefined;
  if (own && ownsMachine) {
    problems.push(...checkHardware({ ...machine, region: ctx.region }, prefix).filter((m) => !m.startsWith(`${prefix}region:`)));
    problems.push(...checkCandidates(machine.candidates ?? [], { region: ctx.region, gpu, maxReplicaCount, prefix }));
  }
  return {
    machineType: machine.machineType,
    ...(gpu ? { acceleratorType: machine.acceleratorType, acceleratorCount: machine.acceleratorCount } : {}),
    startingReplicaCount,
    maxReplicaCount,
    batchSize: h.batchSize ?? p.batchSize,
    ...(machine.candidates?.length ? { candidates: machine.candidates.map(candidateOf) } : {}),
    gpu,
    servingImageUri: ctx.regionKnown ? servingImageUri(ctx.region, ctx.tfVersion, gpu) : '',
  };
}
