// Config keys that decide identity and environment: the labels the policy pack and cost reports read cannot be
// overridden by configured labels, and jobServiceAccount names an account of the stack's own project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseStackConfig } from '../../infra/config';

const PROD = { 'gcp:project': 'my-proj-123', 'gcp:region': 'us-central1', environment: 'prod' } as const;

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(raw, 'prod');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test('labels.environment cannot relabel a prod stack as dev (nor app, stack, managed-by be overridden)', () => {
  assert.deepEqual(problemsOf({ ...PROD, labels: { environment: 'dev', team: 'ml' } }), [
    'labels.environment: "dev" is set by the stack itself; allowed: any other label key (not app, environment, stack, managed-by)',
  ]);
  assert.equal(problemsOf({ ...PROD, labels: { 'managed-by': 'hand' } }).length, 1);
  assert.equal(parseStackConfig({ ...PROD, labels: { team: 'ml' } }, 'prod').labels.environment, 'prod');
});

test('jobServiceAccount: an account email of gcp:project; absent by default', () => {
  assert.equal(parseStackConfig(PROD, 'prod').jobServiceAccount, undefined);
  const own = 'vertex-jobs-prod@my-proj-123.iam.gserviceaccount.com';
  assert.equal(parseStackConfig({ ...PROD, jobServiceAccount: own }, 'prod').jobServiceAccount, own);
  assert.deepEqual(problemsOf({ ...PROD, jobServiceAccount: 'vertex-jobs-prod@other-proj.iam.gserviceaccount.com' }), [
    'jobServiceAccount: "vertex-jobs-prod@other-proj.iam.gserviceaccount.com" belongs to another project; allowed: an account of gcp:project (…@my-proj-123.iam.gserviceaccount.com)',
  ]);
  assert.match(problemsOf({ ...PROD, jobServiceAccount: 'jobs@example.com' })[0]!, /^jobServiceAccount: "jobs@example\.com" must be a user-managed service account email/);
});
