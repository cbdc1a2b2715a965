// No bucket may be readable by the world: neither IAM members nor legacy ACL entities may name allUsers or
// allAuthenticatedUsers. (Public access prevention also blocks them at the API; this catches it at preview.)
import type { ResourceValidationPolicy } from '@pulumi/policy';
import {
  BUCKET_ACCESS_CONTROL,
  BUCKET_ACL,
  BUCKET_IAM_BINDING,
  BUCKET_IAM_MEMBER,
  BUCKET_IAM_POLICY,
  DEFAULT_OBJECT_ACCESS_CONTROL,
  OBJECT_ACCESS_CONTROL,
} from '../types';

export const PUBLIC_PRINCIPALS = ['allUsers', 'allAuthenticatedUsers'] as const;

/** Public principals named in a member string, an ACL entity (`allUsers`, `READER:allUsers`) or a policy JSON. */
export function publicPrincipalsIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return PUBLIC_PRINCIPALS.filter((p) => new RegExp(`(^|[^A-Za-z])${p}([^A-Za-z]|$)`).test(text));
}

/** The props of each storage access type that can carry a principal. */
const PRINCIPAL_PROPS: Readonly<Record<string, readonly string[]>> = {
  [BUCKET_IAM_MEMBER]: ['member'],
  [BUCKET_IAM_BINDING]: ['members'],
  [BUCKET_IAM_POLICY]: ['policyData'],
  [BUCKET_ACL]: ['roleEntities', 'defaultAcl', 'predefinedAcl'],
  [BUCKET_ACCESS_CONTROL]: ['entity'],
  [DEFAULT_OBJECT_ACCESS_CONTROL]: ['entity'],
  [OBJECT_ACCESS_CONTROL]: ['entity'],
};

export const noPublicBucketMembers: ResourceValidationPolicy = {
  name: 'bucket-no-public-members',
  description: 'Bucket and object access may not be granted to allUsers or allAuthenticatedUsers.',
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
        reportViolation(`${prop}: ${JSON.stringify(value)} makes the bucket public (${found.join(', ')}); allowed: named users, groups or service accounts only`);
      }
    }
  },
};
