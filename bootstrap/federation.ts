// Workload Identity Federation for GitHub Actions: a pool with one OIDC provider that accepts tokens from this
// repository only (attribute condition), and who may impersonate which service account:
//   deployer   ← jobs running in one of the named GitHub environments (attribute.environment), so environment
//                protection rules (required reviewers, main-only branches) gate every `up` and `destroy`
//   previewer  ← any workflow of the repository (pull request previews)
// No service account key exists anywhere: the auth action trades GitHub's OIDC token for short-lived credentials.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/** GitHub token claims copied into attributes that IAM bindings and the condition refer to. */
export const ATTRIBUTE_MAPPING: Readonly<Record<string, string>> = {
  'google.subject': 'assertion.sub',
  'attribute.repository': 'assertion.repository',
  'attribute.repository_owner': 'assertion.repository_owner',
  'attribute.ref': 'assertion.ref',
  'attribute.environment': 'assertion.environment',
};

export function repositoryCondition(repository: string): string {
  return `assertion.repository == '${repository}'`;
}

export interface FederationArgs {
  project: string;
  repository: string;
  poolId: string;
  providerId: string;
  deployEnvironments: readonly string[];
  deployer: gcp.serviceaccount.Account;
  previewer: gcp.serviceaccount.Account;
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
        attributeCondition: repositoryCondition(args.repository),
        oidc: { issuerUri: GITHUB_OIDC_ISSUER },
      },
      parent,
    );
    const principalSet = (attribute: string, value: string) => pulumi.interpolate`principalSet://iam.googleapis.com/${pool.name}/attribute.${attribute}/${value}`;

    for (const environment of args.deployEnvironments) {
      new gcp.serviceaccount.IAMMember(
        `${name}-deployer-${environment}`,
        { serviceAccountId: args.deployer.name, role: 'roles/iam.workloadIdentityUser', member: principalSet('environment', environment) },
        parent,
      );
    }
    new gcp.serviceaccount.IAMMember(
      `${name}-previewer`,
      { serviceAccountId: args.previewer.name, role: 'roles/iam.workloadIdentityUser', member: principalSet('repository', args.repository) },
      parent,
    );
    this.providerName = provider.name;
    this.registerOutputs({ providerName: this.providerName });
  }
}
