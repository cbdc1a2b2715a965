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

async function analyze(type: string, properties: Record<string, unknown>, protect = false): Promise<{ policy: string; message: string }[]> {
  const request = new analyzerPb.AnalyzeRequest();
  request.setType(type);
  request.setName('r');
  request.setUrn(`urn:pulumi:prod::vertex-embeddings::${type}::r`);
  request.setProperties(Struct.fromJavaScript(properties));
  const options = new analyzerPb.AnalyzerResourceOptions();
  options.setProtect(protect);
  request.setOptions(options);
  const response = await call<any>('analyze', request);
  return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage() }));
}

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
});
