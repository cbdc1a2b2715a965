// Bootstrap config: which repository may deploy (by numeric id), which stacks exist and in which project each lives.
// Validated once; every refusal names the key, the bad value and what is allowed.
import { z } from 'zod';

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
      z.strictObject({ project: projectField('the stack deploys into') }, { error: 'must be a map; allowed keys: project' }),
      { error: 'must be a map of stack name to {project}; allowed: e.g. {dev: {project: my-embeddings-dev}, prod: {project: my-embeddings-prod}}' },
    )
    .refine((stacks) => Object.keys(stacks).length > 0, { error: 'must name at least one stack; allowed: e.g. {dev: {project: my-embeddings-dev}}' }),
  poolId: z.string().regex(WIF_ID, { error: 'must be a pool id; allowed: 4-32 characters of a-z, 0-9, "-", not starting with "gcp-"' }).default('github'),
  providerId: z.string().regex(WIF_ID, { error: 'must be a provider id; allowed: 4-32 characters of a-z, 0-9, "-", not starting with "gcp-"' }).default('github-actions'),
});

export type BootstrapConfig = z.output<typeof bootstrapSchema>;

export class BootstrapConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid bootstrap config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BootstrapConfigError';
  }
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
      if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown config key; allowed: ${Object.keys(bootstrapSchema.shape).join(', ')}`;
      // A bad map key (a stack name): say which key and why, not the whole map's shape.
      if (issue.code === 'invalid_key') return `${issue.path.slice(0, -1).map(String).join('.')}: key ${JSON.stringify(issue.path.at(-1))} ${issue.issues[0]?.message ?? issue.message}`;
      return `${key}: ${value === undefined ? 'missing,' : JSON.stringify(value)} ${issue.message}`;
    }),
  );
}
