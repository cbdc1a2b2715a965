// The one place Vertex AI clients are made. Providers, the local runner and tests all come through here, so pointing
// at the emulator is configuration (VERTEX_EMULATOR_HOST), never a separate code path.
//
// Clients are built inside provider methods, never captured by a serialized provider: a gRPC client cannot be
// serialized (pulumi#13960) and would carry credentials into state. Credentials come from ADC at call time.
import type { v1 } from '@google-cloud/aiplatform';

export type JobServiceClient = InstanceType<typeof v1.JobServiceClient>;
export type ModelServiceClient = InstanceType<typeof v1.ModelServiceClient>;
export type VertexClientOptions = NonNullable<ConstructorParameters<typeof v1.JobServiceClient>[0]>;

export interface VertexClients {
  jobs: JobServiceClient;
  models: ModelServiceClient;
  close(): Promise<void>;
}

/** Parses VERTEX_EMULATOR_HOST (`host:port`, as the contract says); undefined when unset. */
export function emulatorTarget(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } | undefined {
  const raw = env.VERTEX_EMULATOR_HOST?.trim();
  if (!raw) return undefined;
  const match = /^(?:https?:\/\/)?([^:/]+):(\d+)\/?$/.exec(raw);
  if (!match) {
    throw new Error(`VERTEX_EMULATOR_HOST is "${raw}"; expected host:port, e.g. 127.0.0.1:8085`);
  }
  return { host: match[1], port: Number(match[2]) };
}

/** Client options for a region: the regional endpoint Vertex requires, or the emulator when configured. */
export function clientOptions(region: string, env: NodeJS.ProcessEnv = process.env): VertexClientOptions {
  const emulator = emulatorTarget(env);
  if (emulator) {
    // Loaded lazily: grpc-js is only needed for the insecure channel of the emulator.
    const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
    return {
      apiEndpoint: emulator.host,
      port: emulator.port,
      sslCreds: grpc.credentials.createInsecure(),
      // The emulator answers for the public universe; without this gax would derive it from the endpoint.
      universeDomain: 'googleapis.com',
    };
  }
  // Vertex resources live behind regional endpoints; the global one rejects location-scoped calls.
  return { apiEndpoint: `${region}-aiplatform.googleapis.com` };
}

/**
 * google-gax retries GetOperation on UNAVAILABLE / DEADLINE_EXCEEDED by itself for up to 10 minutes
 * (google-gax/build/src/operations_client_config.json), silently and on the wall clock. The providers ride out
 * outages themselves (./outage.ts: logged, on the injected clock, within one budget), so that hidden layer is
 * switched off: it would stretch the budget unseen and hide every re-read from the log.
 */
export const OPERATIONS_CLIENT_CONFIG = {
  interfaces: {
    'google.longrunning.Operations': { retry_codes: { provider_retries: [] }, methods: { GetOperation: { retry_codes_name: 'provider_retries' } } },
  },
};

export function createVertexClients(region: string, env: NodeJS.ProcessEnv = process.env): VertexClients {
  // Required here, not at module top, so that loading this module (e.g. by a serialized provider) stays cheap.
  const { v1 } = require('@google-cloud/aiplatform') as typeof import('@google-cloud/aiplatform');
  const options = { ...clientOptions(region, env), clientConfig: OPERATIONS_CLIENT_CONFIG };
  const jobs = new v1.JobServiceClient(options);
  const models = new v1.ModelServiceClient(options);
  return {
    jobs,
    models,
    async close() {
      await Promise.all([jobs.close(), models.close()]);
    },
  };
}
