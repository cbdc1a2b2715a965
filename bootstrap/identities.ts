// The identities of one product stack and what each may do (the why of every grant is in ./roles.ts):
// gh-deploy-<stack> and gh-preview-<stack> in the CI project, vertex-jobs-<stack> in the stack's project.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import {
  DEPLOYER_PERMISSIONS,
  DEPLOYER_PROJECT_ROLES,
  DEPLOYER_ROLE_ID,
  DEPLOYER_STORAGE_ROLE,
  JOB_ACCOUNT_USER_ROLE,
  stateBucketExcluded,
} from './roles';

const roleSlug = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-');

export interface StackIdentityArgs {
  stack: string;
  /** Where the CI accounts, the pool and the state live. */
  ciProject: string;
  /** Where the stack deploys to. */
  stackProject: string;
  repository: string;
  stateBucket: string;
  /** The stack project's custom deployer role (one per project, shared by the stacks that live there). */
  deployerRole: gcp.projects.IAMCustomRole;
  dependsOn: pulumi.Resource[];
}

export class StackIdentities extends pulumi.ComponentResource {
  readonly deployer: gcp.serviceaccount.Account;
  readonly previewer: gcp.serviceaccount.Account;
  readonly jobAccount: gcp.serviceaccount.Account;

  constructor(name: string, args: StackIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings-bootstrap:StackIdentities', name, {}, opts);
    const parent = { parent: this };
    const { stack } = args;
    const account = (project: string, accountId: string, what: string) =>
      new gcp.serviceaccount.Account(
        `${name}-${accountId}`,
        { project, accountId, displayName: what, description: `${what} (${args.repository})` },
        { ...parent, dependsOn: args.dependsOn },
      );
    this.deployer = account(args.ciProject, `gh-deploy-${stack}`, `Runs pulumi up/destroy of stack ${stack}`);
    this.previewer = account(args.ciProject, `gh-preview-${stack}`, `Runs pulumi preview of stack ${stack} (reads its state only)`);
    this.jobAccount = account(args.stackProject, `vertex-jobs-${stack}`, `Batch prediction jobs of stack ${stack}`);
    const deployerMember = pulumi.interpolate`serviceAccount:${this.deployer.email}`;

    new gcp.projects.IAMMember(`${name}-deployer-custom`, { project: args.stackProject, role: args.deployerRole.name, member: deployerMember }, parent);
    for (const role of DEPLOYER_PROJECT_ROLES) {
      new gcp.projects.IAMMember(`${name}-deployer-${roleSlug(role)}`, { project: args.stackProject, role, member: deployerMember }, parent);
    }
    new gcp.projects.IAMMember(
      `${name}-deployer-${roleSlug(DEPLOYER_STORAGE_ROLE)}`,
      { project: args.stackProject, role: DEPLOYER_STORAGE_ROLE, member: deployerMember, condition: stateBucketExcluded(args.stateBucket) },
      parent,
    );
    new gcp.serviceaccount.IAMMember(
      `${name}-deployer-acts-as-jobs`,
      { serviceAccountId: this.jobAccount.name, role: JOB_ACCOUNT_USER_ROLE, member: deployerMember },
      parent,
    );
    this.registerOutputs({ deployer: this.deployer.email, previewer: this.previewer.email, jobAccount: this.jobAccount.email });
  }
}

/** The deployer's custom role in a stack project (DEPLOYER_PERMISSIONS). */
export function deployerRole(project: string, dependsOn: pulumi.Resource[]): gcp.projects.IAMCustomRole {
  return new gcp.projects.IAMCustomRole(
    `deployer-role-${project}`,
    {
      project,
      roleId: DEPLOYER_ROLE_ID,
      title: 'vertex-embeddings deployer',
      description: 'Upload/delete the stack models and run its batch prediction jobs; nothing else of Vertex AI (no custom jobs)',
      permissions: [...DEPLOYER_PERMISSIONS],
      stage: 'GA',
    },
    { dependsOn },
  );
}
