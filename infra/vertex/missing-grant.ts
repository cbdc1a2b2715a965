// Which grant a Vertex refusal says is missing, in words a user can act on. Vertex names the permissions
// ("Service account X does not have [storage.buckets.get] IAM permission to the input bucket", "Permission
// 'storage.objects.get' denied on resource"); this maps them to the smallest predefined bucket role holding them.
// Roles and their permissions: https://cloud.google.com/storage/docs/access-control/iam-roles (checked 2026-12-03).
import { GrpcCode } from './error-catalog';
import type { RpcStatus } from './errors';

/** Smallest predefined role granting each storage permission Vertex asks for, on the bucket. */
const ROLE_FOR_PERMISSION: Readonly<Record<string, string>> = {
  'storage.buckets.get': 'roles/storage.legacyBucketReader',
  'storage.objects.get': 'roles/storage.objectViewer',
  'storage.objects.list': 'roles/storage.objectViewer',
  'storage.objects.create': 'roles/storage.objectCreator',
  'storage.objects.delete': 'roles/storage.objectUser',
};

const BUCKET_PERMISSIONS = /(?:service account\s+(\S+?)\s+)?does not have \[([^\]]*)\] IAM permission/i;
const DENIED_PERMISSION = /permission '([^']+)' denied/i;
const SERVICE_AGENTS = /service agents are being provisioned/i;

function permissionsIn(message: string): { account?: string; permissions: string[] } {
  const listed = BUCKET_PERMISSIONS.exec(message);
  if (listed) return { account: listed[1], permissions: listed[2].split(',').map((p) => p.trim()).filter(Boolean) };
  const denied = DENIED_PERMISSION.exec(message);
  return { permissions: denied ? [denied[1]] : [] };
}

/**
 * One line saying which grant is missing and how to add it; undefined when the refusal names nothing we can map.
 * `bucket` is the bucket the call used (the message does not always name it).
 */
export function missingGrant(status: RpcStatus, bucket?: string): string | undefined {
  const message = status.message ?? '';
  if (status.code === GrpcCode.FAILED_PRECONDITION && SERVICE_AGENTS.test(message)) {
    return (
      'Missing: the Vertex AI service agent (service-PROJECT_NUMBER@gcp-sa-aiplatform.iam.gserviceaccount.com) is still being created ' +
      'after aiplatform.googleapis.com was enabled; run `pulumi up` again in a few minutes.'
    );
  }
  const { account, permissions } = permissionsIn(message);
  if (permissions.length === 0) return undefined;
  const roles = [...new Set(permissions.map((p) => ROLE_FOR_PERMISSION[p]).filter((r): r is string => r !== undefined))];
  const member = account ? `serviceAccount:${account}` : 'the job service account and the Vertex AI service agent';
  const where = bucket ? `gs://${bucket}` : 'the bucket';
  if (roles.length === 0) return `Missing: ${permissions.join(', ')} for ${member} on ${where}.`;
  const commands = roles.map((role) => `gcloud storage buckets add-iam-policy-binding ${where} --member=${account ? member : 'MEMBER'} --role=${role}`);
  return `Missing grant: ${roles.join(' and ')} (for ${permissions.join(', ')}) to ${member} on ${where}, e.g. ${commands.join('; ')}`;
}

/** `bucket` of a gs:// URI, for the message. */
export function bucketOf(uri: string | undefined): string | undefined {
  return uri ? /^gs:\/\/([^/]+)/.exec(uri)?.[1] : undefined;
}
