// Bootstrap config: which repository may deploy (by numeric id), which stacks exist and in which project each lives.
// Validated once; every refusal names the key, the bad value and what is allowed.
import { z } from 'zod';
import { stateBucketName } from './state';

const GITHUB_REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
// Workload identity pool / provider ids: 4-32 characters of a-z, 0-9, "-" (the gcp- prefix is reserved).
const WIF_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
// A stack name that is also the GitHub environment its deploy job runs in, and the end of service account ids
// ("gh-deploy-<stack>" must fit the 30-character limit).
const STACK = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

const projectField = (what: string) =>
  z.string({ error: `must be the Google Cloud project id ${what}; allowed: e.g. my-embeddings-dev` }).regex(PROJECT_ID, {
    error: `must be the Google Cloud project id ${what}; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter`,
  });

const numericIdField = (claim: string, where: string) =>
  z.string({ error: `must be the numeric ${claim} (GitHub OIDC claim); allowed: digits, e.g. "123456789", from ${where}` }).regex(NUMERIC_ID, {
    error: `must be the numeric ${claim} (GitHub OIDC claim); allowed: digits, e.g. "123456789", from ${where}`,
  });

// Opt-in rights for the data a stack's jobs read and write (./data-access.ts; why each is needed: ./roles.ts).
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const TABLE_URI = /^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9]\.[A-Za-z0-9_]{1,1024}\.[^.\s]+$/;
const foreignBucketShape = {
  bucket: z.string().regex(BUCKET, { error: 'must be a bucket name; allowed: 3-222 characters of a-z, 0-9, ".", "_", "-", e.g. other-bucket' }),
  project: projectField('that owns the bucket'),
};
const stackDataAccessShape = {
  bigquery: z.boolean({ error: 'must be true or false; allowed: true when the stack has BigQuery jobs (it enables the API and lets the deployer manage the output dataset and table grants in the stack project)' }).default(false),
  foreignBuckets: z
    .array(z.strictObject(foreignBucketShape, { error: 'must be {bucket, project}; allowed: e.g. {bucket: other-bucket, project: other-project}' }), {
      error: 'must be a list of {bucket, project}; allowed: e.g. [{bucket: other-bucket, project: other-project}]',
    })
    .default([]),
  foreignTables: z
    .array(z.string().regex(TABLE_URI, { error: 'must be a BigQuery table URI; allowed: bq://PROJECT.DATASET.TABLE' }), {
      error: 'must be a list of table URIs; allowed: e.g. [bq://other-project.analytics.sentences]',
    })
    .default([]),
};

export const bootstrapSchema = z.strictObject({
  // The project that holds what CI itself needs: the identity pool, the CI service accounts, state and keys.
  'gcp:project': projectField('for the pool, the CI accounts, the state bucket and the keys'),
  'gcp:region': z.string({ error: 'must be a region for the state bucket and keys; allowed: e.g. us-central1' }).regex(/^[a-z]+-[a-z]+\d$/, {
    error: 'must be a region for the state bucket and keys; allowed: e.g. us-central1',
  }),
  githubRepository: z.string({ error: 'must be the repository as owner/name; allowed: e.g. my-org/vertex-embeddings' }).regex(GITHUB_REPOSITORY, {
    error: 'must be the repository as owner/name; allowed: e.g. my-org/vertex-embeddings',
  }),
  // Names can be re-registered after a repository or owner is deleted; these ids cannot.
  githubRepositoryId: numericIdField('repository_id', '`gh api repos/OWNER/NAME --jq .id`'),
  githubRepositoryOwnerId: numericIdField('repository_owner_id', '`gh api repos/OWNER/NAME --jq .owner.id`'),
  // One entry per product stack: its name is the GitHub environment that deploys it, its project where it lives.
  stacks: z
    .record(
      z.string().regex(STACK, { error: 'is not a stack name; allowed: 2-20 characters of a-z, 0-9, "-", starting with a letter (it names the GitHub environment)' }),
      z.strictObject(
        {
          project: projectField('the stack deploys into'),
          ...stackDataAccessShape,
        },
        { error: `must be a map; allowed keys: project, ${Object.keys(stackDataAccessShape).join(', ')}` },
      ),
      { error: 'must be a map of stack name to {project}; allowed: e.g. {dev: {project: my-embeddings-dev}, prod: {project: my-embeddings-prod}}' },
    )
    .refine((stacks) => Object.keys(stacks).length > 0, { error: 'must name at least one stack; allowed: e.g. {dev: {project: my-embeddings-dev}}' }),
  poolId: z.string().regex(WIF_ID, { error: 'must be a pool id; allowed: 4-32 characters of a-z, 0-9, "-", not starting with "gcp-"' }).default('github'),
  providerId: z.string().regex(WIF_ID, { error: 'must be a provider id; allowed: 4-32 characters of a-z, 0-9, "-", not starting with "gcp-"' }).default('github-actions'),
}).superRefine((config, ctx) => {
  // setIamPolicy on the state bucket would let a deployer grant itself every stack's state.
  const state = stateBucketName(config['gcp:project']);
  for (const [stack, { foreignBuckets }] of Object.entries(config.stacks)) {
    foreignBuckets.forEach(({ bucket }, n) => {
      if (bucket === state) ctx.addIssue({ code: 'custom', path: ['stacks', stack, 'foreignBuckets', n, 'bucket'], message: 'is the Pulumi state bucket; allowed: a bucket the stack\'s jobs read, never the state bucket' });
    });
  }
});

export type BootstrapConfig = z.output<typeof bootstrapSchema>;

export class BootstrapConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid bootstrap config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BootstrapConfigError';
  }
}

// The keys of the map at `path` (a misspelt `bigQuery` in a stack entry is named with that entry's keys, not the top level's).
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  if (path[0] === 'stacks' && path.length === 2) return ['project', ...Object.keys(stackDataAccessShape)];
  if (path[0] === 'stacks' && path[2] === 'foreignBuckets') return Object.keys(foreignBucketShape);
  return Object.keys(bootstrapSchema.shape);
}

/** `raw`: config values without the project namespace (`gcp:` keys keep theirs); maps may arrive as JSON text. */
export function parseBootstrapConfig(raw: Readonly<Record<string, unknown>>): BootstrapConfig {
  const input = { ...raw };
  if (typeof input.stacks === 'string') {
    try {
      input.stacks = JSON.parse(input.stacks);
    } catch {
      // left as text: the schema reports it with the allowed form
    }
  }
  const parsed = bootstrapSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new BootstrapConfigError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.');
      const value = issue.path.reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k] : undefined), input);
      if (issue.code === 'unrecognized_keys') {
        const where = issue.path.length ? `${key}.` : '';
        return `${issue.keys.map((k) => where + k).join(', ')}: unknown config key; allowed: ${allowedKeysAt(issue.path).join(', ')}`;
      }
      // A bad map key (a stack name): say which key and why, not the whole map's shape.
      if (issue.code === 'invalid_key') return `${issue.path.slice(0, -1).map(String).join('.')}: key ${JSON.stringify(issue.path.at(-1))} ${issue.issues[0]?.message ?? issue.message}`;
      return `${key}: ${value === undefined ? 'missing,' : JSON.stringify(value)} ${issue.message}`;
    }),
  );
}
