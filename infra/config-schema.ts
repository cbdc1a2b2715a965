// The stack config schema (zod): one entry per key, each with its default and the sentence shown when a value is
// refused. Messages are written to follow "<key>: <bad value> " — they say what the value must be and what is allowed.
// Cross-field rules (hardware combination, names derived from several keys, prod-only rules) live in config.ts.
import { z } from 'zod';
import { ACCELERATOR_TYPES } from './catalog/accelerators';

/** Pulumi `config set --path` stores numbers and booleans as strings unless `--type` is given: accept both forms. */
const fromText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  if (/^-?\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
};

export function intField(min: number, max: number, what: string) {
  const error = `must be ${what}, a whole number; allowed: ${min}..${max}`;
  return z.preprocess(fromText, z.int({ error }).min(min, { error }).max(max, { error }));
}

export function boolField(what: string) {
  return z.preprocess(fromText, z.boolean({ error: `must be ${what}; allowed: true, false` }));
}

// GCP label rules: keys start with a lowercase letter, keys and values use lowercase letters, digits, `_` and `-`
// (international lowercase letters too), at most 63 characters each, at most 64 labels.
// Source: https://cloud.google.com/resource-manager/docs/labels-overview#requirements (checked 2026-11-25).
export const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
export const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
export const MAX_LABELS = 64;

const labelsField = z
  .record(
    z.string().regex(LABEL_KEY, {
      error: 'breaks GCP label-key rules; allowed: keys of 1-63 lowercase letters, digits, "_" or "-", starting with a lowercase letter',
    }),
    z.string({ error: 'is not text; allowed: strings of 0-63 lowercase letters, digits, "_" or "-"' }).regex(LABEL_VALUE, {
      error: 'breaks GCP label-value rules; allowed: 0-63 lowercase letters, digits, "_" or "-"',
    }),
    { error: 'must be a map of label key to value; allowed: e.g. {team: ml, cost-center: "42"}' },
  )
  .default({});

export const STORAGE_CLASSES = ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'] as const;
export const ENVIRONMENTS = ['dev', 'prod'] as const;

const bucketSchema = z.strictObject(
  {
    // Derived from project + namePrefix + suffix when absent (the notebook's PROJECT_ID + "aip-" + UUID, made stable).
    name: z.string({ error: 'must be a bucket name; allowed: 3-63 characters of a-z, 0-9, "-", "_", "."' }).optional(),
    // Defaults to the stack region: Vertex needs input, output and model in the same location.
    location: z.string({ error: 'must be a GCS location; allowed: the stack region or its multi-region' }).optional(),
    storageClass: z.enum(STORAGE_CLASSES, { error: `must be a storage class; allowed: ${STORAGE_CLASSES.join(', ')}` }).default('STANDARD'),
    // No default: deleting prediction outputs is opt-in (never delete data unless asked).
    predictionOutputRetentionDays: intField(1, 3650, 'the age in days after which prediction outputs are deleted').optional(),
    forceDestroy: boolField('whether `pulumi destroy` may delete a non-empty bucket').default(false),
  },
  { error: 'must be a map; allowed keys: name, location, storageClass, predictionOutputRetentionDays, forceDestroy' },
);

export const CANDIDATE_KEYS = ['machineType', 'acceleratorType', 'acceleratorCount', 'startingReplicaCount'] as const;
/** More candidates than this is a list nobody has checked quota for; each one is a job attempt in Vertex. */
export const MAX_CANDIDATES = 8;

// One fallback hardware set for a GPU shortage (issue #12). No region: the model is registered in gcp:region and a
// batch job runs where its model is, so every candidate shares it (config.ts says so when a candidate names one).
export const candidateSchema = z.strictObject(
  {
    machineType: z.string({ error: 'must be a machine type name; allowed: e.g. g2-standard-8' }),
    acceleratorType: z.string({ error: `must be a GPU type; allowed: ${ACCELERATOR_TYPES.join(', ')}` }).optional(),
    acceleratorCount: intField(0, 16, 'the number of GPUs per replica').optional(),
    // Absent = prediction.startingReplicaCount.
    startingReplicaCount: intField(1, 100, 'the replicas the job starts with on this candidate').optional(),
  },
  { error: `must be a map; allowed keys: ${CANDIDATE_KEYS.join(', ')}` },
);

/** A fallback list (prediction.candidates, jobs.<key>.hardware.candidates). */
export const candidatesField = z
  .array(candidateSchema, { error: 'must be a list of {machineType, acceleratorType?, acceleratorCount?, startingReplicaCount?}; allowed: e.g. [{machineType: g2-standard-8, acceleratorType: NVIDIA_L4, acceleratorCount: 1}]' })
  .max(MAX_CANDIDATES, { error: `is too long a fallback list; allowed: at most ${MAX_CANDIDATES} candidates` })
  .optional();

const predictionSchema = z.strictObject(
  {
    // The notebook's DEPLOY_COMPUTE ("n1-standard" + "-4").
    machineType: z.string({ error: 'must be a machine type name; allowed: e.g. n1-standard-4' }).default('n1-standard-4'),
    // None = CPU serving image, as the notebook's default (None, None).
    acceleratorType: z.string({ error: `must be a GPU type; allowed: ${ACCELERATOR_TYPES.join(', ')}` }).optional(),
    acceleratorCount: intField(0, 16, 'the number of GPUs per replica').optional(),
    // Absent = the newest TF version with prebuilt prediction images available today (infra/catalog/images.ts);
    // config.ts checks that images exist for it and are not past their end of availability.
    tfVersion: z
      .string({ error: 'must be a TensorFlow 2 version; allowed: "2.N" e.g. "2.15"' })
      .regex(/^2[.-]\d{1,2}$/, { error: 'must be a TensorFlow 2 version; allowed: "2.N" e.g. "2.15"' })
      .optional(),
    // Vertex's own default is 64, which can run a replica out of memory on large inputs (python-aiplatform#1243).
    batchSize: intField(1, 1024, 'the instances per prediction request').default(64),
    startingReplicaCount: intField(1, 100, 'the replicas a batch job starts with').default(1),
    // Vertex may scale a batch job up to maxReplicaCount (BatchDedicatedResources.max_replica_count, machine_resources.proto;
    // Vertex's own default is 10): always sent; absent = startingReplicaCount, so a job never scales unasked.
    maxReplicaCount: intField(1, 100, 'the replica ceiling').optional(),
    // Tried in order when Vertex has no capacity for the hardware above (quota, stockout); same region.
    candidates: candidatesField,
  },
  { error: 'must be a map; allowed keys: machineType, acceleratorType, acceleratorCount, tfVersion, batchSize, startingReplicaCount, maxReplicaCount, candidates' },
);

export const MODEL_SOURCES = ['real', 'fixture', 'folder'] as const;
export const MODEL_REGISTRATIONS = ['replace', 'version'] as const;

const modelSchema = z.strictObject(
  {
    // real = the official USE lite files (downloaded once, pinned digests); fixture = the offline synthetic-weights
    // copy (dev/offline stacks: exercises the pipeline, embeddings are meaningless); folder = model.folder.
    source: z.enum(MODEL_SOURCES, { error: `must be a model source; allowed: ${MODEL_SOURCES.join(', ')}` }).default('real'),
    folder: z.string({ error: 'must be a path to a USE lite tfjs folder; allowed: a folder holding model.json and the weight shards' }).optional(),
    // Absent = dev keeps the last 3 artifacts, prod keeps every artifact (never delete data unless asked).
    keepArtifacts: intField(1, 100, 'the number of most recent model artifacts kept in the bucket').optional(),
    // replace = a changed artifact registers a new Model (the old one is deleted after its jobs are replaced);
    // version = it is uploaded as a new version under the first registered Model.
    registration: z
      .enum(MODEL_REGISTRATIONS, { error: `must be how a changed artifact is registered; allowed: ${MODEL_REGISTRATIONS.join(', ')}` })
      .default('replace'),
  },
  { error: 'must be a map; allowed keys: source, folder, keepArtifacts, registration' },
);

export const stackConfigSchema = z.strictObject({
  'gcp:project': z
    .string({ error: 'must be the Google Cloud project id; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter' })
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
      error: 'must be the Google Cloud project id; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter',
    }),
  'gcp:region': z.string({ error: 'must be a Vertex AI region; allowed: e.g. us-central1' }),
  // Required on purpose: a prod stack that forgot this key must not silently get dev behaviour (forceDestroy etc.).
  environment: z.enum(ENVIRONMENTS, { error: `must be the environment kind; allowed: ${ENVIRONMENTS.join(', ')}` }),
  // Short so that "<prefix>-batch-<suffix>" fits the 30-character service account id limit.
  namePrefix: z
    .string({ error: 'must be a name prefix; allowed: 1-12 characters of a-z, 0-9, "-", starting with a letter' })
    .regex(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/, {
      error: 'must be a name prefix; allowed: 1-12 characters of a-z, 0-9, "-", starting with a letter, not ending with "-"',
    })
    .default('use'),
  // Absent = derived from project + stack, so re-runs reuse names (the notebook draws a random one each run).
  nameSuffix: z
    .string({ error: 'must be a name suffix; allowed: 1-8 characters of a-z, 0-9' })
    .regex(/^[a-z0-9]{1,8}$/, { error: 'must be a name suffix; allowed: 1-8 characters of a-z, 0-9' })
    .optional(),
  labels: labelsField,
  // The existing account batch jobs run as (the bootstrap creates one per environment and lets only that
  // environment's deployer act as it). Absent = the stack creates `<namePrefix>-batch-<suffix>` itself, which needs
  // a deployer allowed to create service accounts and grant actAs on them (a project Owner deploying by hand).
  jobServiceAccount: z
    .string({ error: 'must be a service account email; allowed: e.g. vertex-jobs-dev@my-embeddings-dev.iam.gserviceaccount.com' })
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/, {
      error: 'must be a user-managed service account email; allowed: <account id>@<project>.iam.gserviceaccount.com',
    })
    .optional(),
  bucket: bucketSchema.default({ storageClass: 'STANDARD', forceDestroy: false }),
  prediction: predictionSchema.default({ machineType: 'n1-standard-4', batchSize: 64, startingReplicaCount: 1 }),
  model: modelSchema.default({ source: 'real', registration: 'replace' }),
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedStackConfig = z.output<typeof stackConfigSchema>;

/** Keys whose values are maps (read from Pulumi as JSON objects). */
export const OBJECT_KEYS = ['labels', 'bucket', 'prediction', 'model', 'jobs', 'adopt'] as const;

function unwrap(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; out?: z.ZodType } } })._zod.def;
  if ((def.type === 'optional' || def.type === 'default') && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.out) return unwrap(def.out);
  return schema;
}

/** Every documented key, dotted for nested maps (`bucket.location`): what the README table must list. */
export function configKeys(schema: z.ZodType = stackConfigSchema, prefix = ''): string[] {
  const inner = unwrap(schema);
  // A map of user-chosen names to maps (jobs): its entries are documented once, under `<key>`.
  if (inner instanceof z.ZodRecord) {
    const value = unwrap((inner as unknown as { _zod: { def: { valueType: z.ZodType } } })._zod.def.valueType);
    return value instanceof z.ZodObject ? configKeys(value, `${prefix}.<key>`) : [prefix];
  }
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape).flatMap(([key, child]) => configKeys(child as z.ZodType, prefix ? `${prefix}.${key}` : key));
}
