import { batchJobCompletionTimeout, batchJobHardwareLimits } from './batch-jobs';
import { bucketPublicAccessPrevention, bucketUniformAccess, prodBucketProtected } from './bucket-settings';
import { labelsPresent } from './labels';
import { noProjectAdminRoles } from './project-roles';
import { noPublicBucketMembers } from './public-access';

/** Every rule of the pack, in the order they are reported. */
export const POLICIES = [
  noPublicBucketMembers,
  bucketUniformAccess,
  bucketPublicAccessPrevention,
  noProjectAdminRoles,
  labelsPresent,
  prodBucketProtected,
  batchJobHardwareLimits,
  batchJobCompletionTimeout,
];
