// What a provider needs from the outside world, injected so tests can pass the emulator's ManualClock, collect
// progress lines and count calls. The defaults are built inside the provider process at call time: nothing here is
// captured by the serialized provider (pulumi#13960: clients and credentials must not be serialized).
import { createVertexClients, type VertexClients } from './client';
import { isNotFound } from './errors';
import type { IamPropagationPolicy } from './iam-propagation';
import type { OutageOptions } from './outage';
import { type Backoff, type Clock, POLL_BACKOFF, RETRY_BACKOFF, systemClock } from './wait';

export interface ProviderDeps {
  clock: Clock;
  clients: (region: string) => VertexClients;
  /** Progress lines ("job X: JOB_STATE_RUNNING after 5m00s"). */
  log: (message: string) => void;
  pollBackoff: Backoff;
  retryBackoff: Backoff;
  /** How long reads (polls, lists, operation re-reads) may keep failing before giving up (default OUTAGE_BUDGET_MS). */
  outageBudgetMs?: number;
  /** How long the create calls wait out PERMISSION_DENIED right after the IAM grants (default IAM_PROPAGATION). */
  iamPropagation?: IamPropagationPolicy;
}

function pulumiLog(message: string): void {
  // pulumi.log from a dynamic provider may not reach the CLI (pulumi#18249), so every failure also carries its
  // details in the error message; these lines are progress only, marked ephemeral.
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  void pulumi.log.info(message, undefined, undefined, true);
}

export function defaultDeps(overrides: Partial<ProviderDeps> = {}): ProviderDeps {
  return {
    clock: systemClock,
    clients: (region) => createVertexClients(region),
    log: pulumiLog,
    pollBackoff: POLL_BACKOFF,
    retryBackoff: RETRY_BACKOFF,
    ...overrides,
  };
}

/** How a provider's reads ride out an outage (./outage.ts): on the poll backoff, within the outage budget. */
export function outageOptions(deps: ProviderDeps, what: string): OutageOptions {
  return { clock: deps.clock, log: deps.log, what, backoff: deps.pollBackoff, budgetMs: deps.outageBudgetMs };
}

/** Runs `body` with fresh clients for the region and always closes them (no channel outlives a provider call). */
export async function withClients<T>(deps: ProviderDeps, region: string, body: (clients: VertexClients) => Promise<T>): Promise<T> {
  const clients = deps.clients(region);
  try {
    return await body(clients);
  } finally {
    await clients.close();
  }
}

/**
 * The read of a dynamic provider: fetch the live resource and map it to state; NOT_FOUND (deleted out of band)
 * answers an empty id, which tells Pulumi the resource is gone.
 */
export async function readOrGone<T>(
  deps: ProviderDeps,
  id: string,
  props: { region?: string } | undefined,
  fetch: (clients: VertexClients, region: string) => Promise<T>,
): Promise<{ id: string; props: T }> {
  const region = props?.region;
  if (!region) throw new Error(`read ${id}: the stored state has no region; cannot reach Vertex AI`);
  return withClients(deps, region, async (clients) => {
    try {
      return { id, props: await fetch(clients, region) };
    } catch (error) {
      if (isNotFound(error)) return { id: '', props: {} as T };
      throw error;
    }
  });
}
