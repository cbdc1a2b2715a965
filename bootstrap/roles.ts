// What the two CI identities may do, and why. The deployer holds exactly what `pulumi up`/`destroy` of the product
// stack needs (infra/platform*.ts, infra/vertex/*); the previewer only reads state.
//
//   role (project level)                      needed for
//   serviceusage.serviceUsageAdmin            enabling aiplatform/storage/iam (projects.Service), the Vertex service agent
//   storage.admin                             creating the stack bucket, its IAM bindings, uploading the model artifact
//   iam.serviceAccountAdmin                   creating the job service account
//   iam.serviceAccountUser                    submitting batch jobs that run as the job service account (actAs)
//   aiplatform.user                           uploading the model, creating / cancelling / deleting batch jobs
//   resourcemanager.projectIamAdmin           granting the job service account roles/aiplatform.user, and only that
//                                             role: an IAM condition limits which grants it may add or remove
export const DEPLOYER_PROJECT_ROLES = [
  'roles/serviceusage.serviceUsageAdmin',
  'roles/storage.admin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountUser',
  'roles/aiplatform.user',
] as const;

/** Roles the stack grants at project level (infra/platform-identity.ts JOB_PROJECT_ROLES); the deployer may grant only these. */
export const GRANTABLE_PROJECT_ROLES = ['roles/aiplatform.user'] as const;

export const PROJECT_IAM_ADMIN = 'roles/resourcemanager.projectIamAdmin';

/** IAM condition: the holder may add or remove bindings of the listed roles only. */
export function grantOnlyCondition(roles: readonly string[]): { title: string; description: string; expression: string } {
  const list = roles.map((r) => `'${r}'`).join(', ');
  return {
    title: 'grant-only-stack-roles',
    description: `May only grant or revoke ${roles.join(', ')}`,
    expression: `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${list}])`,
  };
}

/** On the state bucket: deployer reads and writes stack state; previewer only reads it. */
export const STATE_BUCKET_ROLES = { deployer: 'roles/storage.objectAdmin', previewer: 'roles/storage.objectViewer' } as const;
/** On the secrets key: deployer encrypts and decrypts stack secrets; previewer only decrypts. */
export const SECRETS_KEY_ROLES = {
  deployer: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  previewer: 'roles/cloudkms.cryptoKeyDecrypter',
} as const;

export const BOOTSTRAP_SERVICES = [
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'sts.googleapis.com',
  'cloudkms.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'serviceusage.googleapis.com',
  'storage.googleapis.com',
] as const;
