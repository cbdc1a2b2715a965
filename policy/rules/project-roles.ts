// The stack grants nothing above the bucket that lets a principal become someone else or reach every bucket:
// at project level no owner, editor or *admin role, no role that acts as or mints tokens for service accounts, no
// storage role (project-wide object access reaches the Pulumi state bucket when it shares the project), no custom
// role (its permissions are invisible here); at folder or organization level, no grant at all.
// Role contents: https://cloud.google.com/iam/docs/understanding-roles (iam.serviceAccountTokenCreator:
// iam.serviceAccounts.getAccessToken / signBlob / signJwt; iam.serviceAccountUser: iam.serviceAccounts.actAs).
import type { ResourceValidationPolicy } from '@pulumi/policy';
import {
  FOLDER_IAM_BINDING,
  FOLDER_IAM_MEMBER,
  FOLDER_IAM_POLICY,
  ORGANIZATION_IAM_BINDING,
  ORGANIZATION_IAM_MEMBER,
  ORGANIZATION_IAM_POLICY,
  PROJECT_IAM_BINDING,
  PROJECT_IAM_MEMBER,
  PROJECT_IAM_POLICY,
} from '../types';

/** Why a project-level grant of `role` is refused, or undefined when it is allowed. */
export function projectRoleProblem(role: string): string | undefined {
  if (/^roles\/(owner|editor)$|admin$/i.test(role)) return 'is an owner, editor or admin role';
  if (/^roles\/iam\.(serviceAccountTokenCreator|serviceAccountOpenIdTokenCreator|serviceAccountUser|workloadIdentityUser)$/.test(role)) {
    return 'lets the holder act as or mint tokens for every service account of the project';
  }
  if (/^roles\/storage\./.test(role)) return 'reaches every bucket of the project (the Pulumi state bucket too); bind storage roles on the bucket';
  if (/^(projects|organizations)\/[^/]+\/roles\//.test(role)) return 'is a custom role, whose permissions the pack cannot see';
  return undefined;
}

const PROJECT_TYPES = [PROJECT_IAM_MEMBER, PROJECT_IAM_BINDING, PROJECT_IAM_POLICY];
const ABOVE_PROJECT_TYPES = [FOLDER_IAM_MEMBER, FOLDER_IAM_BINDING, FOLDER_IAM_POLICY, ORGANIZATION_IAM_MEMBER, ORGANIZATION_IAM_BINDING, ORGANIZATION_IAM_POLICY];
const POLICY_TYPES = [PROJECT_IAM_POLICY, FOLDER_IAM_POLICY, ORGANIZATION_IAM_POLICY];

function rolesOf(type: string, props: Record<string, any>): string[] {
  if (!POLICY_TYPES.includes(type)) return typeof props.role === 'string' ? [props.role] : [];
  if (typeof props.policyData !== 'string') return [];
  try {
    const bindings = (JSON.parse(props.policyData) as { bindings?: { role?: string }[] }).bindings ?? [];
    return bindings.flatMap((b) => (typeof b.role === 'string' ? [b.role] : []));
  } catch {
    return [];
  }
}

export const noProjectAdminRoles: ResourceValidationPolicy = {
  name: 'no-project-admin-roles',
  description:
    'No project-level owner, editor, *admin, service-account user / token creator, storage or custom role, and no folder- or organization-level grant.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (ABOVE_PROJECT_TYPES.includes(args.type)) {
      const level = args.type.startsWith('gcp:folder/') ? 'folder' : 'organization';
      for (const role of rolesOf(args.type, args.props)) {
        reportViolation(`role: "${role}" granted at ${level} level reaches every project below it; allowed: no ${level}-level grant (bind on the bucket, or at project level)`);
      }
      return;
    }
    if (!PROJECT_TYPES.includes(args.type)) return;
    for (const role of rolesOf(args.type, args.props)) {
      const problem = projectRoleProblem(role);
      if (problem) reportViolation(`role: "${role}" at project level ${problem}; allowed: narrow predefined roles, or storage roles bound on the bucket`);
    }
  },
};
