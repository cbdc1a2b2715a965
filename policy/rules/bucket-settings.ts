// Bucket settings the product promises: IAM-only access (uniform bucket-level access), public access prevention
// enforced, and in prod a bucket Pulumi refuses to delete, that keeps object versions and is never force-destroyed.
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { BUCKET } from '../types';

export const bucketUniformAccess: ResourceValidationPolicy = {
  name: 'bucket-uniform-access',
  description: 'Buckets use uniform bucket-level access (IAM only, no object ACLs).',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== BUCKET) return;
    const value = args.props.uniformBucketLevelAccess;
    if (value !== true) reportViolation(`uniformBucketLevelAccess: ${JSON.stringify(value)}; allowed: true`);
  },
};

export const bucketPublicAccessPrevention: ResourceValidationPolicy = {
  name: 'bucket-public-access-prevention',
  description: 'Buckets enforce public access prevention.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== BUCKET) return;
    const value = args.props.publicAccessPrevention;
    if (value !== 'enforced') reportViolation(`publicAccessPrevention: ${JSON.stringify(value)}; allowed: "enforced"`);
  },
};

export const prodBucketProtected: ResourceValidationPolicy = {
  name: 'prod-bucket-protected',
  description: 'A bucket labelled environment=prod is protected, versioned and never force-destroyed.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== BUCKET || args.props.labels?.environment !== 'prod') return;
    if (args.opts.protect !== true) reportViolation('protect: false on a prod bucket; allowed: true (resource option `protect`)');
    if (args.props.forceDestroy === true) reportViolation('forceDestroy: true on a prod bucket lets `pulumi destroy` delete its data; allowed: false');
    if (args.props.versioning?.enabled !== true) reportViolation(`versioning.enabled: ${JSON.stringify(args.props.versioning?.enabled)} on a prod bucket; allowed: true`);
  },
};
