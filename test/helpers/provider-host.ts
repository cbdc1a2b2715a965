// Drives @pulumi/pulumi's real dynamic-provider host (cmd/dynamic-provider) over its ResourceProvider gRPC
// interface, the way the Pulumi engine does: every properties object carries `__provider`, made exactly as the SDK
// makes it (`serializeFunction(() => provider, { allowSecrets: true }).text`).
//
// The host runs with cwd = the project root (as under `pulumi up`, where serialized providers resolve modules from
// there) and, by default, `--import tsx`, because in tests the provider modules are the .ts sources rather than
// bin/*.js; `typescript: false` runs it exactly as `pulumi up` does, for compiled providers.
// The gRPC stubs, @grpc/grpc-js and google-protobuf are loaded from @pulumi/pulumi's own dependency tree: the stubs
// check `instanceof` against those copies.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type * as pulumi from '@pulumi/pulumi';

const ROOT = join(__dirname, '..', '..');
const pulumiDir = dirname(require.resolve('@pulumi/pulumi/package.json'));
const fromPulumi = createRequire(join(pulumiDir, 'package.json'));
const grpc = fromPulumi('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
const { Struct } = fromPulumi('google-protobuf/google/protobuf/struct_pb');
const providerPb = fromPulumi('./proto/provider_pb');
const { ResourceProviderClient } = fromPulumi('./proto/provider_grpc_pb');
const statusPb = fromPulumi('./proto/status_pb');

type Props = Record<string, unknown>;

/** The `__provider` text, as @pulumi/pulumi's dynamic.Resource computes it. */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const { serializeFunction } = require('@pulumi/pulumi/runtime/closure/serializeClosure') as typeof import('@pulumi/pulumi/runtime/closure/serializeClosure');
  return (await serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** What a failed Create/Update carried in `grpc-status-details-bin` (ErrorResourceInitFailed), if anything. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

export class HostError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
  }
}

export interface ProviderHost {
  /** Lines the host wrote to stdout/stderr after its port (pulumi.log output lands here without an engine). */
  output: string[];
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: 'none' | 'some' | 'unknown'; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(properties: Props): Promise<{ id: string; properties: Props }>;
  read(id: string, properties: Props): Promise<{ id: string; properties: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(id: string, properties: Props): Promise<void>;
  close(): Promise<void>;
}

const struct = (value: Props) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

function initFailureOf(error: { metadata?: { get(key: string): unknown[] } }): InitFailure | undefined {
  const raw = error.metadata?.get('grpc-status-details-bin')?.[0];
  if (!raw) return undefined;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(raw as Buffer));
  for (const detail of status.getDetailsList()) {
    const failed = detail.unpack(providerPb.ErrorResourceInitFailed.deserializeBinary, 'pulumirpc.ErrorResourceInitFailed');
    if (failed) return { id: failed.getId(), properties: failed.getProperties()?.toJavaScript() ?? {}, reasons: failed.getReasonsList() };
  }
  return undefined;
}

export interface HostOptions {
  /** Working directory of the host = the project root the serialized providers resolve from (default: this repo). */
  cwd?: string;
  /** Load tsx so .ts provider modules resolve (default true); false runs the host exactly as `pulumi up` does. */
  typescript?: boolean;
}

export async function startProviderHost(env: Record<string, string>, options: HostOptions = {}): Promise<ProviderHost> {
  const loader = options.typescript === false ? [] : ['--import', 'tsx'];
  const host: ChildProcess = spawn(
    process.execPath,
    [...loader, join(pulumiDir, 'cmd', 'dynamic-provider', 'index.js'), '127.0.0.1:1' /* engine address: never dialled */],
    { cwd: options.cwd ?? ROOT, env: { ...process.env, METADATA_SERVER_DETECTION: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  host.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
  const lines = createInterface({ input: host.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    host.once('exit', (code) => reject(new Error(`provider host exited (${code}) before listening: ${output.join('\n')}`)));
    lines.once('line', resolve);
  });
  lines.on('line', (line) => output.push(line));
  const client = new ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());

  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](request, (error: (Error & { code: number; details: string; metadata?: never }) | null, response: T) => {
        if (error) reject(new HostError(error.details ?? error.message, error.code, initFailureOf(error)));
        else resolve(response);
      }),
    );

  return {
    output,
    async check(olds, news) {
      const request = new providerPb.CheckRequest().setOlds(struct(olds)).setNews(struct(news));
      const response = await call<any>('check', request);
      return {
        inputs: response.getInputs()?.toJavaScript() ?? {},
        failures: response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(id, olds, news) {
      const request = new providerPb.DiffRequest().setId(id).setOlds(struct(olds)).setNews(struct(news));
      const response = await call<any>('diff', request);
      const changes = { 0: 'unknown', 1: 'none', 2: 'some' }[response.getChanges() as 0 | 1 | 2] as 'none' | 'some' | 'unknown';
      return { changes, replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
    },
    async create(properties) {
      const response = await call<any>('create', new providerPb.CreateRequest().setProperties(struct(properties)));
      return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async read(id, properties) {
      const response = await call<any>('read', new providerPb.ReadRequest().setId(id).setProperties(struct(properties)));
      return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async update(id, olds, news) {
      const response = await call<any>('update', new providerPb.UpdateRequest().setId(id).setOlds(struct(olds)).setNews(struct(news)));
      return { properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async delete(id, properties) {
      await call('delete', new providerPb.DeleteRequest().setId(id).setProperties(struct(properties)));
    },
    async close() {
      client.close();
      if (host.exitCode === null) {
        const exited = new Promise((resolve) => host.once('exit', resolve));
        host.kill('SIGTERM');
        await exited;
      }
    },
  };
}
