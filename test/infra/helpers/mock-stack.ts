// Runs the stack program under pulumi.runtime.setMocks and records every registration as the engine would see it:
// type, name, inputs, protect, parent and the URNs it depends on (MockResourceArgs carries neither protect nor
// dependsOn, so the mock monitor's registerResource is wrapped to read them from the request).
import * as pulumi from '@pulumi/pulumi';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const PROJECT_NAME = 'vertex-embeddings';
export const FAKE_PROJECT_NUMBER = '123456789012';

/** Type tokens of the program's resources as the engine records them: one list for every test under mocks. */
export const TYPES = {
  SERVICE: 'gcp:projects/service:Service',
  BUCKET: 'gcp:storage/bucket:Bucket',
  BUCKET_IAM: 'gcp:storage/bucketIAMMember:BucketIAMMember',
  PROJECT_IAM: 'gcp:projects/iAMMember:IAMMember',
  SA: 'gcp:serviceaccount/account:Account',
  AGENT: 'gcp:projects/serviceIdentity:ServiceIdentity',
  OBJECT: 'gcp:storage/bucketObject:BucketObject',
  ARTIFACT: 'pulumi-nodejs:dynamic/artifact:ModelArtifact',
  MODEL: 'pulumi-nodejs:dynamic/vertex:Model',
  JOB: 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob',
  DATASET: 'gcp:bigquery/dataset:Dataset',
  DATASET_IAM: 'gcp:bigquery/datasetIamMember:DatasetIamMember',
  TABLE_IAM: 'gcp:bigquery/iamMember:IamMember',
} as const;

export interface Registration {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  protect: boolean;
  parent: string;
  dependencies: string[];
  inputs: Record<string, any>;
}

/** Stack file (Pulumi.<stack>.yaml) → the string map Pulumi hands the program (objects as JSON). */
export function stackFileConfig(path: string): Record<string, string> {
  const config = (parse(readFileSync(path, 'utf8')) as { config: Record<string, unknown> }).config;
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Short keys (`environment`, `bucket`) → namespaced config strings; `gcp:` keys stay as they are. */
export function toPulumiConfig(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.includes(':') ? k : `${PROJECT_NAME}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

/** Outputs the cloud would compute, so the program's interpolations resolve like in a real run. */
function computedState(type: string, inputs: Record<string, any>): Record<string, any> {
  switch (type) {
    case 'gcp:serviceaccount/account:Account': {
      const email = `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`;
      return { email, name: `projects/${inputs.project}/serviceAccounts/${email}` };
    }
    case 'gcp:projects/serviceIdentity:ServiceIdentity':
      return { email: `service-${FAKE_PROJECT_NUMBER}@gcp-sa-aiplatform.iam.gserviceaccount.com` };
    case 'gcp:storage/bucket:Bucket':
      return { url: `gs://${inputs.name}` };
    // What the artifact provider's create returns (its own tests check it against the GCS emulator).
    case 'pulumi-nodejs:dynamic/artifact:ModelArtifact':
      return { uri: `gs://${inputs.bucket}/${inputs.prefix}/${inputs.digest}/`, history: [inputs.digest], uploadedObjects: 0, prunedDigests: [] };
    // The Vertex model's resource name: batch jobs take `versionName`, which is also how they depend on the model.
    case 'pulumi-nodejs:dynamic/vertex:Model': {
      const name = `projects/${inputs.project}/locations/${inputs.region}/models/${inputs.displayName}`;
      return { name, modelId: inputs.displayName, versionId: '1', versionName: `${name}@1` };
    }
    // bootstrap/ (gitops): the pool's resource name is what IAM principalSets and the auth action refer to.
    case 'gcp:iam/workloadIdentityPool:WorkloadIdentityPool':
      return { name: `projects/${FAKE_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}` };
    case 'gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider':
      return { name: `projects/${FAKE_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}` };
    case 'gcp:projects/iAMCustomRole:IAMCustomRole':
      return { name: `projects/${inputs.project}/roles/${inputs.roleId}` };
    default:
      return {};
  }
}

export interface MockRun {
  registrations: Registration[];
  /** Resolved values of the program module's exports. */
  outputs: Record<string, unknown>;
}

/**
 * Tests have no network, so a stack whose config does not choose a model source gets the offline fixture
 * (`model.source: fixture`) instead of the default `real` download. A config that sets `model` keeps its choice.
 */
export function withOfflineModel(config: Record<string, string>): Record<string, string> {
  const key = `${PROJECT_NAME}:model`;
  // Only stack configs (they have `environment`); other programs under mocks (bootstrap/) have their own schema.
  const isStackConfig = `${PROJECT_NAME}:environment` in config;
  return !isStackConfig || key in config ? config : { ...config, [key]: JSON.stringify({ source: 'fixture' }) };
}

export interface MockOptions {
  stack: string;
  config: Record<string, string>;
  /** Sets pulumi.runtime.isDryRun() explicitly. */
  preview?: boolean;
  /** What the engine answers for a registration; default: a new resource with computedState (see mockResource). */
  newResource?: (args: pulumi.runtime.MockResourceArgs) => { id: string | undefined; state: Record<string, any> };
}

/** The engine's answer for a created resource: its id (a dynamic Vertex model's id is its versioned name) and state. */
export function mockResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
  const state = { ...args.inputs, ...computedState(args.type, args.inputs) };
  const id = args.type === TYPES.MODEL ? state.versionName : `${args.name}-id`;
  return { id: args.custom ? id : undefined, state };
}

/** Sets config + mocks and starts recording registrations into the returned array. */
export async function installMocks(opts: MockOptions): Promise<Registration[]> {
  const byKey = new Map<string, Registration>();
  const registrations: Registration[] = [];
  pulumi.runtime.setAllConfig(withOfflineModel(opts.config));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const entry = byKey.get(`${args.type}::${args.name}`);
        if (entry) entry.inputs = args.inputs;
        return (opts.newResource ?? mockResource)(args);
      },
      call: () => ({}),
    },
    PROJECT_NAME,
    opts.stack,
    opts.preview ?? false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: any) => unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    const entry: Registration = {
      type: req.getType(),
      name: req.getName(),
      urn: '',
      custom: req.getCustom(),
      protect: req.getProtect() === true,
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      inputs: {},
    };
    byKey.set(`${entry.type}::${entry.name}`, entry);
    registrations.push(entry);
    return register(req, (err: unknown, resp: any) => {
      if (resp) entry.urn = resp.getUrn();
      callback(err, resp);
    });
  };
  return registrations;
}

/**
 * Installs mocks, evaluates the program via `load` (a fresh `require`/`import()`; a program exported as a
 * function is called), then waits for every registration and resolves the exported outputs.
 */
export async function runUnderMocks(opts: MockOptions & { load: () => Promise<unknown> }): Promise<MockRun> {
  const registrations = await installMocks(opts);
  const loaded = await opts.load();
  // The program is `export = async () => outputs` (as Pulumi runs it): call it like the Pulumi runtime does.
  const module = (typeof loaded === 'function' ? await (loaded as () => Promise<unknown>)() : loaded) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(module)) {
    if (key === 'default' || key === '__esModule') continue;
    // In a preview an output may be unknown, and apply never runs on it: read it with unknowns kept instead.
    const output = pulumi.output(value) as unknown as pulumi.Output<unknown> & { promise(withUnknowns?: boolean): Promise<unknown> };
    outputs[key] = opts.preview ? await output.promise(true) : await new Promise((resolve) => output.apply(resolve));
  }
  await pulumi.runtime.disconnect();
  return { registrations, outputs };
}

export function ofType(run: MockRun, type: string): Registration[] {
  return run.registrations.filter((r) => r.type === type);
}

export function one(run: MockRun, type: string, name?: string): Registration {
  const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0]!;
}
