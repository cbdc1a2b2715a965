// Test fixture: the Vertex emulator on a ManualClock, and the providers wired to it through the product's own
// client factory (VERTEX_EMULATOR_HOST, as configuration), with progress lines collected and jitter pinned.
import { after, afterEach, before } from 'node:test';
import { ManualClock } from '../../../local/emulator/clock';
import { startVertexEmulator, type VertexEmulator } from '../../../local/emulator/vertex/server';
import type { BatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { BatchJobProvider } from '../../../infra/vertex/batch-job-provider';
import { createVertexClients } from '../../../infra/vertex/client';
import { ModelProvider, type VertexModelInputs } from '../../../infra/vertex/model-provider';
import { IAM_PROPAGATION } from '../../../infra/vertex/iam-propagation';
import type { ProviderDeps } from '../../../infra/vertex/provider-deps';
import { POLL_BACKOFF, RETRY_BACKOFF } from '../../../infra/vertex/wait';

export const PROJECT = 'test-project';
export const REGION = 'us-central1';
export const START = Date.UTC(2026, 0, 1);

export interface Fixture {
  emulator: VertexEmulator;
  clock: ManualClock;
  logs: string[];
  deps: ProviderDeps;
  jobs: BatchJobProvider;
  models: ModelProvider;
  /** Registers a model through the model provider; returns its versioned name. */
  registerModel(overrides?: Partial<VertexModelInputs>): Promise<string>;
  /** RPC method names the emulator received, in order. */
  methods(): string[];
  count(method: string): number;
  close(): Promise<void>;
}

export async function startFixture(jobPhaseMs = { queued: 10_000, pending: 20_000, running: 30_000 }): Promise<Fixture> {
  const clock = new ManualClock(START);
  const emulator = await startVertexEmulator({ clock, jobPhaseMs });
  const logs: string[] = [];
  // random = 0.5 puts every jittered delay exactly on the backoff curve, so poll counts are exact.
  const deps: ProviderDeps = {
    clock,
    clients: (region) => createVertexClients(region, { VERTEX_EMULATOR_HOST: emulator.host }),
    log: (line) => logs.push(line),
    pollBackoff: { ...POLL_BACKOFF, random: () => 0.5 },
    retryBackoff: { ...RETRY_BACKOFF, random: () => 0.5 },
  };
  const models = new ModelProvider(deps);
  return {
    emulator,
    clock,
    logs,
    deps,
    jobs: new BatchJobProvider(deps),
    models,
    async registerModel(overrides = {}) {
      const { outs } = await models.create(modelInputs(overrides));
      return outs!.versionName;
    },
    methods: () => emulator.calls.map((call) => call.method),
    count: (method) => emulator.calls.filter((call) => call.method === method).length,
    close: () => emulator.close(),
  };
}

export function modelInputs(overrides: Partial<VertexModelInputs> = {}): VertexModelInputs {
  return {
    providerVersion: 'test',
    project: PROJECT,
    region: REGION,
    displayName: 'use-lite',
    artifactUri: 'gs://test-bucket/models/use-lite',
    imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest',
    labels: { app: 'embeddings' },
    ...overrides,
  };
}

/** The notebook's first job (JSONL of quoted sentences), as plain provider inputs. */
export function jobInputs(model: string, overrides: Partial<BatchJobInputs> = {}): BatchJobInputs {
  return {
    providerVersion: 'test',
    resourceKey: 'urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:BatchPredictionJob::sentences',
    project: PROJECT,
    region: REGION,
    displayName: 'embed-sentences',
    model,
    servingImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest',
    instancesFormat: 'jsonl',
    predictionsFormat: 'jsonl',
    gcsSourceUris: ['gs://test-bucket/batch/test.jsonl'],
    gcsDestinationPrefix: 'gs://test-bucket/predictions',
    machineType: 'n1-standard-4',
    startingReplicaCount: 1,
    maxReplicaCount: 1,
    ...overrides,
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { id?: string; properties?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure, the call succeeded');
}

/**
 * Suite hooks: one emulator + a registered model for the whole describe block; faults and progress lines are
 * cleared after each test. Read `ctx.f` / `ctx.model` inside tests.
 */
export function useFixture(modelOverrides: Partial<VertexModelInputs> = {}): { f: Fixture; model: string } {
  const ctx = {} as { f: Fixture; model: string };
  before(async () => {
    ctx.f = await startFixture();
    ctx.model = await ctx.f.registerModel(modelOverrides);
  });
  after(() => ctx.f.close());
  afterEach(() => {
    ctx.f.emulator.faults.reset();
    ctx.f.logs.length = 0;
  });
  return ctx;
}

/**
 * Providers on the fixture whose IAM propagation waits are pinned (random = 0.5): exactly 5, 10, 20, 30, 30 s
 * (95 s in all); the next 30 s would pass the 2-minute window.
 */
export function pinnedIamProviders(f: Fixture): { models: ModelProvider; jobs: BatchJobProvider } {
  const deps = { ...f.deps, iamPropagation: { ...IAM_PROPAGATION, backoff: { ...IAM_PROPAGATION.backoff, random: () => 0.5 } } };
  return { models: new ModelProvider(deps), jobs: new BatchJobProvider(deps) };
}
