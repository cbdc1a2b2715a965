// The stack grants project-level roles only to its job service account, and only what Vertex needs
// (roles/aiplatform.user). Owner, editor and any *admin role at project level are refused.
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { PROJECT_IAM_BINDING, PROJECT_IAM_MEMBER, PROJECT_IAM_POLICY } from '../types';

const BROAD_ROLE = /^roles\/(owner|editor)$|admin$/i;

export function isBroadRole(role: string): boolean {
  return BROAD_ROLE.test(role);
}

function rolesOf(type: string, props: Record<string, any>): string[] {
  if (type === PROJECT_IAM_MEMBER || type === PROJECT_IAM_BINDING) return typeof props.role === 'string' ? [props.role] : [];
  if (type === PROJECT_IAM_POLICY && typeof props.policyData === 'string') {
    try {
      const bindings = (JSON.parse(props.policyData) as { bindings?: { role?: string }[] }).bindings ?? [];
      return bindings.flatMap((b) => (typeof b.role === 'string' ? [b.role] : []));
    } catch {
      return [];
    }
  }
  return [];
}

export const noProjectAdminRoles: ResourceValidationPolicy = {
  name: 'no-project-admin-roles',
  description: 'No project-level owner, editor or *admin role is granted by the stack (the job service account gets roles/aiplatform.user).',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    for (const role of rolesOf(args.type, args.props).filter(isBroadRole)) {
      reportViolation(`role: "${role}" at project level is too broad; allowed: narrow roles such as roles/aiplatform.user, object roles bound on the bucket`);
    }
  },
};
