// The pack as the Pulumi engine runs it: policy/index.ts started as the analyzer plugin process (it prints its
// port), then asked over the real analyzer gRPC protocol for its policies and to analyze resources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';

// Generated stubs shipped with @pulumi/pulumi (no .proto files ship), with the google-protobuf copy they load
// (nested under @pulumi/pulumi; the stubs check message classes with instanceof).
const analyzerPb = require('@pulumi/pulumi/proto/analyzer_pb');
const { AnalyzerClient } = require('@pulumi/pulumi/proto/analyzer_grpc_pb');
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [require.resolve('@pulumi/pulumi/proto/analyzer_pb')] }));
const { Struct } = fromPulumi('google-protobuf/google/protobuf/struct_pb');
const { Empty } = fromPulumi('google-protobuf/google/protobuf/empty_pb');

const ROOT = join(__dirname, '..', '..');
let plugin: ChildProcess;
let client: any;

before(async () => {
  plugin = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'policy/index.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    plugin.once('exit', (code) => reject(new Error(`policy pack exited with ${code}`)));
    plugin.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim().split('\n')[0]!));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

after(() => {
  client?.close();
  plugin?.kill('SIGTERM');
});

const call = <T>(method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

/** `stack`: the stack the resource belongs to, in its URN (the pack takes the environment from it). */
async function analyze(type: string, properties: Record<string, unknown>, protect = false, stack = 'prod'): Promise<{ policy: string; message: string }[]> {
  const request = new analyzerPb.AnalyzeRequest();
  request.setType(type);
  request.setName('r');
  request.setUrn(`urn:pulumi:${stack}::vertex-embeddings::${type}::r`);
  request.setProperties(Struct.fromJavaScript(properties));
  const options = new analyzerPb.AnalyzerResourceOptions();
  options.setProtect(protect);
  request.setOptions(options);
  const response = await call<any>('analyze', request);
  return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage() }));
}

const JOB = 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob';
const prodLabels = { app: 'vertex-embeddings', environment: 'prod', 'managed-by': 'pulumi' };
const goodBucket = { uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', forceDestroy: false, versioning: { enabled: true }, labels: prodLabels };

describe('policy pack served to the engine', () => {
  it('announces the eight rules, all mandatory', async () => {
    const info = await call<any>('getAnalyzerInfo', new Empty());
    assert.equal(info.getName(), 'vertex-embeddings-guardrails');
    const policies = info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]);
    assert.deepEqual(policies.map(([name]: [string]) => name).sort(), [
      'batch-job-completion-timeout',
      'batch-job-hardware-limits',
      'bucket-no-public-members',
      'bucket-public-access-prevention',
      'bucket-uniform-access',
      'labels-present',
      'no-project-admin-roles',
      'prod-bucket-protected',
    ]);
    const MANDATORY = analyzerPb.EnforcementLevel.MANDATORY;
    assert.ok(policies.every(([, level]: [string, number]) => level === MANDATORY));
  });

  it('passes a compliant protected prod bucket', async () => {
    assert.deepEqual(await analyze('gcp:storage/bucket:Bucket', goodBucket, true), []);
  });

  it('reports an unprotected prod bucket without UBLA', async () => {
    const found = await analyze('gcp:storage/bucket:Bucket', { ...goodBucket, uniformBucketLevelAccess: false }, false);
    assert.deepEqual(found.map((d) => d.policy).sort(), ['bucket-uniform-access', 'prod-bucket-protected']);
    assert.ok(found.some((d) => d.message.includes('uniformBucketLevelAccess: false; allowed: true')), JSON.stringify(found));
  });

  it('reports a GPU-heavy batch job with a 30-day timeout (dynamic resource type token)', async () => {
    const job = { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 8, startingReplicaCount: 1, labels: prodLabels, completionTimeoutSeconds: 30 * 24 * 3600 };
    const found = await analyze('pulumi-nodejs:dynamic/vertex:BatchPredictionJob', job);
    assert.deepEqual([...new Set(found.map((d) => d.policy))].sort(), ['batch-job-completion-timeout', 'batch-job-hardware-limits']);
  });

  // issue 17: the environment comes from the stack name, not from a label anyone can set.
  it('treats a prod-stack bucket labelled dev as prod, and a dev-stack job labelled prod as dev', async () => {
    const relabelled = { ...goodBucket, labels: { ...prodLabels, environment: 'dev' } };
    assert.deepEqual((await analyze('gcp:storage/bucket:Bucket', relabelled, false)).map((d) => d.policy), ['prod-bucket-protected']);
    const fourGpus = { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 4, startingReplicaCount: 1, maxReplicaCount: 1, labels: prodLabels };
    assert.deepEqual(await analyze(JOB, fourGpus, false, 'prod'), []);
    const inDev = await analyze(JOB, fourGpus, false, 'dev');
    assert.ok(inDev.some((d) => d.policy === 'batch-job-hardware-limits' && /allowed in dev: at most 1/.test(d.message)), JSON.stringify(inDev));
  });

  it('checks the replica ceiling a job may scale to (maxReplicaCount)', async () => {
    const job = { machineType: 'n1-standard-4', startingReplicaCount: 1, maxReplicaCount: 8, labels: { ...prodLabels, environment: 'dev' } };
    const found = await analyze(JOB, job, false, 'dev');
    assert.deepEqual(found.map((d) => d.message.split('\n').at(-1)), ['maxReplicaCount: 8; allowed in dev: at most 2 replicas']);
  });

  it('refuses project-level token creator, service account user, storage and custom roles, and folder/org grants', async () => {
    const member = 'serviceAccount:x@p.iam.gserviceaccount.com';
    for (const role of ['roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser', 'roles/storage.objectViewer', 'projects/p/roles/custom']) {
      const found = await analyze('gcp:projects/iAMMember:IAMMember', { project: 'p', role, member });
      assert.deepEqual(found.map((d) => d.policy), ['no-project-admin-roles'], role);
    }
    for (const type of ['gcp:folder/iAMMember:IAMMember', 'gcp:organizations/iAMMember:IAMMember']) {
      const found = await analyze(type, { role: 'roles/viewer', member });
      assert.deepEqual(found.map((d) => d.policy), ['no-project-admin-roles'], type);
    }
  });

  it('refuses public object ACLs, default object ACLs, managed-folder IAM, domain members and whole pools', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['gcp:storage/objectACL:ObjectACL', { bucket: 'b', object: 'o', roleEntities: ['READER:allUsers'] }],
      ['gcp:storage/defaultObjectACL:DefaultObjectACL', { bucket: 'b', roleEntities: ['READER:allAuthenticatedUsers'] }],
      ['gcp:storage/managedFolderIamMember:ManagedFolderIamMember', { bucket: 'b', managedFolder: 'f/', role: 'roles/storage.objectViewer', member: 'allUsers' }],
      ['gcp:storage/bucketIAMMember:BucketIAMMember', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'domain:example.com' }],
      ['gcp:storage/bucketIAMMember:BucketIAMMember', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/github/*' }],
    ];
    for (const [type, props] of cases) {
      assert.deepEqual((await analyze(type, props)).map((d) => d.policy), ['bucket-no-public-members'], `${type} ${JSON.stringify(props)}`);
    }
  });
});
