// Bucket settings the product promises: IAM-only access (uniform bucket-level access), public access prevention
// enforced, and in prod a bucket Pulumi refuses to delete, that keeps object versions and is never force-destroyed.
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { stackEnvironment } from '../environment';
import { BUCKET } from '../types';

/** A mandatory rule: every bucket has exactly this value for one property. */
function bucketPropertyIs(name: string, description: string, property: string, allowed: unknown): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    validateResource: (args, reportViolation) => {
      if (args.type !== BUCKET) return;
      const value = args.props[property];
      if (value !== allowed) reportViolation(`${property}: ${JSON.stringify(value)}; allowed: ${JSON.stringify(allowed)}`);
    },
  };
}

export const bucketUniformAccess = bucketPropertyIs(
  'bucket-uniform-access',
  'Buckets use uniform bucket-level access (IAM only, no object ACLs).',
  'uniformBucketLevelAccess',
  true,
);

export const bucketPublicAccessPrevention = bucketPropertyIs(
  'bucket-public-access-prevention',
  'Buckets enforce public access prevention.',
  'publicAccessPrevention',
  'enforced',
);

export const prodBucketProtected: ResourceValidationPolicy = {
  name: 'prod-bucket-protected',
  description: 'A bucket of a prod stack (by stack name; a prod label adds it too) is protected, versioned and never force-destroyed.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    // The stack name decides (../environment.ts); a label can add the protection, never remove it.
    if (args.type !== BUCKET || (stackEnvironment(args.urn) !== 'prod' && args.props.labels?.environment !== 'prod')) return;
    if (args.opts.protect !== true) reportViolation('protect: false on a prod bucket; allowed: true (resource option `protect`)');
    if (args.props.forceDestroy === true) reportViolation('forceDestroy: true on a prod bucket lets `pulumi destroy` delete its data; allowed: false');
    if (args.props.versioning?.enabled !== true) reportViolation(`versioning.enabled: ${JSON.stringify(args.props.versioning?.enabled)} on a prod bucket; allowed: true`);
  },
};
