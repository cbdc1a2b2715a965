// Bootstrap program: everything the GitOps workflows need before their first run, created once per project.
// Its outputs are the repository variables the workflows read (.github/workflows/pulumi-stack.yml).
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { bootstrapSchema, parseBootstrapConfig } from './config';
import { GithubFederation } from './federation';
import { CiIdentities } from './identities';
import { BOOTSTRAP_SERVICES } from './roles';
import { StateStore } from './state';

// Only the keys the schema declares are read (a stack may hold keys of other tools; Pulumi does not reject them).
const raw = Object.fromEntries(
  Object.keys(bootstrapSchema.shape).flatMap((key) => {
    const [namespace, name] = key.includes(':') ? key.split(':') : [undefined, key];
    const value = new pulumi.Config(namespace).get(name!);
    return value === undefined ? [] : [[key, value]];
  }),
);
const config = parseBootstrapConfig(raw);
const project = config['gcp:project'];
const labels = { app: 'vertex-embeddings', 'managed-by': 'pulumi', component: 'gitops-bootstrap' };

const services = BOOTSTRAP_SERVICES.map(
  (service) => new gcp.projects.Service(`service-${service.split('.')[0]}`, { project, service, disableOnDestroy: false, disableDependentServices: false }),
);
const identities = new CiIdentities('ci', { project, repository: config.githubRepository, dependsOn: services });
const state = new StateStore('state', { project, region: config['gcp:region'], labels, identities, dependsOn: services });
const federation = new GithubFederation('github', {
  project,
  repository: config.githubRepository,
  poolId: config.poolId,
  providerId: config.providerId,
  deployEnvironments: config.deployEnvironments,
  deployer: identities.deployer,
  previewer: identities.previewer,
  dependsOn: services,
});

/** Paste these into GitHub → Settings → Secrets and variables → Actions → Variables (none is a secret). */
export const githubVariables = {
  GCP_WORKLOAD_IDENTITY_PROVIDER: federation.providerName,
  GCP_DEPLOYER_SERVICE_ACCOUNT: identities.deployer.email,
  GCP_PREVIEWER_SERVICE_ACCOUNT: identities.previewer.email,
  PULUMI_BACKEND_URL: state.backendUrl,
};
/** Use when creating the product's stacks: `pulumi stack init dev --secrets-provider <this>`. */
export const secretsProvider = state.secretsProvider;
