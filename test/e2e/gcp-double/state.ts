// What the double keeps outside the GCS emulator: service accounts, enabled services, service agents and IAM
// grants, in one JSON file ($GCP_DOUBLE_STATE) that outlives the plugin process (the engine starts a new one per
// command) and that the e2e tests read to see what exists. Every access reads and writes the whole file
// synchronously, so calls the engine makes in parallel never interleave.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type Kind = 'services' | 'accounts' | 'serviceAgents' | 'bucketIam' | 'projectIam';
export type Record_ = Record<string, unknown>;
export type DoubleState = Record<Kind, Record<string, Record_>> & {
  /** Every delete, in order, so a test can check the engine deleted in dependency order. */
  deleted: { at: number; what: string }[];
};

const EMPTY: DoubleState = { services: {}, accounts: {}, serviceAgents: {}, bucketIam: {}, projectIam: {}, deleted: [] };

export function stateFile(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.GCP_DOUBLE_STATE;
  if (!file) throw new Error('GCP_DOUBLE_STATE is not set: the gcp test double needs a file for its state');
  return file;
}

export function readState(file = stateFile()): DoubleState {
  return existsSync(file) ? { ...EMPTY, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<DoubleState>) } : structuredClone(EMPTY);
}

/** Applies `change` to the state file and returns what it returned. */
export function withState<T>(change: (state: DoubleState) => T): T {
  const file = stateFile();
  const state = readState(file);
  const result = change(state);
  writeFileSync(file, JSON.stringify(state, null, 2));
  return result;
}
