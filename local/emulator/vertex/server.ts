/**
 * A local Vertex AI (v1) emulator over gRPC: ModelService, JobService (batch prediction) and
 * google.longrunning.Operations, built from the protos shipped with @google-cloud/aiplatform, so the real
 * clients talk to it unchanged (`apiEndpoint: '127.0.0.1', port, sslCreds: grpc.credentials.createInsecure()`).
 * Every RPC is recorded; faults are injected through `faults`; job time comes from the injected clock.
 */
import * as grpc from '@grpc/grpc-js';
import { type Clock, SystemClock } from '../clock';
import { RpcError } from './errors';
import { FaultInjector } from './faults';
import { JobRegistry } from './job-service';
import { ModelRegistry } from './model-service';
import { OperationStore } from './operations';
import { vertexServices } from './proto';
import type { JobExecutor, JobPhaseMs, RecordedCall } from './types';

export type { BatchPredictionJobMessage, JobExecutor, JobOutcome, JobPhaseMs, JobRunContext, JobRunResult, ModelMessage, RecordedCall } from './types';
export { FaultInjector } from './faults';

/** Short enough that `npm start` on the system clock does not drag, long enough to see each state. */
export const DEFAULT_JOB_PHASE_MS: Required<JobPhaseMs> = { queued: 100, pending: 200, running: 500, cancelling: 100 };

export interface VertexEmulatorOptions {
  clock?: Clock;
  executor?: JobExecutor;
  jobPhaseMs?: JobPhaseMs;
  /** File names directly inside a gs:// folder; lets UploadModel check the SavedModel folder (see gcs-artifacts.ts). */
  artifactFiles?: (artifactUri: string) => Promise<string[]>;
}

export interface VertexEmulator {
  /** `127.0.0.1:PORT`, the value for VERTEX_EMULATOR_HOST. */
  host: string;
  port: number;
  close(): Promise<void>;
  calls: RecordedCall[];
  faults: FaultInjector;
  clock: Clock;
  /** Forgets all models, jobs, operations, recorded calls and pending faults. */
  reset(): void;
  /** Scenario: an Endpoint serves this model version (`name@id`), so Vertex refuses to delete it (proto). */
  deployToEndpoint(versionName: string, endpoint: string): void;
}

type Handler = (request: never) => unknown;

function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof RpcError) return { code: error.code, details: error.message, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: `emulator error: ${message}`, message };
}

export async function startVertexEmulator(opts: VertexEmulatorOptions = {}): Promise<VertexEmulator> {
  const clock = opts.clock ?? new SystemClock();
  const phases = { ...DEFAULT_JOB_PHASE_MS, ...opts.jobPhaseMs };
  const calls: RecordedCall[] = [];
  const operations = new OperationStore();

  const handlersByService: Record<keyof ReturnType<typeof vertexServices>, Record<string, Handler>> = {
    modelService: {},
    jobService: {},
    operations: {},
  };
  const knownMethods = new Set<string>();
  const faults = new FaultInjector(knownMethods, () => clock.now());
  const models = new ModelRegistry(operations, () => clock.now(), {
    operationFailure: (method) => faults.takeOperationFailure(method),
    consumeDeleteNotFound: () => faults.takeDeleteNotFound('model'),
    artifactFiles: opts.artifactFiles,
  });
  // A job needs its model (same location, supported formats).
  const jobRegistry = new JobRegistry(operations, (name, field) => models.resolve(name, field), faults, clock, phases, opts.executor);

  handlersByService.modelService = {
    UploadModel: (r) => models.UploadModel(r),
    GetModel: (r) => models.GetModel(r),
    ListModels: (r) => models.ListModels(r),
    ListModelVersions: (r) => models.ListModelVersions(r),
    UpdateModel: (r) => models.UpdateModel(r),
    DeleteModel: (r) => models.DeleteModel(r),
    DeleteModelVersion: (r) => models.DeleteModelVersion(r),
    MergeVersionAliases: (r) => models.MergeVersionAliases(r),
  };
  handlersByService.jobService = {
    CreateBatchPredictionJob: (r) => jobRegistry.CreateBatchPredictionJob(r),
    GetBatchPredictionJob: (r) => jobRegistry.GetBatchPredictionJob(r),
    ListBatchPredictionJobs: (r) => jobRegistry.ListBatchPredictionJobs(r),
    CancelBatchPredictionJob: (r) => jobRegistry.CancelBatchPredictionJob(r),
    DeleteBatchPredictionJob: (r) => jobRegistry.DeleteBatchPredictionJob(r),
  };
  handlersByService.operations = {
    GetOperation: (r: { name?: string }) => operations.get(r.name ?? ''),
    DeleteOperation: (r: { name?: string }) => {
      operations.delete(r.name ?? '');
      return {};
    },
  };

  const unary =
    (method: string, handler: Handler): grpc.handleUnaryCall<unknown, unknown> =>
    (call, callback) => {
      calls.push({ method, request: structuredClone(call.request), at: clock.now() });
      const injected = faults.takeFailure(method);
      if (injected) return callback(toServiceError(injected));
      // A handler may answer at once or later (UploadModel reads the artifact folder first).
      Promise.resolve()
        .then(() => handler(call.request as never))
        .then(
          (response) => {
            if (faults.takeDrop(method)) {
              return callback({ code: grpc.status.UNAVAILABLE, details: `connection lost after ${method} took effect (injected)` });
            }
            callback(null, response);
          },
          (error) => callback(toServiceError(error)),
        );
    };

  const server = new grpc.Server();
  const services = vertexServices();
  for (const key of Object.keys(handlersByService) as (keyof typeof handlersByService)[]) {
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [method, handler] of Object.entries(handlersByService[key])) {
      knownMethods.add(method);
      implementation[method] = unary(method, handler);
    }
    server.addService(services[key], implementation);
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );

  return {
    host: `127.0.0.1:${port}`,
    port,
    calls,
    faults,
    clock,
    deployToEndpoint: (versionName, endpoint) => models.markDeployed(versionName, endpoint),
    reset() {
      calls.length = 0;
      faults.reset();
      operations.clear();
      models.clear();
      jobRegistry.clear();
    },
    async close() {
      jobRegistry.clear();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
