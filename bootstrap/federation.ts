// Workload Identity Federation for GitHub Actions: a pool with one OIDC provider that accepts tokens of this
// repository only, by its numeric ids (a deleted repository's or owner's name can be registered again by
// someone else; the ids cannot), and who may impersonate which service account:
//   gh-deploy-<stack>   ← a job in GitHub environment <stack> running on refs/heads/main, both at once
//                         (attribute.deploy_environment is set only for tokens of main), so environment
//                         protection rules (required reviewers) gate every `up` and `destroy`, and a dispatch
//                         from another branch gets no deployer credentials even inside the environment
//   gh-preview-<stack>  ← a job in GitHub environment preview-<stack> (pull request previews; give
//                         preview-prod required reviewers and a branch's code only reads prod state after approval)
// Claims: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
// (repository_id, repository_owner_id, environment, ref); google-github-actions/auth's security considerations
// recommend conditions on the numeric ids for the same reason.
// No service account key exists anywhere: the auth action trades GitHub's OIDC token for short-lived credentials.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
export const MAIN_REF = 'refs/heads/main';

/** GitHub token claims copied into attributes that IAM bindings and the condition refer to. */
export const ATTRIBUTE_MAPPING: Readonly<Record<string, string>> = {
  'google.subject': 'assertion.sub',
  'attribute.repository_id': 'assertion.repository_id',
  'attribute.repository_owner_id': 'assertion.repository_owner_id',
  'attribute.ref': 'assertion.ref',
  'attribute.environment': 'assertion.environment',
  // The environment, but only for a job running on main (empty otherwise): the deployer bindings name this
  // attribute. Every job that authenticates runs in an environment; a token without the claim fails the mapping
  // and is refused (fail closed).
  'attribute.deploy_environment': `assertion.ref == '${MAIN_REF}' ? assertion.environment : ''`,
};

export function repositoryCondition(repositoryId: string, ownerId: string): string {
  return `assertion.repository_id == '${repositoryId}' && assertion.repository_owner_id == '${ownerId}'`;
}

/** The GitHub environment a stack's previews run in. */
export const previewEnvironment = (stack: string): string => `preview-${stack}`;

export interface FederationArgs {
  project: string;
  repository: string;
  repositoryId: string;
  repositoryOwnerId: string;
  poolId: string;
  providerId: string;
  /** Per stack: its deployer and previewer. */
  accounts: Readonly<Record<string, { deployer: gcp.serviceaccount.Account; previewer: gcp.serviceaccount.Account }>>;
  dependsOn: pulumi.Resource[];
}

export class GithubFederation extends pulumi.ComponentResource {
  readonly providerName: pulumi.Output<string>;

  constructor(name: string, args: FederationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings-bootstrap:GithubFederation', name, {}, opts);
    const parent = { parent: this };
    const pool = new gcp.iam.WorkloadIdentityPool(
      `${name}-pool`,
      { project: args.project, workloadIdentityPoolId: args.poolId, displayName: 'GitHub Actions', description: `Workflows of ${args.repository}` },
      { ...parent, dependsOn: args.dependsOn },
    );
    const provider = new gcp.iam.WorkloadIdentityPoolProvider(
      `${name}-provider`,
      {
        project: args.project,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: args.providerId,
        displayName: 'GitHub OIDC',
        attributeMapping: { ...ATTRIBUTE_MAPPING },
        attributeCondition: repositoryCondition(args.repositoryId, args.repositoryOwnerId),
        oidc: { issuerUri: GITHUB_OIDC_ISSUER },
      },
      parent,
    );
    const principalSet = (attribute: string, value: string) => pulumi.interpolate`principalSet://iam.googleapis.com/${pool.name}/attribute.${attribute}/${value}`;

    for (const [stack, { deployer, previewer }] of Object.entries(args.accounts)) {
      new gcp.serviceaccount.IAMMember(
        `${name}-deploy-${stack}`,
        { serviceAccountId: deployer.name, role: 'roles/iam.workloadIdentityUser', member: principalSet('deploy_environment', stack) },
        parent,
      );
      new gcp.serviceaccount.IAMMember(
        `${name}-preview-${stack}`,
        { serviceAccountId: previewer.name, role: 'roles/iam.workloadIdentityUser', member: principalSet('environment', previewEnvironment(stack)) },
        parent,
      );
    }
    this.providerName = provider.name;
    this.registerOutputs({ providerName: this.providerName });
  }
}
