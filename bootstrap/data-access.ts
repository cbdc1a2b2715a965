// Opt-in rights of a stack's deployer for the data its jobs read and write, from the bootstrap config's
// `stacks.<S>.bigquery`, `foreignBuckets` and `foreignTables` (jobs/job-access.ts declares the stack's side: the
// output dataset and the read grants). Without those keys nothing here is created. Why each permission is
// needed and no broader: DATA_ACCESS_ROLES in ./roles.ts.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { DATA_ACCESS_ROLES, type DataAccessRole } from './roles';

export interface StackDataAccess {
  bigquery: boolean;
  foreignBuckets: readonly { bucket: string; project: string }[];
  /** bq://PROJECT.DATASET.TABLE */
  foreignTables: readonly string[];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The data-access custom roles, one per (project, kind), created on first use and shared by the stacks that need it. */
export class DataAccessRoles {
  private readonly roles = new Map<string, gcp.projects.IAMCustomRole>();

  /** `dependsOn(project)`: what a role in that project waits for (the APIs the bootstrap enables there). */
  constructor(private readonly dependsOn: (project: string) => pulumi.Resource[]) {}

  in(project: string, kind: DataAccessRole): gcp.projects.IAMCustomRole {
    const key = `${project}/${kind}`;
    if (!this.roles.has(key)) {
      const { roleId, title, description, permissions } = DATA_ACCESS_ROLES[kind];
      this.roles.set(
        key,
        new gcp.projects.IAMCustomRole(
          `data-role-${project}-${slug(kind)}`,
          { project, roleId, title, description, permissions: [...permissions], stage: 'GA' },
          { dependsOn: this.dependsOn(project) },
        ),
      );
    }
    return this.roles.get(key)!;
  }
}

/** Projects whose stacks opted into BigQuery: there the bootstrap enables the API. */
export function bigqueryProjects(stacks: Readonly<Record<string, { project: string } & StackDataAccess>>): Set<string> {
  return new Set(Object.values(stacks).filter((s) => s.bigquery).map((s) => s.project));
}

/** Grants one stack's deployer what its data access needs: the BigQuery role in its project, IAM on each listed foreign bucket and table. */
export function grantDataAccess(
  name: string,
  args: { stackProject: string; deployer: gcp.serviceaccount.Account; access: StackDataAccess; roles: DataAccessRoles },
  opts?: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
  const member = pulumi.interpolate`serviceAccount:${args.deployer.email}`;
  const grants: pulumi.Resource[] = [];
  if (args.access.bigquery) {
    grants.push(new gcp.projects.IAMMember(`${name}-bigquery`, { project: args.stackProject, role: args.roles.in(args.stackProject, 'bigquery').name, member }, opts));
  }
  for (const { bucket, project } of args.access.foreignBuckets) {
    grants.push(new gcp.storage.BucketIAMMember(`${name}-bucket-${slug(bucket)}`, { bucket, role: args.roles.in(project, 'bucketGrants').name, member }, opts));
  }
  for (const uri of args.access.foreignTables) {
    const [project, datasetId, tableId] = uri.slice('bq://'.length).split('.') as [string, string, string];
    grants.push(
      new gcp.bigquery.IamMember(`${name}-table-${slug(`${project}-${datasetId}-${tableId}`)}`, { project, datasetId, tableId, role: args.roles.in(project, 'tableGrants').name, member }, opts),
    );
  }
  return grants;
}
