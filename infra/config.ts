// Stack configuration: read once from Pulumi, validated once, returned as one typed value that every other module
// receives. Every refusal is a ConfigError whose lines name the config key, the bad value and what is allowed,
// raised before any resource is registered.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { checkHardware } from './catalog/machines';
import { candidateOf, checkCandidates, show, type PredictionCandidate } from './config-hardware';
import { checkTfVersion, newestTfVersion, servingImageUri } from './catalog/images';
import { findRegion, VERTEX_REGION_IDS } from './catalog/regions';
import { namespaceProblems } from './config-namespaces';
import { CANDIDATE_KEYS, configKeys as schemaKeys, MAX_LABELS, OBJECT_KEYS, stackConfigSchema, type ParsedStackConfig } from './config-schema';
import { deriveJobs, jobsSchema, type ConfigJob, type ParsedJobs } from './config-jobs';
import { projectRoot } from './config-job-files';
import { adoptSchema, deriveAdopt, type AdoptConfig, type ParsedAdopt } from './config-adopt';
import { NOTEBOOK_JOBS } from '../jobs/notebook-jobs';

/** Every documented key, dotted for nested maps (`bucket.location`, `jobs.<key>.input.format`). */
export const configKeys = (): string[] => [...schemaKeys(), ...schemaKeys(jobsSchema, 'jobs'), ...schemaKeys(adoptSchema, 'adopt')];

/** Objects under this prefix are batch prediction outputs; the retention lifecycle rule matches it and nothing else. */
export const PREDICTION_OUTPUT_PREFIX = 'predictions/';
/** Model artifacts a dev stack keeps in its bucket unless model.keepArtifacts says otherwise (enough to roll back). */
export const DEV_KEPT_ARTIFACTS = 3;
/** The app label every resource carries, so costs and leftovers can be found by label. */
export const APP_LABEL = 'vertex-embeddings';

export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    stack: string,
  ) {
    super(`Invalid stack config for stack "${stack}" (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface StackConfig {
  readonly project: string;
  readonly region: string;
  readonly stack: string;
  readonly environment: 'dev' | 'prod';
  readonly isProd: boolean;
  readonly names: {
    readonly prefix: string;
    /** Deterministic per project+stack unless `nameSuffix` is set; appended to every cloud name. */
    readonly suffix: string;
    readonly bucket: string;
    readonly serviceAccountId: string;
  };
  /** Email of an existing account the jobs run as (config jobServiceAccount); absent = the stack creates one. */
  readonly jobServiceAccount?: string;
  /** App defaults merged with the configured labels; put on every labelled resource. */
  readonly labels: Readonly<Record<string, string>>;
  readonly bucket: {
    readonly name: string;
    readonly location: string;
    readonly storageClass: string;
    readonly predictionOutputPrefix: string;
    readonly predictionOutputRetentionDays?: number;
    readonly forceDestroy: boolean;
    readonly versioning: boolean;
    readonly protect: boolean;
  };
  /** Where the SavedModel comes from and how its artifacts are kept and registered (issue #9). */
  readonly model: {
    readonly source: 'real' | 'fixture' | 'folder';
    /** Absolute path; only for source = folder. */
    readonly folder?: string;
    /** How many most recent artifacts stay in the bucket; undefined = all (prod default). */
    readonly keepArtifacts?: number;
    readonly registration: 'replace' | 'version';
  };
  /** Defaults for the batch prediction jobs (providers' VertexModel / BatchPredictionJob inputs). */
  readonly prediction: {
    readonly machineType: string;
    readonly acceleratorType?: string;
    readonly acceleratorCount?: number;
    readonly tfVersion: string;
    readonly gpu: boolean;
    readonly servingImageUri: string;
    readonly batchSize: number;
    readonly startingReplicaCount: number;
    readonly maxReplicaCount: number;
    /** Fallback hardware in order (same region); absent when none is configured. */
    readonly candidates?: readonly PredictionCandidate[];
  };
  /** `jobs`: the stack's own batch jobs; absent = the reference notebook's two jobs (jobs/notebook-jobs.ts). */
  readonly jobs?: readonly ConfigJob[];
  /** `adopt`: models and jobs made outside Pulumi that the stack takes over on create (./config-adopt.ts). */
  readonly adopt: AdoptConfig;
}

export interface ParseOptions {
  /** Local job input files and globs are relative to it; default: the folder holding Pulumi.yaml. */
  projectRoot?: string;
  /** The date the serving images' end of availability is checked against (injected by tests). */
  today?: Date;
  /** Where warnings go (an image close to its end of availability); Pulumi's warning log in readStackConfig. */
  warn?: (message: string) => void;
}

export type { PredictionCandidate } from './config-hardware';

/** `raw` holds config values keyed as in the stack file without the project namespace (`gcp:` keys keep theirs). */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>, stack: string, options: ParseOptions = {}): StackConfig {
  // Other providers' keys (gcp:zone, gcp:credentials as a secret, ...) belong to them, not to this schema.
  const own = Object.fromEntries(Object.entries(raw).filter(([key]) => !key.includes(':') || key === 'gcp:project' || key === 'gcp:region'));
  // `jobs` and `adopt` have their own schemas (infra/config-jobs.ts, config-adopt.ts); their issues carry their full
  // path, as every other key's.
  const { jobs: rawJobs, adopt: rawAdopt, ...rest } = own;
  const parsed = stackConfigSchema.safeParse(rest);
  const parsedJobs = rawJobs === undefined ? undefined : jobsSchema.safeParse(rawJobs);
  const parsedAdopt = adoptSchema.safeParse(rawAdopt ?? {});
  const under = (key: string, found: readonly z.core.$ZodIssue[] = []) => found.map((issue) => ({ ...issue, path: [key, ...issue.path] }) as z.core.$ZodIssue);
  const issues = [...(parsed.error?.issues ?? []), ...under('jobs', parsedJobs?.error?.issues), ...under('adopt', parsedAdopt.error?.issues)];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues.flatMap((issue) => describeIssue(issue, own)), stack);
  const problems: string[] = [];
  const config = derive(parsed.data, stack, problems, { jobs: parsedJobs?.data, adopt: parsedAdopt.data! }, options.projectRoot ?? projectRoot(), {
    today: options.today ?? new Date(),
    warn: options.warn ?? (() => undefined),
  });
  if (problems.length > 0) throw new ConfigError(problems, stack);
  return config;
}

/** Reads every config value of this project (and gcp:project/region) once and validates it. */
export function readStackConfig(): StackConfig {
  const stack = pulumi.getStack();
  const namespace = `${pulumi.getProject()}:`;
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  const all = pulumi.runtime.allConfig();
  problems.push(...namespaceProblems(Object.keys(all), pulumi.getProject()));
  for (const [key, value] of Object.entries(all)) {
    if (key === 'gcp:project' || key === 'gcp:region') raw[key] = value;
    else if (key.startsWith(namespace)) raw[key.slice(namespace.length)] = parseObject(key.slice(namespace.length), value, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems, stack);
  return parseStackConfig(raw, stack, { warn: (message) => void pulumi.log.warn(message) });
}

function parseObject(key: string, text: string, problems: string[]): unknown {
  if (!(OBJECT_KEYS as readonly string[]).includes(key)) return text;
  try {
    return JSON.parse(text);
  } catch {
    problems.push(`${key}: ${JSON.stringify(text)} is not a map; allowed: a YAML map under ${key}, or \`pulumi config set --path ${key}.<field> <value>\``);
    return undefined;
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), raw);
}

/** `prediction.candidates[1].machineType`: list indexes in brackets, as a user writes the path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, n) => (typeof part === 'number' ? `[${part}]` : `${n === 0 ? '' : '.'}${String(part)}`)).join('');
}

const REGIONAL_MODEL =
  'a candidate runs in gcp:region: the model is registered there and Vertex runs a batch job in its model\'s region (models are regional); for another region, use a stack with that gcp:region';

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const key = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys' && typeof issue.path[issue.path.length - 1] === 'number') {
    // Inside a list (prediction.candidates[n]): the allowed keys are the candidate's.
    return issue.keys.map((k) =>
      k === 'region'
        ? `${key}.region: ${show(valueAt(raw, [...issue.path, k]))} is not allowed: ${REGIONAL_MODEL}; allowed keys: ${CANDIDATE_KEYS.join(', ')}`
        : `${key}.${k}: unknown config key; allowed: ${CANDIDATE_KEYS.join(', ')}`,
    );
  }
  if (issue.code === 'unrecognized_keys') {
    // Keys inside one job are documented under jobs.<key>.
    const documented = key.replace(/^jobs\.[^.]+/, 'jobs.<key>');
    const under = configKeys().filter((k) => (key ? k.startsWith(`${documented}.`) : true)).map((k) => (key ? k.slice(documented.length + 1) : k));
    // A job's keys are listed one level deep; the top level lists `jobs` once.
    const known = [...new Set(under.map((k) => (key.startsWith('jobs') || k.startsWith('jobs.') ? k.split('.')[0]! : k)))];
    return issue.keys.map((k) => `${key ? `${key}.` : ''}${k}: unknown config key; allowed: ${known.join(', ')}`);
  }
  if (issue.code === 'invalid_key') {
    const [parent] = issue.path;
    const badKey = issue.path[issue.path.length - 1];
    return issue.issues.map((inner) => `${String(parent)}: key ${JSON.stringify(badKey)} ${inner.message}`);
  }
  return [`${key}: ${show(valueAt(raw, issue.path))} ${issue.message}`];
}

/** 6 hex characters of sha256(project/stack): stable across runs, distinct across stacks and projects. */
export function deterministicSuffix(project: string, stack: string): string {
  return createHash('sha256').update(`${project}/${stack}`).digest('hex').slice(0, 6);
}

// Bucket naming rules: https://cloud.google.com/storage/docs/buckets#naming (checked 2026-11-25).
function bucketNameProblem(name: string): string | undefined {
  const allowed = 'allowed: 3-63 characters of a-z, 0-9, "-", "_", ".", starting and ending with a letter or digit, not starting with "goog", not containing "google"';
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; ${allowed}`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) return `has characters GCS does not accept in bucket names; ${allowed}`;
  if (name.startsWith('goog') || /g(o|0)(o|0)gle/.test(name)) return `is reserved by Google; ${allowed}`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `is shaped like an IP address, which GCS refuses as a bucket name; ${allowed}, not an IP address in dotted-decimal notation`;
  return undefined;
}

function multiRegionOf(region: string): string | undefined {
  const continent = region.split('-')[0];
  return ({ us: 'US', europe: 'EU', asia: 'ASIA' } as Record<string, string>)[continent!];
}

function stackLabel(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
}

function derive(
  c: ParsedStackConfig,
  stack: string,
  problems: string[],
  own: { jobs: ParsedJobs | undefined; adopt: ParsedAdopt },
  root: string,
  dated: { today: Date; warn: (message: string) => void },
): StackConfig {
  const project = c['gcp:project'];
  const region = c['gcp:region'];
  const isProd = c.environment === 'prod';
  const regionKnown = findRegion(region) !== undefined;
  if (!regionKnown) problems.push(`gcp:region: ${show(region)} is not a Vertex AI region; allowed: ${VERTEX_REGION_IDS.join(', ')}`);

  const p = c.prediction;
  const hardware = checkHardware(
    { machineType: p.machineType, acceleratorType: p.acceleratorType, acceleratorCount: p.acceleratorCount, region },
    'prediction.',
  );
  // The region is reported once, as gcp:region, above.
  problems.push(...hardware.filter((m) => !m.startsWith('prediction.region:')));
  const maxReplicaCount = p.maxReplicaCount ?? p.startingReplicaCount;
  if (maxReplicaCount < p.startingReplicaCount) {
    problems.push(`prediction.maxReplicaCount: ${maxReplicaCount} is below prediction.startingReplicaCount (${p.startingReplicaCount}); allowed: ${p.startingReplicaCount}..100`);
  }
  const gpu = p.acceleratorType !== undefined && p.acceleratorType !== '';
  const tfVersion = p.tfVersion ?? newestTfVersion(dated.today);
  const image = checkTfVersion(tfVersion, dated.today);
  if (image.problem) problems.push(image.problem);
  if (image.warning) dated.warn(image.warning);
  problems.push(...checkCandidates(p.candidates ?? [], { region, gpu, maxReplicaCount, prefix: 'prediction.' }));

  const suffix = c.nameSuffix ?? deterministicSuffix(project, stack);
  const bucketName = c.bucket.name ?? `${project}-${c.namePrefix}-${suffix}`;
  const bucketProblem = bucketNameProblem(bucketName);
  if (bucketProblem) {
    const origin = c.bucket.name === undefined ? ' (derived from gcp:project, namePrefix and the name suffix; set bucket.name or a shorter namePrefix)' : '';
    problems.push(`bucket.name: ${show(bucketName)}${origin} ${bucketProblem}`);
  }
  const allowedLocations = regionKnown ? [region.toUpperCase(), multiRegionOf(region)].filter((l): l is string => l !== undefined) : [];
  const location = (c.bucket.location ?? region).toUpperCase();
  if (regionKnown && !allowedLocations.includes(location)) {
    problems.push(`bucket.location: ${show(c.bucket.location)} is not where Vertex AI in ${region} can read and write; allowed: ${allowedLocations.join(', ')}`);
  }
  if (isProd && c.bucket.forceDestroy) {
    problems.push('bucket.forceDestroy: true is not allowed when environment is prod (it lets `pulumi destroy` delete data); allowed: false');
  }

  // The policy pack and cost reports read these: a configured label may not override them (labels.environment: dev
  // on a prod stack would otherwise relabel its bucket and jobs).
  const ownLabels = { app: APP_LABEL, environment: c.environment, stack: stackLabel(stack), 'managed-by': 'pulumi' };
  for (const key of Object.keys(c.labels).filter((k) => k in ownLabels)) {
    problems.push(`labels.${key}: ${show(c.labels[key])} is set by the stack itself; allowed: any other label key (not ${Object.keys(ownLabels).join(', ')})`);
  }
  const labels = { ...c.labels, ...ownLabels };
  if (c.jobServiceAccount !== undefined && !c.jobServiceAccount.endsWith(`@${project}.iam.gserviceaccount.com`)) {
    problems.push(`jobServiceAccount: ${show(c.jobServiceAccount)} belongs to another project; allowed: an account of gcp:project (…@${project}.iam.gserviceaccount.com)`);
  }
  if (Object.keys(labels).length > MAX_LABELS) {
    problems.push(`labels: ${Object.keys(c.labels).length} labels plus 4 defaults exceed the GCP limit; allowed: at most ${MAX_LABELS - 4} configured labels`);
  }

  const m = c.model;
  if (m.source === 'folder' && (m.folder === undefined || m.folder === '')) {
    problems.push('model.folder: missing, but model.source is folder; allowed: a path to a USE lite tfjs folder (model.json, group1-shard*of7, vocab.json)');
  }
  if (m.source !== 'folder' && m.folder !== undefined) {
    problems.push(`model.folder: ${show(m.folder)} is set but model.source is ${m.source}; allowed: omit model.folder, or set model.source to folder`);
  }
  const keepArtifacts = m.keepArtifacts ?? (isProd ? undefined : DEV_KEPT_ARTIFACTS);

  const jobs = own.jobs && deriveJobs(own.jobs, {
    region,
    regionKnown,
    allowedLocations,
    tfVersion,
    prediction: {
      machineType: p.machineType,
      ...(gpu ? { acceleratorType: p.acceleratorType, acceleratorCount: p.acceleratorCount } : {}),
      startingReplicaCount: p.startingReplicaCount,
      maxReplicaCount,
      batchSize: p.batchSize,
      ...(p.candidates?.length ? { candidates: p.candidates.map(candidateOf) } : {}),
    },
    projectRoot: root,
  }, problems);
  const adopt = deriveAdopt(own.adopt, {
    project,
    region,
    jobKeys: own.jobs ? Object.keys(own.jobs) : NOTEBOOK_JOBS.map((job) => job.key),
    registration: m.registration,
  }, problems);

  return {
    project,
    region,
    stack,
    environment: c.environment,
    isProd,
    names: { prefix: c.namePrefix, suffix, bucket: bucketName, serviceAccountId: `${c.namePrefix}-batch-${suffix}` },
    ...(c.jobServiceAccount === undefined ? {} : { jobServiceAccount: c.jobServiceAccount }),
    labels,
    bucket: {
      name: bucketName,
      location,
      storageClass: c.bucket.storageClass,
      predictionOutputPrefix: PREDICTION_OUTPUT_PREFIX,
      ...(c.bucket.predictionOutputRetentionDays === undefined ? {} : { predictionOutputRetentionDays: c.bucket.predictionOutputRetentionDays }),
      forceDestroy: c.bucket.forceDestroy,
      versioning: isProd,
      protect: isProd,
    },
    model: {
      source: m.source,
      ...(m.source === 'folder' && m.folder ? { folder: resolve(m.folder) } : {}),
      ...(keepArtifacts === undefined ? {} : { keepArtifacts }),
      registration: m.registration,
    },
    prediction: {
      machineType: p.machineType,
      // Absent rather than undefined when CPU-only, so stack outputs and provider inputs carry no empty keys.
      ...(gpu ? { acceleratorType: p.acceleratorType, acceleratorCount: p.acceleratorCount } : {}),
      tfVersion,
      gpu,
      servingImageUri: regionKnown && !image.problem ? servingImageUri(region, tfVersion, gpu) : '',
      batchSize: p.batchSize,
      startingReplicaCount: p.startingReplicaCount,
      maxReplicaCount,
      ...(p.candidates?.length ? { candidates: p.candidates.map(candidateOf) } : {}),
    },
    ...(jobs ? { jobs } : {}),
    adopt,
  };
}
