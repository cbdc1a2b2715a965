// Bootstrap program: everything the GitOps workflows need before their first run, created once by a person with
// Owner on the CI project and on each stack project. Its outputs are the GitHub variables the workflows read
// (.github/workflows/pulumi-stack.yml) and each stack's config values.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { bootstrapSchema, parseBootstrapConfig } from './config';
import { bigqueryProjects, DataAccessRoles, grantDataAccess } from './data-access';
import { GithubFederation, previewEnvironment } from './federation';
import { deployerRole, StackIdentities } from './identities';
import { BIGQUERY_SERVICE, BOOTSTRAP_SERVICES, BOOTSTRAP_STACK_SERVICES } from './roles';
import { StateStore, stateBucketName } from './state';

// Only the keys the schema declares are read (a stack may hold keys of other tools; Pulumi does not reject them).
const raw = Object.fromEntries(
  Object.keys(bootstrapSchema.shape).flatMap((key) => {
    const [namespace, name] = key.includes(':') ? key.split(':') : [undefined, key];
    const value = new pulumi.Config(namespace).get(name!);
    return value === undefined ? [] : [[key, value]];
  }),
);
const config = parseBootstrapConfig(raw);
const ciProject = config['gcp:project'];
const labels = { app: 'vertex-embeddings', 'managed-by': 'pulumi', component: 'gitops-bootstrap' };

// One resource per (project, API): stacks may share a project, with each other and with CI.
const services = new Map<string, gcp.projects.Service>();
function enable(project: string, apis: readonly string[]): gcp.projects.Service[] {
  return apis.map((service) => {
    const key = `${project}/${service}`;
    if (!services.has(key)) {
      const id = `service-${project}-${service.split('.')[0]}`;
      services.set(key, new gcp.projects.Service(id, { project, service, disableOnDestroy: false, disableDependentServices: false }));
    }
    return services.get(key)!;
  });
}

const ciServices = enable(ciProject, BOOTSTRAP_SERVICES);
const stackProjects = [...new Set(Object.values(config.stacks).map((s) => s.project))];
// BigQuery only where a stack opted in (stacks.<S>.bigquery).
const withBigquery = bigqueryProjects(config.stacks);
const stackServices = (project: string) => enable(project, withBigquery.has(project) ? [...BOOTSTRAP_STACK_SERVICES, BIGQUERY_SERVICE] : BOOTSTRAP_STACK_SERVICES);
const roles = new Map<string, gcp.projects.IAMCustomRole>();
for (const project of stackProjects) {
  const apis = stackServices(project);
  roles.set(project, deployerRole(project, apis));
  // The Vertex AI service agent exists from here on (the stack grants it bucket roles; right after the API is
  // enabled it may still be "being provisioned").
  new gcp.projects.ServiceIdentity(`vertex-agent-${project}`, { project, service: 'aiplatform.googleapis.com' }, { dependsOn: apis });
}

const identities = Object.fromEntries(
  Object.entries(config.stacks).map(([stack, { project }]) => [
    stack,
    new StackIdentities(`stack-${stack}`, {
      stack,
      ciProject,
      stackProject: project,
      repository: config.githubRepository,
      stateBucket: stateBucketName(ciProject),
      deployerRole: roles.get(project)!,
      dependsOn: [...ciServices, ...stackServices(project)],
    }),
  ]),
);
// A foreign project's roles wait for nothing the bootstrap enables: its owner runs BigQuery / Storage there already.
const dataRoles = new DataAccessRoles((project) => (stackProjects.includes(project) ? stackServices(project) : []));
for (const [stack, access] of Object.entries(config.stacks)) {
  grantDataAccess(`stack-${stack}-data`, { stackProject: access.project, deployer: identities[stack]!.deployer, access, roles: dataRoles });
}
const state = new StateStore('state', { project: ciProject, region: config['gcp:region'], labels, stacks: identities, dependsOn: ciServices });
const federation = new GithubFederation('github', {
  project: ciProject,
  repository: config.githubRepository,
  repositoryId: config.githubRepositoryId,
  repositoryOwnerId: config.githubRepositoryOwnerId,
  poolId: config.poolId,
  providerId: config.providerId,
  accounts: identities,
  dependsOn: ciServices,
});

/** Repository variables (Settings → Secrets and variables → Actions → Variables); none is a secret. */
export const githubVariables = {
  GCP_WORKLOAD_IDENTITY_PROVIDER: federation.providerName,
  PULUMI_BACKEND_URL: state.backendUrl,
};

/** Per GitHub environment (Settings → Environments → <name> → Environment variables): the account its jobs use. */
export const githubEnvironmentVariables = Object.fromEntries(
  Object.entries(identities).flatMap(([stack, ids]) => [
    [stack, { GCP_SERVICE_ACCOUNT: ids.deployer.email }],
    [previewEnvironment(stack), { GCP_SERVICE_ACCOUNT: ids.previewer.email }],
  ]),
);

/** Per stack: `pulumi stack init <stack> --secrets-provider <secretsProvider>`, then `pulumi config set jobServiceAccount <jobServiceAccount>`. */
export const stackSettings = Object.fromEntries(
  Object.entries(identities).map(([stack, ids]) => [stack, { secretsProvider: state.secretsProviders[stack], jobServiceAccount: ids.jobAccount.email }]),
);
