// No bucket, object or managed folder may be opened to the world or to a whole population: neither IAM members
// nor legacy ACL entities may name allUsers, allAuthenticatedUsers, a whole domain (`domain:example.com`, ACL
// `domain-example.com`) or every identity of a workload identity pool (`principalSet://…/*`). Public access
// prevention blocks only the first two at the API; this catches all of them at preview.
// Member and entity forms: https://cloud.google.com/iam/docs/principal-identifiers and
// https://cloud.google.com/storage/docs/access-control/lists#scopes.
import type { ResourceValidationPolicy } from '@pulumi/policy';
import {
  BUCKET_ACCESS_CONTROL,
  BUCKET_ACL,
  BUCKET_IAM_BINDING,
  BUCKET_IAM_MEMBER,
  BUCKET_IAM_POLICY,
  DEFAULT_OBJECT_ACCESS_CONTROL,
  DEFAULT_OBJECT_ACL,
  MANAGED_FOLDER_IAM_BINDING,
  MANAGED_FOLDER_IAM_MEMBER,
  MANAGED_FOLDER_IAM_POLICY,
  OBJECT_ACCESS_CONTROL,
  OBJECT_ACL,
} from '../types';

export const PUBLIC_PRINCIPALS = ['allUsers', 'allAuthenticatedUsers'] as const;

/** Members / entities that stand for a whole population, each with how it is recognised in a string. */
const POPULATIONS: readonly { what: string; pattern: RegExp }[] = [
  ...PUBLIC_PRINCIPALS.map((p) => ({ what: p, pattern: new RegExp(`(^|[^A-Za-z])${p}([^A-Za-z]|$)`) })),
  // IAM `domain:example.com`; ACL entity `domain-example.com` (also inside `READER:domain-example.com`).
  // Only at the start of a member / entity (after `:` for `READER:domain-…`), so `user:a@domain-x.com` is not one.
  { what: 'a whole domain', pattern: /(^|[:"\s,[])domain[:-][A-Za-z0-9.-]+/ },
  { what: 'the public', pattern: /principalSet:\/\/goog\/public:all/ },
  // Every identity of a pool (`…/workloadIdentityPools/POOL/*`); an attribute-scoped principalSet is fine.
  { what: 'every identity of a pool', pattern: /principalSet:\/\/[^\s"',]*\/\*/ },
];

/** The populations (public principals, domains, whole pools) named in a member, an ACL entity or a policy JSON. */
export function publicPrincipalsIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return POPULATIONS.filter((p) => p.pattern.test(text)).map((p) => p.what);
}

/** The props of each storage access type that can carry a principal. */
const PRINCIPAL_PROPS: Readonly<Record<string, readonly string[]>> = {
  [BUCKET_IAM_MEMBER]: ['member'],
  [BUCKET_IAM_BINDING]: ['members'],
  [BUCKET_IAM_POLICY]: ['policyData'],
  [MANAGED_FOLDER_IAM_MEMBER]: ['member'],
  [MANAGED_FOLDER_IAM_BINDING]: ['members'],
  [MANAGED_FOLDER_IAM_POLICY]: ['policyData'],
  [BUCKET_ACL]: ['roleEntities', 'defaultAcl', 'predefinedAcl'],
  [OBJECT_ACL]: ['roleEntities', 'predefinedAcl'],
  [DEFAULT_OBJECT_ACL]: ['roleEntities'],
  [BUCKET_ACCESS_CONTROL]: ['entity'],
  [DEFAULT_OBJECT_ACCESS_CONTROL]: ['entity'],
  [OBJECT_ACCESS_CONTROL]: ['entity'],
};

export const noPublicBucketMembers: ResourceValidationPolicy = {
  name: 'bucket-no-public-members',
  description: 'Bucket, object and managed-folder access may not be granted to allUsers, allAuthenticatedUsers, a whole domain or every identity of a pool.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    const props = PRINCIPAL_PROPS[args.type];
    if (!props) return;
    for (const prop of props) {
      const value = args.props[prop];
      const found = publicPrincipalsIn(value);
      // Canned ACLs `publicRead` / `publicReadWrite` name no principal but mean allUsers.
      if (prop === 'predefinedAcl' && typeof value === 'string' && /^public/i.test(value)) found.push('allUsers');
      if (found.length > 0) {
        reportViolation(`${prop}: ${JSON.stringify(value)} opens the bucket to ${found.join(', ')}; allowed: named users, groups, service accounts or attribute-scoped principal sets only`);
      }
    }
  },
};
