// The two service accounts GitHub Actions impersonates, and the deployer's project roles (see ./roles.ts).
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { DEPLOYER_PROJECT_ROLES, GRANTABLE_PROJECT_ROLES, PROJECT_IAM_ADMIN, grantOnlyCondition } from './roles';

const roleSlug = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-');

export class CiIdentities extends pulumi.ComponentResource {
  readonly deployer: gcp.serviceaccount.Account;
  readonly previewer: gcp.serviceaccount.Account;

  constructor(name: string, args: { project: string; repository: string; dependsOn: pulumi.Resource[] }, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings-bootstrap:CiIdentities', name, {}, opts);
    const parent = { parent: this };
    const account = (id: string, what: string) =>
      new gcp.serviceaccount.Account(
        `${name}-${id}`,
        { project: args.project, accountId: `gh-${id}`, displayName: `GitHub Actions ${id}`, description: `${what} for ${args.repository}` },
        { ...parent, dependsOn: args.dependsOn },
      );
    this.deployer = account('deployer', 'Runs pulumi up/destroy of the vertex-embeddings stacks');
    this.previewer = account('previewer', 'Runs pulumi preview (reads state only)');
    const deployerMember = pulumi.interpolate`serviceAccount:${this.deployer.email}`;

    for (const role of DEPLOYER_PROJECT_ROLES) {
      new gcp.projects.IAMMember(`${name}-deployer-${roleSlug(role)}`, { project: args.project, role, member: deployerMember }, parent);
    }
    new gcp.projects.IAMMember(
      `${name}-deployer-${roleSlug(PROJECT_IAM_ADMIN)}`,
      { project: args.project, role: PROJECT_IAM_ADMIN, member: deployerMember, condition: grantOnlyCondition(GRANTABLE_PROJECT_ROLES) },
      parent,
    );
    this.registerOutputs({ deployer: this.deployer.email, previewer: this.previewer.email });
  }
}
