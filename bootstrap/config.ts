// Bootstrap config: which repository may deploy, from which GitHub environments, and the ids to create.
// Validated once; every refusal names the key, the bad value and what is allowed.
import { z } from 'zod';

const GITHUB_REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
// Workload identity pool / provider ids: 4-32 characters of a-z, 0-9, "-" (the gcp- prefix is reserved).
const WIF_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;
const ENVIRONMENT = /^[A-Za-z0-9_.-]{1,255}$/;

export const bootstrapSchema = z.strictObject({
  'gcp:project': z.string({ error: 'must be the Google Cloud project id; allowed: e.g. my-embeddings-dev' }).regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
    error: 'must be the Google Cloud project id; allowed: 6-30 characters of a-z, 0-9, "-", starting with a letter',
  }),
  'gcp:region': z.string({ error: 'must be a region for the state bucket and key; allowed: e.g. us-central1' }).regex(/^[a-z]+-[a-z]+\d$/, {
    error: 'must be a region for the state bucket and key; allowed: e.g. us-central1',
  }),
  githubRepository: z.string({ error: 'must be the repository as owner/name; allowed: e.g. my-org/vertex-embeddings' }).regex(GITHUB_REPOSITORY, {
    error: 'must be the repository as owner/name; allowed: e.g. my-org/vertex-embeddings',
  }),
  deployEnvironments: z
    .array(z.string().regex(ENVIRONMENT, { error: 'is not a GitHub environment name; allowed: letters, digits, "_", ".", "-"' }), {
      error: 'must be a list of GitHub environment names; allowed: e.g. [dev, prod]',
    })
    .min(1, { error: 'must name at least one GitHub environment; allowed: e.g. [dev, prod]' })
    .default(['dev', 'prod']),
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

/** `raw`: config values without the project namespace (`gcp:` keys keep theirs); lists may arrive as JSON text. */
export function parseBootstrapConfig(raw: Readonly<Record<string, unknown>>): BootstrapConfig {
  const input = { ...raw };
  if (typeof input.deployEnvironments === 'string') {
    try {
      input.deployEnvironments = JSON.parse(input.deployEnvironments);
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
      return issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')}: unknown config key; allowed: ${Object.keys(bootstrapSchema.shape).join(', ')}`
        : `${key}: ${value === undefined ? 'missing,' : JSON.stringify(value)} ${issue.message}`;
    }),
  );
}
