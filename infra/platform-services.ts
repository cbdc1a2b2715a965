// The Google APIs the stack needs, enabled as resources so everything else can depend on them.
// disableOnDestroy: false because other workloads in the project may use the same APIs: destroying this stack
// must never switch off Vertex AI or Cloud Storage for them.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export const REQUIRED_SERVICES = {
  aiplatform: 'aiplatform.googleapis.com',
  storage: 'storage.googleapis.com',
  iam: 'iam.googleapis.com',
} as const;

export type ServiceKey = keyof typeof REQUIRED_SERVICES;

export class ProjectServices extends pulumi.ComponentResource {
  readonly services: Readonly<Record<ServiceKey, gcp.projects.Service>>;

  constructor(name: string, args: { project: string }, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings:platform:ProjectServices', name, {}, opts);
    const children = { parent: this };
    const entries = Object.entries(REQUIRED_SERVICES).map(([key, service]) => [
      key,
      new gcp.projects.Service(`${name}-${key}`, { project: args.project, service, disableOnDestroy: false, disableDependentServices: false }, children),
    ]);
    this.services = Object.fromEntries(entries) as Record<ServiceKey, gcp.projects.Service>;
    this.registerOutputs({ services: Object.values(REQUIRED_SERVICES) });
  }
}
